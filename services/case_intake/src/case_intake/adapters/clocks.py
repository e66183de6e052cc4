"""Clock rows: one per (subject, kind), derived from the domain's computation; the deadline watcher reads them."""

from datetime import UTC, datetime

from sqlalchemy import case, null, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from case_intake.adapters import tables as t
from case_intake.domain.vocabulary import ClockKind
from platform_calendar import DueDate, WorkCalendar
from platform_db import UnitOfWork

k = t.clock.c


async def set_clock(uow: UnitOfWork, subject_type: str, subject_id: str, kind: ClockKind, due: DueDate, *,
                    rule_ids: tuple[str, ...], calendar: WorkCalendar, warn_before_wd: int,
                    paused: bool = False) -> None:
    """Start or move a clock; a moved due date may be signalled again (approaching, breached)."""
    warn_on = calendar.subtract_working_days(due.due, warn_before_wd).due if warn_before_wd else due.due
    values = {"rule_ids": list(dict.fromkeys(rule_ids)), "due_on": due.due, "warn_on": warn_on,
              "provisional": due.provisional, "calendar_version": due.calendar_version, "paused": paused,
              "status": "running", "updated_at": datetime.now(UTC)}
    stmt = pg_insert(t.clock).values(subject_type=subject_type, subject_id=subject_id, kind=kind.value, **values)
    moved = stmt.excluded.due_on != t.clock.c.due_on
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=["subject_type", "subject_id", "kind"],
        set_={**{name: stmt.excluded[name] for name in values},
              "warned_at": _unless(moved, k.warned_at), "breached_at": _unless(moved, k.breached_at)}))


def _unless(moved, column):  # noqa: ANN001, ANN202 - SQL expressions: NULL when the due date moved
    return case((moved, null()), else_=column)


async def stop_clock(uow: UnitOfWork, subject_type: str, subject_id: str, kind: ClockKind, *,
                     status: str = "met") -> None:
    await uow.session.execute(update(t.clock).where(
        k.subject_type == subject_type, k.subject_id == subject_id, k.kind == kind.value, k.status == "running")
        .values(status=status, updated_at=datetime.now(UTC)))
