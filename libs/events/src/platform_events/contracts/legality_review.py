"""Events legality_review publishes: the outcome of a 法制审核 round, which case intake's decision gate consumes.

The service itself is built later; the contract is fixed here so case intake (L-1) and it agree on it.
"""

from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent

REVIEW_TOPIC = "legality_review.review"


class _ReviewOutcome(IntegrationEvent):
    topic: ClassVar[str] = REVIEW_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    review_id: str = Field(description="审核标识")
    case_id: str = Field(description="案件标识")
    round: int = Field(ge=1, description="送审轮次 (case.review_requested.v1)")
    outcome: str = Field(description="同意 / 不同意 / 建议修改后提交 (L-7)")
    reviewer: str = Field(description="审核人员 person_no (L-2)")
    decided_at: datetime
    reasons: str = Field("", description="审核意见")
    items: list[dict[str, Any]] = Field(default_factory=list, description="审核事项及结论 (L-4)")


class ReviewApproved(_ReviewOutcome):
    """同意: the decision gate opens for the reviewed proposal (L-1)."""

    event_type: ClassVar[str] = "review.approved.v1"


class ReviewRejected(_ReviewOutcome):
    """不同意: the gate stays closed."""

    event_type: ClassVar[str] = "review.rejected.v1"


class ReviewRevisionRequested(_ReviewOutcome):
    """建议修改后提交: revise and submit a new round; the gate stays closed."""

    event_type: ClassVar[str] = "review.revision_requested.v1"


PUBLISHED: tuple[type[IntegrationEvent], ...] = (ReviewApproved, ReviewRejected, ReviewRevisionRequested)
