"""The parts of an advisory evaluation (EvaluationRead): every suggestion names the list version it comes from."""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from list_management.domain.documents import BenchmarkTier, FineRange, LeniencyEntry, LeniencyType
from list_management.domain.facts import Circumstance


class VersionRef(BaseModel):
    list_id: str = Field(description="清单版本标识")
    series_key: str
    version: int = Field(description="版本号")
    title: str = Field(description="清单名称")
    effective_from: date | None = Field(description="施行日期")
    effective_to: date | None = Field(description="失效日期")


class ListEntryMatch(LeniencyEntry, VersionRef):
    """An entry of one of the four lists (不予处罚/首违不罚/从轻/减轻/不予实施行政强制措施) whose conditions the facts meet."""

    list_type: LeniencyType = Field(description="清单类型")


class BenchmarkDeparture(BaseModel):
    """The proposed fine lies outside the suggested tier (below its minimum without a 减轻 ground, or above its
    maximum): departing from the benchmark needs the principal head's approval or 集体讨论 (D-5)."""

    rule: str = Field(description="规则编号 (D-5)")
    tier: str = Field(description="建议阶次")
    proposed_fine_cny: Decimal = Field(description="拟罚款（元）")
    tier_min_cny: Decimal | None = Field(description="建议阶次罚款下限（元）")
    tier_max_cny: Decimal | None = Field(description="建议阶次罚款上限（元）")
    text: str = Field(description="说明")


class BenchmarkSuggestion(VersionRef):
    """The discretion benchmark (裁量基准) of the matter and the tier the facts point to."""

    violation: str = Field(description="违法行为")
    legal_basis: str = Field(description="处罚依据")
    legal_range: FineRange = Field(description="法定罚款幅度")
    suggested_tier: BenchmarkTier | None = Field(description="建议适用的裁量阶次；不予处罚时为空")
    no_penalty: bool = Field(False, description="不予处罚/首违不罚清单条目或法定不予处罚情形适用：不建议任何处罚阶次 (Q-1, Q-2)")
    departure: BenchmarkDeparture | None = Field(None, description="拟罚款偏离建议阶次 (D-5)")
    matched_circumstances: dict[str, list[Circumstance]] = Field(description="各阶次（从轻/一般/从重/减轻）已满足的情形")
    tiers: list[BenchmarkTier] = Field(description="全部裁量阶次")


class ReviewRequirement(VersionRef):
    """Whether the decision needs 法制审核 under the region's review matter list (L-5)."""

    required: bool = Field(description="是否须经法制审核")
    threshold_cny: Decimal = Field(description="罚没金额标准（元）")
    rule: str = Field(description="规则编号 (L-5)")
