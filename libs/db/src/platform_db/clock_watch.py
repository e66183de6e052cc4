"""The one deadline watcher round (DOMAIN §11.1, §1.2): recompute provisional clocks when the holiday calendar
changed, then signal approaching and breached once per due date, then the service's own timed transitions.

Every step claims its rows in the round's transaction (guarded UPDATEs, SKIP LOCKED), so a concurrent second
watcher is a no-op and a round that runs twice emits nothing twice. The service supplies `ClockRules`: its events,
its records and how its domain recomputes a clock; the mechanism is here.
"""

from dataclasses import astuple, dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Column, ColumnElement, Row, Table, and_, null, select, update

from platform_db.clocks import RUNNING, Schedule, _entry, _json, _schedule_values
from platform_db.unit_of_work import UnitOfWork, UnitOfWorkFactory


class ClockRules(Protocol):
    """A service's part of the watcher: its events and records (the rule ids travel in the rows)."""

    async def approaching(self, uow: UnitOfWork, clock: Row) -> None: ...

    async def breached(self, uow: UnitOfWork, clock: Row) -> None: ...

    async def reschedule(self, uow: UnitOfWork, clock: Row) -> Schedule | None:
        """The clock as the domain computes it now, with the current calendar; None leaves it as it is."""

    async def changed(self, uow: UnitOfWork, clock: Row, new: Schedule) -> None:
        """The due date moved: note it on the subject's record and publish `*.deadline_changed.v1`."""

    async def sweep(self, uow: UnitOfWork, now: datetime) -> int:
        """Other timed transitions of the service (publicity expiry, rectification overdue); how many."""


@dataclass(frozen=True, slots=True)
class Round:
    recomputed: int = 0  # provisional clocks looked at again with a newer calendar
    changed: int = 0  # … of which the due date moved (one deadline_changed event each)
    approaching: int = 0
    breached: int = 0
    swept: int = 0

    def __bool__(self) -> bool:
        return any(astuple(self))


async def watch_round(uows: UnitOfWorkFactory, table: Table, rules: ClockRules, *, now: datetime,
                      calendar_version: str) -> Round:
    """One round in one transaction."""
    async with uows() as uow:
        recomputed, changed = await recompute(uow, table, rules, calendar_version=calendar_version, now=now)
        c = table.c
        breached = await _mark(uow, table, c.breached_at, c.due_at <= now, now)
        approaching = await _mark(uow, table, c.warned_at, and_(c.warn_at <= now, c.due_at > now), now)
        for row in breached:
            await rules.breached(uow, row)
        for row in approaching:
            await rules.approaching(uow, row)
        swept = await rules.sweep(uow, now)
        await uow.commit()
    return Round(recomputed, changed, len(approaching), len(breached), swept)


async def recompute(uow: UnitOfWork, table: Table, rules: ClockRules, *, calendar_version: str,
                    now: datetime) -> tuple[int, int]:
    """Provisional running clocks computed with another calendar: the domain computes them again (DOMAIN §1.2).

    A moved due date is stored with a history entry, its signals may come again, and `rules.changed` records
    and announces it; an unmoved one only takes the new version and flag. Either way the row now carries
    `calendar_version`, so the next round (or a second watcher) does not pick it up again.
    """
    c = table.c
    rows = (await uow.session.execute(
        select(table).where(c.status == RUNNING, c.provisional, c.calendar_version.is_distinct_from(calendar_version))
        .order_by(c.id).with_for_update(skip_locked=True))).all()
    changed = 0
    for row in rows:
        new = await rules.reschedule(uow, row)
        if new is None:
            continue
        values = _schedule_values(new)
        if (new.due_at, new.warn_at) != (row.due_at, row.warn_at):
            changed += 1
            values |= {"history": c.history.op("||")(_json([_entry("recomputed: holiday calendar", new, now)])),
                       "warned_at": null() if new.warn_at > now else c.warned_at,
                       "breached_at": null() if new.due_at > now else c.breached_at}
            await rules.changed(uow, row, new)
        await uow.session.execute(update(table).where(c.id == row.id).values(**values, updated_at=now))
    return len(rows), changed


async def _mark(uow: UnitOfWork, table: Table, column: Column, condition: ColumnElement[bool],
                now: datetime) -> list[Row]:
    c = table.c
    stmt = (update(table).where(c.status == RUNNING, c.paused_since.is_(None), column.is_(None), condition)
            .values({column.name: now}).returning(*table.c))
    # each subject in one order, so two rounds (or a round and a step) take their subjects' locks alike
    return sorted((await uow.session.execute(stmt)).all(), key=lambda row: (row.subject_type, row.subject_id))
