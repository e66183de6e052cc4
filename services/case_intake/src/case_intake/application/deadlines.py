"""Deadline watcher: approaching and breached signals, each sent once per clock (DOMAIN §11.1), and expiry of
published penalties at their 公示截止期 (§11.3). An overdue filing or decision clock is a supervision signal (M-3)."""

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import update

from case_intake.adapters import tables as t
from case_intake.application import publicity
from case_intake.domain.vocabulary import ClockKind
from platform_calendar import shanghai_date
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_events.contracts.case_intake import DeadlineApproaching, DeadlineBreached
from platform_logging import get_logger
from platform_runtime import every

log = get_logger(__name__)
k = t.clock.c
#: rule M-3: 有案不立 (a clue left unfiled) and 久拖不决 (a case left undecided) are what supervisors look for
SUPERVISION_SIGNALS = {ClockKind.filing.value, ClockKind.decision.value, ClockKind.withdrawal.value}


async def scan(uows: UnitOfWorkFactory, today: date) -> tuple[int, int, int]:
    """One scan in one transaction; the `IS NULL` guards make a concurrent second watcher a no-op."""
    now = datetime.now(UTC)
    async with uows() as uow:
        breached = await _mark(uow, k.breached_at, k.due_on < today, now)
        approaching = await _mark(uow, k.warned_at, (k.warn_on <= today) & (k.due_on >= today), now)
        for row in breached:
            uow.publish(DeadlineBreached(subject_type=row.subject_type, subject_id=row.subject_id, clock=row.kind,
                                         due_on=row.due_on, rule_ids=list(row.rule_ids),
                                         supervision_signal=row.kind in SUPERVISION_SIGNALS), subject=row.subject_id)
        for row in approaching:
            uow.publish(DeadlineApproaching(subject_type=row.subject_type, subject_id=row.subject_id, clock=row.kind,
                                            due_on=row.due_on, rule_ids=list(row.rule_ids)), subject=row.subject_id)
        expired = await publicity.expire_due(uow, today)
        await uow.commit()
    return len(approaching), len(breached), expired


async def _mark(uow: UnitOfWork, column, condition, now: datetime) -> list:  # noqa: ANN001 - SQL expressions
    stmt = (update(t.clock).where(k.status == "running", k.paused.is_(False), column.is_(None), condition)
            .values({column.name: now}).returning(k.subject_type, k.subject_id, k.kind, k.due_on, k.rule_ids))
    return (await uow.session.execute(stmt)).all()


def deadline_watcher(interval_s: float, today: Callable[[], date] | None = None):  # noqa: ANN201 - an extra worker
    async def watch(runtime, stop: asyncio.Event) -> None:  # noqa: ANN001 - the service runtime
        async def round_() -> None:
            on = today() if today else shanghai_date(datetime.now(UTC))
            approaching, breached, expired = await scan(runtime.uow, on)
            if approaching or breached or expired:
                log.info("deadlines_signalled", approaching=approaching, breached=breached, expired=expired)

        await every(interval_s, stop, round_, name="deadline_scan")

    return watch
