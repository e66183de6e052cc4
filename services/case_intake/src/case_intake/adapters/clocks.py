"""The case's clocks on the platform's shared clocks (platform_db.clocks): a DueDate the domain computed becomes a
Schedule that keeps its count, so the watcher can count it again when a year's holiday notice arrives (§1.2)."""

from datetime import UTC, date, datetime

from sqlalchemy import Row

from case_intake.adapters import tables as t
from case_intake.domain.vocabulary import ClockKind
from platform_calendar import Count, DueDate, WorkCalendar
from platform_db import UnitOfWork
from platform_db.clocks import ClockRef, Clocks, Schedule, start_of

CLOCKS = Clocks(t.clock)


def schedule(due: DueDate, rule_ids: tuple[str, ...], calendar: WorkCalendar, warn_before_wd: int) -> Schedule:
    warn_on = calendar.subtract_working_days(due.due, warn_before_wd).due if warn_before_wd else due.due
    basis = due.count.as_json() | {"warn_before_wd": warn_before_wd} if due.count else None
    return Schedule.for_days(due.due, warn_on, provisional=due.provisional, calendar_version=due.calendar_version,
                             rule_ids=rule_ids, basis=basis)


async def set_clock(uow: UnitOfWork, subject_type: str, subject_id: str, kind: ClockKind, due: DueDate, *,
                    rule_ids: tuple[str, ...], calendar: WorkCalendar, warn_before_wd: int,
                    paused: bool = False) -> None:
    """Start or move a clock; a moved due date may be signalled again (approaching, breached)."""
    await CLOCKS.start(uow, ClockRef(subject_type, subject_id, kind.value),
                       schedule(due, rule_ids, calendar, warn_before_wd),
                       paused_since=datetime.now(UTC) if paused else None)


async def stop_clock(uow: UnitOfWork, subject_type: str, subject_id: str, kind: ClockKind, *,
                     status: str = "met", on: date | None = None) -> None:
    """`met`: the act is done on its legal date `on` (today if not given) — met if in time, else it reads breached;
    `cancelled`: the clock no longer applies (it reads stopped)."""
    ref = ClockRef(subject_type, subject_id, kind.value)
    if status == "met":
        await CLOCKS.finish(uow, ref, start_of(on) if on else datetime.now(UTC))
    else:
        await CLOCKS.stop(uow, ref, note=status)


def recount(clock: Row, calendar: WorkCalendar) -> Schedule | None:
    """The clock counted again with the current calendar, from the count it keeps (None: it keeps none)."""
    if not clock.basis:
        return None
    due = calendar.recount(Count.from_json(clock.basis))
    return schedule(due, tuple(clock.rule_ids), calendar, clock.basis.get("warn_before_wd", 0))
