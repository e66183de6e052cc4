"""The review round's clock on the platform's shared clocks: its schedule from the domain's L-6 period, and the
watcher's part for legality_review — its signals, recomputation, and the rectification-overdue sweep."""

from datetime import date, datetime

from sqlalchemy import Row, select, update

from legality_review.adapters import tables as t
from legality_review.application.services import Services
from legality_review.domain.deadlines import RULE_IDS, review_due, warn_on
from platform_calendar import shanghai_date
from platform_db import UnitOfWork
from platform_db.clocks import ClockRef, Clocks, Schedule
from platform_events.contracts import legality_review as lr

CLOCKS = Clocks(t.clock)
r, rc = t.review.c, t.rectification.c


def ref(review_id: str) -> ClockRef:
    return ClockRef("review", review_id, "review")


def schedule(svc: Services, received_on: date, extended_wd: int) -> Schedule:
    due = review_due(received_on, svc.calendar, svc.rules, extended_wd=extended_wd)
    return Schedule.for_days(due.due, warn_on(due.due, svc.calendar, svc.rules), provisional=due.provisional,
                             calendar_version=due.calendar_version, rule_ids=RULE_IDS)


class ReviewClockRules:
    """platform_db.clock_watch.ClockRules for review rounds."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    async def _review(self, uow: UnitOfWork, clock: Row) -> Row:
        return (await uow.session.execute(select(t.review).where(r.id == clock.subject_id))).one()

    async def approaching(self, uow: UnitOfWork, clock: Row) -> None:
        review = await self._review(uow, clock)
        uow.publish(lr.ReviewDeadlineApproaching(review_id=review.id, case_id=review.case_id, reviewer=review.reviewer,
                                                 due_on=clock.due_on, provisional=clock.provisional,
                                                 rule_ids=["L-6"]), subject=review.case_id)

    async def breached(self, uow: UnitOfWork, clock: Row) -> None:
        review = await self._review(uow, clock)
        uow.publish(lr.ReviewDeadlineBreached(review_id=review.id, case_id=review.case_id, reviewer=review.reviewer,
                                              due_on=clock.due_on, provisional=clock.provisional,
                                              rule_ids=["L-6"]), subject=review.case_id)

    async def reschedule(self, uow: UnitOfWork, clock: Row) -> Schedule | None:
        review = await self._review(uow, clock)
        return schedule(self.svc, review.received_on, review.extended_wd)

    async def changed(self, uow: UnitOfWork, clock: Row, new: Schedule) -> None:
        """The round's clock history (the clock row) notes the move; subscribers get one event."""
        review = await self._review(uow, clock)
        uow.publish(lr.ReviewDeadlineChanged(
            review_id=review.id, case_id=review.case_id, previous_due_on=clock.due_on, due_on=new.due_on,
            provisional=new.provisional, calendar_version=new.calendar_version or "", rule_ids=["L-6", "G-1"]),
            subject=review.case_id)

    async def sweep(self, uow: UnitOfWork, now: datetime) -> int:
        """Each 案卷评查 rectification item still open past its due date is signalled once."""
        overdue = (await uow.session.execute(
            update(t.rectification).where(rc.status == "open", rc.overdue_at.is_(None),
                                          rc.due_on < shanghai_date(now))
            .values(overdue_at=now).returning(rc.id, rc.campaign_id, rc.case_id, rc.department_code, rc.dimension,
                                              rc.due_on))).all()
        for row in overdue:
            uow.publish(lr.RectificationOverdue(rectification_id=row.id, campaign_id=row.campaign_id,
                                                case_id=row.case_id, department_code=row.department_code,
                                                dimension=row.dimension, due_on=row.due_on), subject=row.case_id)
        return len(overdue)
