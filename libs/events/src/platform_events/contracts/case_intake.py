"""Events case_intake publishes: clues, every step of a case, its publicity, flexible measures.

Party identity numbers and phones never ride them (P-31), and phone, ID and bank card numbers typed into their free
text (facts, reasons, documents) are masked as they are built (FreeText, MaskedDocument; K-7); every case event
carries the head of the case's hash-chained full-process record, an anchor held outside case intake's own database
(P-13).
"""

from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent
from platform_events.personal import FreeText, MaskedDocument, MaskedDocuments
from platform_events.wire import Instant

CLUE_TOPIC = "case_intake.clue"
CASE_TOPIC = "case_intake.case"
PUBLICITY_TOPIC = "case_intake.publicity"
FLEXIBLE_TOPIC = "case_intake.flexible_measure"


class ClueReceived(IntegrationEvent):
    """A 案源线索 was registered; its 立案 clock runs from receipt (S-1)."""

    event_type: ClassVar[str] = "clue.received.v1"
    topic: ClassVar[str] = CLUE_TOPIC

    clue_id: str
    source: str = Field(description="线索来源")
    source_ref: str | None = Field(None, description="来源编号，如 12345 工单标识")
    received_at: Instant
    department_code: str
    matter_code: str | None = None
    filing_due: date = Field(description="立案审查期限 (S-1)")


class ClueFilingDecided(IntegrationEvent):
    """The 立案 decision on a clue: filed (with the case) or not, with the ground (S-3)."""

    event_type: ClassVar[str] = "clue.filing_decided.v1"
    topic: ClassVar[str] = CLUE_TOPIC

    clue_id: str
    source: str
    source_ref: str | None = None
    filed: bool
    case_id: str | None = None
    ground: FreeText | None = Field(None, description="不予立案理由")
    decided_on: date
    notify_reporter_by: date | None = Field(None, description="实名举报人告知期限 (K-5)")
    rule_ids: list[str]


class CaseFiled(IntegrationEvent):
    """A case was filed (立案) on a catalog matter; list_management counts it as use of the matter."""

    event_type: ClassVar[str] = "case.filed.v1"
    topic: ClassVar[str] = CASE_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    case_id: str = Field(description="案件标识")
    matter_code: str = Field(description="执法事项编码")
    department_code: str = Field(description="办案机关编码")
    filed_on: date = Field(description="立案日期")
    case_no: str | None = Field(None, description="案号")
    procedure: str | None = Field(None, description="简易程序 / 普通程序")
    clue_id: str | None = None
    decision_due: date | None = Field(None, description="作出决定期限 (P-20)")
    record_hash: str | None = Field(None, description="全过程记录链头 (P-13)")


class _CaseEvent(IntegrationEvent):
    topic: ClassVar[str] = CASE_TOPIC

    case_id: str
    case_no: str
    department_code: str
    record_seq: int = Field(description="全过程记录序号")
    record_hash: str = Field(description="全过程记录链头哈希 (P-13)")


class CaseStageChanged(_CaseEvent):
    event_type: ClassVar[str] = "case.stage_changed.v1"

    step: str = Field(description="环节")
    from_stage: str
    to_stage: str
    on: date
    rule_ids: list[str] = Field(default_factory=list)


class CaseReviewRequested(_CaseEvent):
    """法制审核 requested (L-1): what the legality-review service needs to review the proposal."""

    event_type: ClassVar[str] = "case.review_requested.v1"

    round: int
    requested_on: date
    matter_code: str
    party_type: str
    party_name: str
    grounds: list[str] = Field(description="须审核的情形 (L-1, L-5)")
    proposal: MaskedDocument = Field(description="拟作出的决定：结果、处罚种类和金额、事实、理由、依据")
    evidence: MaskedDocuments = Field(description="证据清单（类型、名称、哈希）")
    evaluation: MaskedDocument | None = Field(None, description="清单与裁量基准评估 (list_management)")
    officers: list[str] = Field(description="承办人员 person_no")
    history: MaskedDocuments = Field(description="程序经过：全过程记录的环节与日期")


class CaseDecided(_CaseEvent):
    event_type: ClassVar[str] = "case.decided.v1"

    decided_on: date
    decision_no: str
    outcome: str
    penalties: MaskedDocuments
    matter_code: str
    chosen_tier: str | None = None
    list_types_applied: list[str] = Field(default_factory=list, description="适用的清单（不予处罚、首违不罚 …）")
    service_due: date | None = Field(None, description="送达期限 (P-22)")


class CaseServed(_CaseEvent):
    event_type: ClassVar[str] = "case.served.v1"

    served_on: date
    method: str
    documents: list[FreeText]
    payment_due: date | None = Field(None, description="缴纳罚款期限 (P-24)")


class CaseClosed(_CaseEvent):
    event_type: ClassVar[str] = "case.closed.v1"

    closed_on: date
    reason: FreeText
    outcome: str | None = None


class CaseTransferred(_CaseEvent):
    """移送司法机关 (P-18, 行刑衔接) with the documents handed over."""

    event_type: ClassVar[str] = "case.transferred.v1"

    transferred_on: date
    organ: str
    documents: list[FreeText]


class CaseDecisionChanged(_CaseEvent):
    """A decision changed, revoked, or found illegal or void: its publicity is withdrawn within 3 WD (P-27)."""

    event_type: ClassVar[str] = "case.decision_changed.v1"

    change: str
    changed_on: date
    reason: FreeText


class DeadlineApproaching(IntegrationEvent):
    """A clock of a clue, case or publicity record is due soon (DOMAIN §11.1 signals)."""

    event_type: ClassVar[str] = "case.deadline_approaching.v1"
    topic: ClassVar[str] = CASE_TOPIC

    subject_type: str = Field(description="clue | case | publicity")
    subject_id: str
    clock: str
    due_on: date
    provisional: bool = Field(False, description="the due date lies in a year without its holiday notice (§1.2)")
    rule_ids: list[str]


class DeadlineBreached(IntegrationEvent):
    """A clock passed its due date; an overdue filing or decision clock is a supervision signal (M-3)."""

    event_type: ClassVar[str] = "case.deadline_breached.v1"
    topic: ClassVar[str] = CASE_TOPIC

    subject_type: str
    subject_id: str
    clock: str
    due_on: date
    provisional: bool = Field(False, description="the due date lies in a year without its holiday notice (§1.2)")
    rule_ids: list[str]
    supervision_signal: bool = Field(description="有案不立、久拖不决 (M-3)")


class PublicityPublished(IntegrationEvent):
    """A redacted penalty summary went public (T-3, T-12); its 公示截止期 by credit class and regime (CR-*)."""

    event_type: ClassVar[str] = "publicity.published.v1"
    topic: ClassVar[str] = PUBLICITY_TOPIC
    classification: ClassVar[Classification] = Classification.public

    publicity_id: str
    case_id: str
    published_on: date
    redacted_summary: dict[str, Any] = Field(description="行政处罚信息摘要（已脱敏, P-31, T-12）")
    system: str
    credit_class: str
    ends_on: date = Field(description="公示截止期")
    repair_from: date | None = Field(None, description="可申请信用修复之日")
    rule_ids: list[str]


class PublicityWithdrawn(IntegrationEvent):
    """A publicity record came down: changed or revoked decision (P-27, T-11), credit repair (CR-6) or expiry.

    Sharing and sanctions stop together with publication (CR-6): subscribers act on this event.
    """

    event_type: ClassVar[str] = "publicity.withdrawn.v1"
    topic: ClassVar[str] = PUBLICITY_TOPIC
    classification: ClassVar[Classification] = Classification.public

    publicity_id: str
    case_id: str
    withdrawn_on: date
    reason: FreeText = Field(description="变更/撤销/确认违法/确认无效 · 信用修复 · 公示期满")
    status: str = Field(description="withdrawn | repaired | expired")
    rule_ids: list[str]


class FlexibleMeasureRecorded(IntegrationEvent):
    """A flexible enforcement measure (行政指导、告诫、调解、和解、奖励 …) was recorded or concluded."""

    event_type: ClassVar[str] = "flexible_measure.recorded.v1"
    topic: ClassVar[str] = FLEXIBLE_TOPIC

    measure_id: str
    kind: str
    form: str | None = None
    status: str
    department_code: str
    matter_code: str | None = None
    case_id: str | None = None
    measure_on: date


class DeadlineChanged(IntegrationEvent):
    """A clock's due date moved without a new act: the holiday notice of a year it consulted was loaded and the
    provisional date was recomputed (DOMAIN §1.2); sent once per move, and noted in the case's record."""

    event_type: ClassVar[str] = "case.deadline_changed.v1"
    topic: ClassVar[str] = CASE_TOPIC

    subject_type: str = Field(description="clue | case | publicity | mediation")
    subject_id: str
    clock: str
    previous_due_on: date | None
    due_on: date | None
    provisional: bool = Field(description="still provisional: it also consults a year without a notice")
    calendar_version: str = Field(description="the holiday data the new date was computed with")
    rule_ids: list[str]


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    ClueReceived, ClueFilingDecided, CaseFiled, CaseStageChanged, CaseReviewRequested, CaseDecided, CaseServed,
    CaseClosed, CaseTransferred, CaseDecisionChanged, DeadlineApproaching, DeadlineBreached, DeadlineChanged, PublicityPublished,
    PublicityWithdrawn, FlexibleMeasureRecorded,
)
