"""What the clue routes answer: a 案源线索 with its 立案 clock (S-1), and the clue list (never with the reporter)."""

from datetime import date

from pydantic import ConfigDict, Field

from case_intake.api.examples import CLUE_EXAMPLE
from case_intake.api.schemas import Audited, PartyRead
from case_intake.application.clues import Reporter
from case_intake.domain.model import Extension, Pause
from case_intake.domain.vocabulary import ClueSource, ClueStatus, NotFilingGround
from platform_events import Instant
from platform_runtime.api_schemas import Page, Read
from platform_runtime.clock_schemas import ClockRead


class ClueRead(Audited):
    """One clue. `reporter` is present only for a caller cleared for it, and that read is audited (K-7); for any
    other caller the field is absent, not masked."""

    model_config = ConfigDict(json_schema_extra={"examples": [CLUE_EXAMPLE]})

    id: str
    source: ClueSource = Field(description="线索来源")
    source_ref: str | None = Field(description="来源编号，如 12345 工单标识")
    received_at: Instant = Field(description="发现或收到的时间：立案审查期限自次日起算 (S-1)")
    department_code: str = Field(description="办案机关")
    matter_code: str | None = Field(description="涉及的执法事项")
    party: PartyRead | None = Field(description="涉嫌违法的当事人（对无保密权限的调用方，证件号码、电话已脱敏, K-7, P-31）")
    description: str = Field(description="线索内容（对无保密权限的调用方，其中的电话、身份证号、银行卡号已脱敏）")
    act_date: date | None = Field(description="违法行为发生日")
    real_name_reporter: bool = Field(description="实名举报 (K-5)")
    reporter: Reporter | None = Field(None, description="举报人身份（保密, K-7）：仅对有保密权限的调用方出现")
    status: ClueStatus = Field(description="待核查 / 已立案 / 不予立案")
    not_filed_ground: NotFilingGround | None = Field(description="不予立案理由 (S-3)")
    not_filed_reason: str | None = Field(description="不予立案说明（含批准人）")
    decided_on: date | None = Field(description="立案或不予立案的决定日期")
    case_id: str | None = Field(description="立案后的案件")
    pauses: list[Pause] = Field(description="不计入立案期限的检测、检验、鉴定期间 (S-1)")
    extensions: list[Extension] = Field(description="经批准的延长 (S-1)")
    filing_clock: ClockRead | None = Field(description="立案期限 (S-1)")


class ClueRow(Read):
    """A clue as lists show it (never the reporter, K-7); GET /clues/{id} has the whole clue."""

    id: str
    source: ClueSource = Field(description="线索来源")
    source_ref: str | None = Field(description="来源编号")
    received_at: Instant = Field(description="发现或收到的时间")
    department_code: str = Field(description="办案机关")
    matter_code: str | None = Field(description="涉及的执法事项")
    status: ClueStatus = Field(description="待核查 / 已立案 / 不予立案")
    case_id: str | None = Field(description="立案后的案件")
    decided_on: date | None = Field(description="立案或不予立案的决定日期")


class CluePage(Page[ClueRow]):
    pass

