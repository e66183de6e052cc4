"""The reviewer pool as the eligibility rules see it: personnel copy, region, experience and open workload."""

from sqlalchemy import and_, exists, func, or_, select

from legality_review.adapters import tables as t
from legality_review.domain.policy import ReviewPolicy
from legality_review.domain.reviewers import Candidate, Subject

o, d, r = t.officer_copy.c, t.department_copy.c, t.review.c


def _query():  # noqa: ANN202 - a Select
    concluded_here = exists().where(r.reviewer == o.person_no, r.status == "concluded")
    earlier = exists().where(t.reviewer_experience.c.person_no == o.person_no)
    open_reviews = (select(func.count()).where(r.reviewer == o.person_no, r.status == "assigned")
                    .correlate(t.officer_copy).scalar_subquery())
    return (select(o.person_no, o.name, o.department_code, d.region_code, o.status, o.auxiliary,
                   o.legal_qualification, o.areas, or_(concluded_here, earlier).label("experienced"),
                   open_reviews.label("open_reviews"))
            .select_from(t.officer_copy.outerjoin(t.department_copy, d.code == o.department_code)))


def _candidate(row) -> Candidate:  # noqa: ANN001
    return Candidate(row.person_no, row.name, row.department_code, row.region_code, row.status, row.auxiliary,
                     row.legal_qualification, tuple(row.areas), bool(row.experienced), row.open_reviews)


async def pool(db, subject: Subject, policy: ReviewPolicy) -> list[Candidate]:  # noqa: ANN001
    """The 法制审核 staff who could review for the subject's agency (its own, or its region's when pooled, L-9)."""
    where = o.department_code == subject.department_code
    if policy.pooled_online and subject.region_code:
        where = or_(where, d.region_code == subject.region_code)
    stmt = _query().where(and_(where, o.areas.contains([policy.reviewer_area]))).order_by(o.person_no)
    return [_candidate(row) for row in (await db.execute(stmt)).all()]


async def one(db, person_no: str) -> Candidate | None:  # noqa: ANN001
    row = (await db.execute(_query().where(o.person_no == person_no))).first()
    return _candidate(row) if row else None
