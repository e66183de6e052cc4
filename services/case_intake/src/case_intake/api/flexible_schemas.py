"""What the flexible-enforcement routes answer: a measure with its mediation steps, and the statistics of policy 000."""

from datetime import date

from pydantic import ConfigDict, Field

from case_intake.api.examples import MEASURE_EXAMPLE
from case_intake.api.schemas import Audited
from case_intake.application.flexible import MediationStep
from case_intake.domain.model import Party
from case_intake.domain.vocabulary import FlexibleKind, GuidanceForm, Outcome
from platform_runtime.api_schemas import Page, Read


class MeasureDetails(Read):
    steps: list[MediationStep] = Field(description="行政调解的各步骤：受理、调解、达成协议或终止")
    simple_procedure: bool = Field(description="行政调解简易程序：当场调解、口头协议记录在案")


class MeasureRead(Audited):
    """A flexible enforcement measure (policies 000, 002); a 行政调解 with its steps and 45 WD clock (K-3)."""

    model_config = ConfigDict(json_schema_extra={"examples": [MEASURE_EXAMPLE]})

    id: str
    kind: FlexibleKind = Field(description="措施种类")
    form: GuidanceForm | None = Field(description="行政指导方式（八种）")
    department_code: str = Field(description="采取措施的机关")
    matter_code: str | None = Field(description="执法事项")
    case_id: str | None = Field(description="在案件中采取的，记入该案全过程记录")
    party: Party = Field(description="对象")
    measure_on: date = Field(description="采取措施之日")
    officers: list[str] = Field(description="执法人员 person_no")
    content: str = Field(description="措施内容")
    status: str = Field(description="已记录；行政调解：申请 / 受理 / 不予受理 / 调解中 / 达成协议 / 终止调解")
    outcome: str | None = Field(description="结果、协议内容或终止理由")
    concluded_on: date | None = Field(description="办结之日")
    details: MeasureDetails


class ReportPeriod(Read):
    model_config = ConfigDict(populate_by_name=True)

    year: int
    month: int | None = Field(description="月报的月份；年报为 null")
    from_: date = Field(alias="from", description="起（含）")
    to: date = Field(description="止（不含）")


class MeasureCount(Read):
    kind: FlexibleKind = Field(description="措施种类")
    form: str = Field(description="行政指导方式；其他措施为空串")
    department_code: str
    count: int
    agreed: int = Field(description="达成协议的调解")
    ended: int = Field(description="终止的调解")
    avg_days: float | None = Field(description="行政调解平均用时（日）")


class MeasureStatistics(Read):
    by_kind: dict[str, int] = Field(description="各种类措施数")
    rows: list[MeasureCount] = Field(description="按种类、方式、机关")


class DecisionCount(Read):
    department_code: str
    outcome: Outcome | None = Field(description="处理结果")
    count: int
    avg_days_to_decision: float | None = Field(description="立案至决定平均用时（日）")
    first_offence_exemptions: int = Field(description="首违不罚")


class ListsApplied(Read):
    department_code: str
    list_type: str | None = Field(description="清单类型, e.g. 首违不罚 / 不予处罚 / 减轻处罚")
    cases: int = Field(description="适用该清单的案件数")


class FlexibleEnforcementReport(Read):
    """Monthly or annual statistics of flexible enforcement (policy 000) over the caller's data scope."""

    period: ReportPeriod
    measures: MeasureStatistics
    decisions: list[DecisionCount] = Field(description="决定：按机关、处理结果")
    lists_applied: list[ListsApplied] = Field(description="决定中适用的清单")
    first_offence_exemptions: int = Field(description="首违不罚件数")
    no_penalty_decisions: int = Field(description="不予行政处罚决定数")


class MeasurePage(Page[MeasureRead]):
    """A page of flexible measures, newest first."""
