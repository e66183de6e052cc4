"""Events legality_review publishes: 法制审核 of major decisions (its outcome opens case intake's decision gate, L-1)
and 案卷评查 of closed case files (grades and rectification items, policy 003 item 4)."""

from datetime import date
from typing import ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent
from platform_events.personal import FreeText, MaskedDocuments
from platform_events.wire import Instant

REVIEW_TOPIC = "legality_review.review"
FILE_REVIEW_TOPIC = "legality_review.file_review"


class _ReviewOutcome(IntegrationEvent):
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str = Field(description="审核标识")
    case_id: str = Field(description="案件标识")
    round: int = Field(ge=1, description="送审轮次 (case.review_requested.v1)")
    outcome: str = Field(description="同意 / 不同意 / 建议修改后提交 (L-7)")
    reviewer: str = Field(description="审核人员 person_no (L-2)")
    decided_at: Instant
    reasons: FreeText = Field("", description="审核意见")
    items: MaskedDocuments = Field(default_factory=list, description="审核事项及结论 (L-4)")


class ReviewApproved(_ReviewOutcome):
    """同意: the decision gate opens for the reviewed proposal (L-1)."""

    event_type: ClassVar[str] = "review.approved.v1"


class ReviewRejected(_ReviewOutcome):
    """不同意: the gate stays closed."""

    event_type: ClassVar[str] = "review.rejected.v1"


class ReviewRevisionRequested(_ReviewOutcome):
    """建议修改后提交: revise and submit a new round; the gate stays closed."""

    event_type: ClassVar[str] = "review.revision_requested.v1"


class ReviewReceived(IntegrationEvent):
    """A review round was received (from case intake's request or over REST) and its period started (L-6)."""

    event_type: ClassVar[str] = "review.received.v1"
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str
    case_id: str
    case_no: str | None = None
    round: int = Field(ge=1)
    department_code: str
    received_on: date
    due_on: date = Field(description="审核期限 (L-6, S-4)")
    provisional: bool = Field(False, description="the due date lies in a year without its holiday notice (§1.2)")
    grounds: list[str] = Field(description="须审核的情形 (L-1, L-5)")


class ReviewAssigned(IntegrationEvent):
    """A reviewer was assigned, or the review reassigned with a reason (L-2)."""

    event_type: ClassVar[str] = "review.assigned.v1"
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str
    case_id: str
    reviewer: str = Field(description="审核人员 person_no")
    previous_reviewer: str | None = None
    reason: FreeText | None = Field(None, description="改派理由")
    assigned_on: date


class ReviewDeadlineApproaching(IntegrationEvent):
    """The review period ends soon; sent once per due date."""

    event_type: ClassVar[str] = "review.deadline_approaching.v1"
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str
    case_id: str
    reviewer: str | None = None
    due_on: date
    provisional: bool = Field(False, description="the due date lies in a year without its holiday notice (§1.2)")
    rule_ids: list[str]


class ReviewDeadlineBreached(IntegrationEvent):
    """The review period passed with no conclusion; sent once per due date. The review stays open: it never
    silently expires, and the decision gate stays closed until a conclusion arrives."""

    event_type: ClassVar[str] = "review.deadline_breached.v1"
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str
    case_id: str
    reviewer: str | None = None
    due_on: date
    provisional: bool = Field(False, description="the due date lies in a year without its holiday notice (§1.2)")
    rule_ids: list[str]


class ReviewDeadlineChanged(IntegrationEvent):
    """The review period's due date moved without a new act: the holiday notice of a year it consulted was loaded
    and the provisional date was recomputed (DOMAIN §1.2); sent once per move."""

    event_type: ClassVar[str] = "review.deadline_changed.v1"
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str
    case_id: str
    previous_due_on: date | None
    due_on: date | None
    provisional: bool = Field(description="still provisional: it also consults a year without a notice")
    calendar_version: str = Field(description="the holiday data the new date was computed with")
    rule_ids: list[str]


class FileReviewGraded(IntegrationEvent):
    """A closed case file was scored in a 案卷评查 campaign and graded 优秀 / 合格 / 不合格 (policy 003 item 4)."""

    event_type: ClassVar[str] = "file_review.graded.v1"
    topic: ClassVar[str] = FILE_REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    campaign_id: str
    file_review_id: str
    case_id: str
    department_code: str
    score: float = Field(description="总分")
    grade: str = Field(description="优秀 / 合格 / 不合格")
    scores: dict[str, float] = Field(description="各评查项得分")
    graded_on: date


class RectificationIssued(IntegrationEvent):
    """A rectification item (整改事项) was issued to the reviewed agency with its due date."""

    event_type: ClassVar[str] = "rectification.issued.v1"
    topic: ClassVar[str] = FILE_REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    rectification_id: str
    campaign_id: str
    case_id: str
    department_code: str
    dimension: str = Field(description="评查项")
    problem: FreeText
    due_on: date


class RectificationOverdue(IntegrationEvent):
    """A rectification item passed its due date still open; sent once. It stays open until accepted."""

    event_type: ClassVar[str] = "rectification.overdue.v1"
    topic: ClassVar[str] = FILE_REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    rectification_id: str
    campaign_id: str
    case_id: str
    department_code: str
    dimension: str
    due_on: date


class RectificationClosed(IntegrationEvent):
    """The agency's rectification was accepted and the item closed."""

    event_type: ClassVar[str] = "rectification.closed.v1"
    topic: ClassVar[str] = FILE_REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    rectification_id: str
    campaign_id: str
    case_id: str
    department_code: str
    closed_on: date
    overdue: bool = Field(description="逾期整改")


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    ReviewReceived, ReviewAssigned, ReviewApproved, ReviewRejected, ReviewRevisionRequested,
    ReviewDeadlineApproaching, ReviewDeadlineBreached, ReviewDeadlineChanged, FileReviewGraded, RectificationIssued, RectificationOverdue,
    RectificationClosed)
