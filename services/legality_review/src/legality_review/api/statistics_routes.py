"""Statistics for supervisors, each counting only what the caller's data scope reaches."""

from typing import Annotated

from fastapi import APIRouter

from legality_review.api.context import ServicesDep, require
from legality_review.api.statistics_schemas import FileReviewStatistics, ReviewerStaffing, ReviewStatistics
from legality_review.application import statistics
from platform_events.wire import Day
from platform_identity import Caller

router = APIRouter(tags=["statistics"])
Reader = Annotated[Caller, require("statistics:read")]


@router.get("/statistics/reviews", response_model=ReviewStatistics, summary="Per agency: rounds, outcomes, pass rate, corrections by check, review "
                                           "time in working days, overdue")
async def review_statistics(svc: ServicesDep, caller: Reader, received_from: Day, received_to: Day,
                            department_code: str | None = None) -> dict:
    return await statistics.reviews(svc, caller, received_from=received_from, received_to=received_to,
                                    department_code=department_code)


@router.get("/statistics/file-reviews", response_model=FileReviewStatistics, summary="Per agency: case-file grades, average score, rectification progress")
async def file_review_statistics(svc: ServicesDep, caller: Reader, campaign_id: str | None = None,
                                 graded_from: Day | None = None, graded_to: Day | None = None) -> dict:
    return await statistics.file_reviews(svc, caller, campaign_id=campaign_id, graded_from=graded_from,
                                         graded_to=graded_to)


@router.get("/statistics/reviewer-staffing", response_model=ReviewerStaffing,
            summary="Per agency: 法制审核 staff against enforcement staff, warned below the configured ratio (L-8)")
async def reviewer_staffing(svc: ServicesDep, caller: Reader, department_code: str | None = None) -> dict:
    return await statistics.reviewer_staffing(svc, caller, department_code)
