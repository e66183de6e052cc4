"""What the publicity routes answer: a 公示 record (DOMAIN §11.3), and a published decision as the public sees it."""

from datetime import date

from pydantic import ConfigDict, Field

from case_intake.api.examples import PUBLICITY_EXAMPLE, PUBLISHED_EXAMPLE
from case_intake.api.schemas import Audited
from case_intake.domain.credit import CreditClass, CreditRegime, CreditSystem
from case_intake.domain.publicity import PublicitySummary
from platform_runtime.api_schemas import Page, Read


class PublicityPeriodRead(Read):
    """How the 公示 period was counted (CR-1 … CR-6), kept so a repair is judged by the same rules."""

    anchor: date = Field(description="起算日")
    anchor_kind: str = Field(description="公示之日 / 行政处罚决定之日")
    assumed: bool = Field(description="期限系配置的假定，并非确知的规定 (CR-4)")
    config_keys: list[str] = Field(description="决定期限的配置项")
    rule_ids: list[str]


class PublicityDetails(Read):
    publishable: str = Field(description="是否公示的理由 (P-27, T-8)")
    changed: str | None = Field(None, description="决定变更或撤销的理由 (P-27, T-11)")
    period: PublicityPeriodRead | None = Field(None, description="公示后：期限的计算")


class PublicityRead(Audited):
    """One decision's 公示 record: not_publishable · pending (publish-by clock running) · published · withdrawn
    (P-27, T-11) · repaired (CR-2, CR-6) · expired (CR-1, CR-5, CR-6)."""

    model_config = ConfigDict(json_schema_extra={"examples": [PUBLICITY_EXAMPLE]})

    id: str
    case_id: str
    status: str = Field(description="not_publishable / pending / published / withdrawn / repaired / expired")
    due_on: date | None = Field(description="公示期限：应于此日前公示 (T-3, T-4)")
    published_on: date | None = Field(description="公示日期")
    summary: PublicitySummary | None = Field(description="脱敏后的行政处罚信息摘要 (P-31, T-12)")
    redaction_version: str | None = Field(description="脱敏规则版本")
    system: CreditSystem | None = Field(description="公示平台")
    credit_class: CreditClass | None = Field(description="失信信息类别 (CR-5)")
    regime: CreditRegime | None = Field(description="适用的信用修复规定 (CR-9)")
    repair_from: date | None = Field(description="最早可信用修复之日；不可提前停止公示的为 null (CR-2)")
    ends_on: date | None = Field(description="公示截止期")
    withdrawal_due: date | None = Field(description="决定变更或撤销后应撤下之日 (P-27, T-11)")
    withdrawn_on: date | None = Field(description="撤下、修复或期满之日")
    withdrawn_reason: str | None = Field(description="撤下理由（信用修复 / 公示期满 / 变更撤销的理由）")
    rule_ids: list[str]
    details: PublicityDetails
    overdue: bool = Field(description="逾期未公示：pending 且已过公示期限 (T-3, T-4)")


class PublishedDecision(Read):
    """A penalty decision now published, as the agency's site and 信用中国 show it: the redacted summary only."""

    model_config = ConfigDict(json_schema_extra={"examples": [PUBLISHED_EXAMPLE]})

    id: str = Field(description="公示记录")
    published_on: date = Field(description="公示日期")
    ends_on: date | None = Field(description="公示截止期")
    credit_class: CreditClass | None = Field(description="失信信息类别")
    system: CreditSystem | None = Field(description="公示平台")
    summary: PublicitySummary = Field(description="行政处罚信息摘要（已脱敏, P-31, T-12）")
    department_code: str = Field(description="作出决定的机关")


class PublicityPage(Page[PublicityRead]):
    """A page of 公示 records, oldest first."""


class PublishedDecisionPage(Page[PublishedDecision]):
    """A page of published decisions, newest first."""
