"""Statistics for supervisors."""

from datetime import date

from fastapi import APIRouter

from legality_review.api.context import ServicesDep
from legality_review.application import statistics

router = APIRouter(tags=["statistics"])


@router.get("/statistics/reviews", summary="Per agency: rounds, outcomes, pass rate, corrections by check, review "
                                           "time in working days, overdue")
async def review_statistics(svc: ServicesDep, received_from: date, received_to: date,
                            department_code: str | None = None) -> dict:
    return await statistics.reviews(svc, received_from=received_from, received_to=received_to,
                                    department_code=department_code)


@router.get("/statistics/file-reviews", summary="Per agency: case-file grades, average score, rectification progress")
async def file_review_statistics(svc: ServicesDep, campaign_id: str | None = None, graded_from: date | None = None,
                                 graded_to: date | None = None) -> dict:
    return await statistics.file_reviews(svc, campaign_id=campaign_id, graded_from=graded_from, graded_to=graded_to)


@router.get("/statistics/reviewer-staffing",
            summary="Per agency: 法制审核 staff against enforcement staff, warned below the configured ratio (L-8)")
async def reviewer_staffing(svc: ServicesDep, department_code: str | None = None) -> dict:
    return await statistics.reviewer_staffing(svc, department_code)
