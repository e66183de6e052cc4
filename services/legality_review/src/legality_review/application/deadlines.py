"""The review-period watcher (L-6): approaching and breached signals, each sent once per due date.

A breached review stays open — it never silently expires, and case intake's gate stays closed — until a reviewer
concludes it; an approved extension moves the due date and the signals may come again for the new one. The same
scan signals, once, each 案卷评查 rectification item still open past its due date.
"""

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import update

from legality_review.adapters import tables as t
from platform_calendar import shanghai_date
from platform_db import UnitOfWorkFactory
from platform_events.contracts import legality_review as lr
from platform_logging import get_logger
from platform_runtime import every

log = get_logger(__name__)
r, rc = t.review.c, t.rectification.c
RULES = ["L-6"]


async def scan(uows: UnitOfWorkFactory, today: date) -> tuple[int, int, int]:
    """One scan in one transaction; the `IS NULL` guards make a concurrent second watcher a no-op."""
    now = datetime.now(UTC)
    async with uows() as uow:
        breached = await _mark(uow, r.breached_at, r.due_on < today, now)
        approaching = await _mark(uow, r.warned_at, (r.warn_on <= today) & (r.due_on >= today), now)
        for row in breached:
            uow.publish(lr.ReviewDeadlineBreached(review_id=row.id, case_id=row.case_id, reviewer=row.reviewer,
                                                  due_on=row.due_on, rule_ids=RULES), subject=row.case_id)
        for row in approaching:
            uow.publish(lr.ReviewDeadlineApproaching(review_id=row.id, case_id=row.case_id, reviewer=row.reviewer,
                                                     due_on=row.due_on, rule_ids=RULES), subject=row.case_id)
        overdue = (await uow.session.execute(
            update(t.rectification).where(rc.status == "open", rc.overdue_at.is_(None), rc.due_on < today)
            .values(overdue_at=now).returning(rc.id, rc.campaign_id, rc.case_id, rc.department_code, rc.dimension,
                                              rc.due_on))).all()
        for row in overdue:
            uow.publish(lr.RectificationOverdue(rectification_id=row.id, campaign_id=row.campaign_id,
                                                case_id=row.case_id, department_code=row.department_code,
                                                dimension=row.dimension, due_on=row.due_on), subject=row.case_id)
        await uow.commit()
    return len(approaching), len(breached), len(overdue)


async def _mark(uow, column, condition, now: datetime) -> list:  # noqa: ANN001 - SQL expressions
    stmt = (update(t.review).where(r.status != "concluded", column.is_(None), condition)
            .values({column.name: now}).returning(r.id, r.case_id, r.reviewer, r.due_on))
    return (await uow.session.execute(stmt)).all()


def deadline_watcher(interval_s: float, today: Callable[[], date] | None = None):  # noqa: ANN201 - an extra worker
    async def watch(runtime, stop: asyncio.Event) -> None:  # noqa: ANN001 - the service runtime
        async def round_() -> None:
            on = today() if today else shanghai_date(datetime.now(UTC))
            approaching, breached, overdue = await scan(runtime.uow, on)
            if approaching or breached or overdue:
                log.info("deadlines_signalled", approaching=approaching, breached=breached,
                         rectifications_overdue=overdue)

        await every(interval_s, stop, round_, name="review_deadline_scan")

    return watch
