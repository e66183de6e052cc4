"""The versioned lists a department publishes: 四张清单, 裁量基准 and the other matter lists.

Every kind shares one lifecycle (see `versioning.py`); what differs is the body, declared here.
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from list_management.domain.catalog import Model
from list_management.domain.facts import Circumstance
from platform_events import CodedEnum


class ListKind(CodedEnum):
    leniency_list = "leniency_list", "四张清单"
    benchmark = "benchmark", "裁量基准"
    risk_point_list = "risk_point_list", "违法风险点清单"
    review_matter_list = "review_matter_list", "重大执法决定法制审核目录"
    inspection_matter_list = "inspection_matter_list", "随机抽查事项清单"
    compliance_guidance_list = "compliance_guidance_list", "合规指导清单"


class LeniencyType(CodedEnum):
    """The four lists (lists.types, §10); the names are local labels with statutory anchors."""

    no_penalty = "不予处罚"  # rule Q-1
    first_offence_no_penalty = "首违不罚"  # rule Q-2
    lighter_penalty = "从轻处罚"  # rule Q-4
    mitigated_penalty = "减轻处罚"  # rule Q-4, D-2
    no_coercive_measure = "不予实施行政强制措施"  # rules C-3, Q-5


class LeniencyEntry(Model):
    entry_no: str = Field(description="序号")
    matter_code: str = Field(description="执法事项编码")
    violation: str = Field(min_length=2, description="违法行为")
    conditions: list[Circumstance] = Field(min_length=1, description="适用条件（须同时满足）")
    legal_basis: str = Field(min_length=2, description="法律依据")
    measures: str = Field("", description="配套措施，如责令改正、教育（rule Q-3）")
    rule_ids: list[str] = Field(default_factory=list, description="DOMAIN.md 规则编号")


class LeniencyListBody(Model):
    kind: Literal["leniency_list"] = "leniency_list"
    list_type: LeniencyType
    entries: list[LeniencyEntry] = Field(min_length=1)


class Tier(CodedEnum):
    lighter = "从轻"
    normal = "一般"
    heavier = "从重"
    mitigated = "减轻"


class FineRange(Model):
    """A fine either in yuan or as a multiple of a base amount (违法所得, 货值金额 …) — rule D-1."""

    fine_min: Decimal | None = Field(None, ge=0, description="罚款下限（元）")
    fine_max: Decimal | None = Field(None, ge=0, description="罚款上限（元）")
    multiple_min: Decimal | None = Field(None, ge=0, description="倍数下限")
    multiple_max: Decimal | None = Field(None, ge=0, description="倍数上限")
    multiple_of: str | None = Field(None, description="倍数基数，如 违法所得、货值金额")

    @model_validator(mode="after")
    def _ordered(self) -> "FineRange":
        for low, high in ((self.fine_min, self.fine_max), (self.multiple_min, self.multiple_max)):
            if low is not None and high is not None and low > high:
                raise ValueError("下限不得高于上限 (lower bound above upper bound)")
        if (self.multiple_min is not None or self.multiple_max is not None) and not self.multiple_of:
            raise ValueError("倍数罚款须写明基数 multiple_of")
        return self


class BenchmarkTier(Model):
    tier: Tier
    circumstances: list[Circumstance] = Field(default_factory=list, description="适用情形（满足任一）")
    fine: FineRange = Field(default_factory=FineRange)
    other_measures: str = Field("", description="其他处罚种类，如 警告、没收违法所得")
    description: str = Field("", description="阶次说明")


class BenchmarkBody(Model):
    kind: Literal["benchmark"] = "benchmark"
    matter_code: str
    violation: str = Field(min_length=2, description="违法行为")
    legal_basis: str = Field(min_length=2, description="处罚依据")
    legal_range: FineRange = Field(description="法定罚款幅度")
    tiers: list[BenchmarkTier] = Field(min_length=1)


class RiskGrade(CodedEnum):
    high = "高"
    medium = "中"
    low = "低"


class RiskPoint(Model):
    matter_code: str
    risk: str = Field(min_length=2, description="风险点")
    grade: RiskGrade
    prevention: str = Field("", description="防控措施")


class RiskPointListBody(Model):
    kind: Literal["risk_point_list"] = "risk_point_list"
    points: list[RiskPoint] = Field(min_length=1)


class ReviewThreshold(Model):
    """Fine or confiscation amounts that make a decision 'major' per party type (rule L-5, local)."""

    natural_person_cny: Decimal = Field(ge=0, description="公民")
    organisation_cny: Decimal = Field(ge=0, description="法人或其他组织")


class ReviewMatterListBody(Model):
    kind: Literal["review_matter_list"] = "review_matter_list"
    thresholds: ReviewThreshold
    categories: list[str] = Field(min_length=1, description="需法制审核的情形")
    matter_codes: list[str] = Field(default_factory=list, description="列入目录的具体事项")


class InspectionMatter(Model):
    matter_code: str
    sub_item: str = Field("", description="抽查子项")
    basis: str = Field(min_length=2, description="抽查依据")
    objects: str = Field(description="抽查对象")
    ratio_percent: Decimal = Field(gt=0, le=100, description="抽查比例")
    frequency_per_year: int = Field(ge=1, le=12, description="抽查频次")
    method: str = Field("现场检查", description="抽查方式")
    inspector_requirements: str = Field("", description="检查人员要求")


class InspectionMatterListBody(Model):
    kind: Literal["inspection_matter_list"] = "inspection_matter_list"
    matters: list[InspectionMatter] = Field(min_length=1)


class GuidanceItem(Model):
    matter_code: str | None = None
    topic: str = Field(min_length=2, description="合规事项")
    guidance: str = Field(min_length=2, description="指导内容")
    form: str = Field("提示", description="指导方式：引导、示范、提示、辅导、建议、规劝、约谈、回访")


class ComplianceGuidanceListBody(Model):
    kind: Literal["compliance_guidance_list"] = "compliance_guidance_list"
    items: list[GuidanceItem] = Field(min_length=1)


ListBody = Annotated[
    LeniencyListBody
    | BenchmarkBody
    | RiskPointListBody
    | ReviewMatterListBody
    | InspectionMatterListBody
    | ComplianceGuidanceListBody,
    Field(discriminator="kind"),
]
