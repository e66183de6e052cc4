"""Deadline clocks, once for every service (DOMAIN §11.1): one row per (subject, kind) that is started, paused,
resumed, extended with an approver, stopped or met, and the state every API shows.

The service's domain decides which clocks exist, their rule ids and periods, and computes a `Schedule`; this module
stores it, answers its state, and runs the watcher round (platform_db.clock_watch) over the rows.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Identity,
    Index,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert

from platform_db.unit_of_work import UnitOfWork

#: Deadlines are counted on dates in Asia/Shanghai, a fixed UTC+8 since 1991 (CONVENTIONS: times).
SHANGHAI = timezone(timedelta(hours=8), "CST")


class ClockState(StrEnum):
    """What every API shows of a clock."""

    running = "running"
    approaching = "approaching"  # inside its warning window
    breached = "breached"  # past due and not met (also a clock finished late)
    paused = "paused"  # stopped for a stored pause (S-4, S-1, H-3 …); the due date moves when it resumes
    stopped = "stopped"  # no longer applies (withdrawn, refused, merged): neither met nor breached
    met = "met"  # finished in time


#: The stored lifecycle; approaching, breached and paused are read from the times.
RUNNING, MET, STOPPED, LATE = "running", "met", "stopped", "late"


class CountedDue(Protocol):
    """platform_calendar.DueDate, as far as a clock needs it (this lib does not depend on the calendar)."""

    due: date
    provisional: bool
    calendar_version: str
    count: Any


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a clock is due and when it warns, as the domain computed it with the calendar of `calendar_version`."""

    due_at: datetime  # in time up to this instant (24:00 of the last day for a day clock)
    warn_at: datetime  # approaching from this instant
    due_on: date | None  # the last day of a day clock (None for an hour clock)
    provisional: bool = False  # the computation consulted a year without its holiday notice (DOMAIN §1.2)
    calendar_version: str | None = None
    rule_ids: tuple[str, ...] = ()
    basis: dict | None = None  # what the service needs to compute it again (e.g. platform_calendar's Count)

    @classmethod
    def for_days(cls, due_on: date, warn_on: date, *, provisional: bool, calendar_version: str | None,
                 rule_ids: tuple[str, ...], basis: dict | None = None) -> "Schedule":
        """A day clock: in time through `due_on`, approaching from the start of `warn_on` (Shanghai dates)."""
        return cls(start_of(due_on + timedelta(days=1)), start_of(min(warn_on, due_on)), due_on, provisional,
                   calendar_version, tuple(dict.fromkeys(rule_ids)), basis)

    @classmethod
    def from_due(cls, due: "CountedDue", warn_on: date, *, rule_ids: tuple[str, ...]) -> "Schedule":
        """A day clock from a platform_calendar DueDate, its count kept as the basis to count it again."""
        return cls.for_days(due.due, warn_on, provisional=due.provisional, calendar_version=due.calendar_version,
                            rule_ids=rule_ids, basis=due.count.as_json() if due.count is not None else None)

    def as_json(self) -> dict:
        return {"due_on": self.due_on.isoformat() if self.due_on else None, "due_at": self.due_at.isoformat(),
                "provisional": self.provisional, "calendar_version": self.calendar_version}


@dataclass(frozen=True, slots=True)
class ClockRef:
    subject_type: str  # case | clue | work_order | review …
    subject_id: str
    kind: str  # the service's name for the clock (decision, filing, handling, review …)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def clock_state(status: str, paused_since: datetime | None, due_at: datetime, warn_at: datetime,
                now: datetime) -> ClockState:
    """The state of a stored clock at `now` (the same decision as `state_sql`)."""
    if status == MET:
        return ClockState.met
    if status == LATE:
        return ClockState.breached
    if status == STOPPED:
        return ClockState.stopped
    if paused_since is not None:
        return ClockState.paused
    if now >= due_at:
        return ClockState.breached
    if now >= warn_at:
        return ClockState.approaching
    return ClockState.running


def clock_table(metadata: MetaData, name: str = "clock") -> Table:
    """The clock table of a service's schema (each service owns its rows; the shape is the platform's)."""
    table = Table(
        name,
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("subject_type", String(20), nullable=False),
        Column("subject_id", String(36), nullable=False),
        Column("kind", String(20), nullable=False),
        Column("rule_ids", JSONB, nullable=False),
        Column("status", String(10), nullable=False),  # running | met | late | stopped
        Column("due_at", DateTime(timezone=True), nullable=False),
        Column("warn_at", DateTime(timezone=True), nullable=False),
        Column("due_on", Date),  # a day clock's last day
        Column("provisional", Boolean, nullable=False, server_default="false"),
        Column("calendar_version", String(200)),
        Column("paused_since", DateTime(timezone=True)),
        Column("basis", JSONB),  # Schedule.basis: how the service computes the clock again
        Column("extensions", JSONB, nullable=False, server_default="[]"),  # [{days, approved_by, approved_on, …}]
        Column("history", JSONB, nullable=False, server_default="[]"),  # what moved the due date, and when
        Column("warned_at", DateTime(timezone=True)),  # approaching signalled (once per due date)
        Column("breached_at", DateTime(timezone=True)),  # breached signalled (once per due date)
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        UniqueConstraint("subject_type", "subject_id", "kind"),
    )
    Index(f"ix_{name}_running_due", table.c.due_at, postgresql_where=table.c.status == RUNNING)
    Index(f"ix_{name}_provisional", table.c.calendar_version,
          postgresql_where=and_(table.c.provisional, table.c.status == RUNNING))
    return table


def state_sql(table: Table, now: datetime) -> ColumnElement[str]:
    """`clock_state` in SQL, for list filters (`?clock_state=breached`) and reads."""
    c = table.c
    return case((c.status == MET, literal(ClockState.met.value)), (c.status == LATE, ClockState.breached.value),
                (c.status == STOPPED, ClockState.stopped.value), (c.paused_since.is_not(None), ClockState.paused.value),
                (c.due_at <= now, ClockState.breached.value), (c.warn_at <= now, ClockState.approaching.value),
                else_=ClockState.running.value)


#: The columns a read shows, labelled `clock_<name>` so they sit beside the subject's own columns in a join.
SHOWN = ("kind", "status", "due_at", "warn_at", "due_on", "provisional", "calendar_version", "rule_ids",
         "paused_since", "extensions", "history")


def shown_columns(table: Table) -> list[ColumnElement]:
    return [table.c[name].label(f"clock_{name}") for name in SHOWN]


def shown(row: Mapping[str, Any], now: datetime, *, prefix: str = "clock_") -> dict | None:
    """A clock as every API shows it (state, due date and time, provisional flag, rules, extensions, history),
    from a row read with `shown_columns`; None when the subject has no such clock."""
    m = {name: row[f"{prefix}{name}"] for name in SHOWN}
    if m["status"] is None:
        return None
    return {"kind": m["kind"], "state": clock_state(m["status"], m["paused_since"], m["due_at"], m["warn_at"], now),
            "due_on": m["due_on"], "due_at": m["due_at"], "provisional": m["provisional"],
            "calendar_version": m["calendar_version"], "rule_ids": list(m["rule_ids"]),
            "paused_since": m["paused_since"], "extensions": list(m["extensions"]), "history": list(m["history"])}


class Clocks:
    """Operations on one service's clock table; every one runs inside the caller's unit of work."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def _where(self, ref: ClockRef) -> ColumnElement[bool]:
        c = self.table.c
        return and_(c.subject_type == ref.subject_type, c.subject_id == ref.subject_id, c.kind == ref.kind)

    async def start(self, uow: UnitOfWork, ref: ClockRef, schedule: Schedule, *, note: str = "started",
                    paused_since: datetime | None = None) -> None:
        """Start the clock, or move a running one to a new schedule (a moved due date may be signalled again)."""
        now = datetime.now(UTC)
        values = _schedule_values(schedule) | {"status": RUNNING, "paused_since": paused_since, "updated_at": now}
        stmt = pg_insert(self.table).values(subject_type=ref.subject_type, subject_id=ref.subject_id,
                                            kind=ref.kind, history=[_entry(note, schedule, now)], **values)
        c = self.table.c
        moved = stmt.excluded.due_at != c.due_at
        await uow.session.execute(stmt.on_conflict_do_update(
            index_elements=["subject_type", "subject_id", "kind"],
            set_={**{name: stmt.excluded[name] for name in values},
                  "history": c.history.op("||")(stmt.excluded.history),
                  "warned_at": case((moved, null()), else_=c.warned_at),
                  "breached_at": case((moved, null()), else_=c.breached_at)}))

    async def pause(self, uow: UnitOfWork, ref: ClockRef, at: datetime) -> None:
        """No signal while paused; `resume` gives the schedule the domain derives with the pause counted."""
        await self._change(uow, ref, {"paused_since": at}, "paused", at)

    async def resume(self, uow: UnitOfWork, ref: ClockRef, schedule: Schedule) -> None:
        await self.start(uow, ref, schedule, note="resumed")

    async def extend(self, uow: UnitOfWork, ref: ClockRef, schedule: Schedule, *, approved_by: str,
                     approved_on: date, days: int, rule_id: str, reason: str | None = None) -> None:
        """An approved extension (DOMAIN §11.1: each needs an approval record): the approver is kept with it."""
        extension = {"days": days, "approved_by": approved_by, "approved_on": approved_on.isoformat(),
                     "rule": rule_id, "reason": reason}
        await self.start(uow, ref, schedule, note=f"extended by {days} days, approved by {approved_by}")
        c = self.table.c
        await uow.session.execute(update(self.table).where(self._where(ref)).values(
            extensions=c.extensions.op("||")(_json([extension]))))

    async def finish(self, uow: UnitOfWork, ref: ClockRef, at: datetime) -> None:
        """The act the clock waited for is done: met if in time, otherwise it stays breached (finished late)."""
        c = self.table.c
        await self._change(uow, ref, {"status": case((c.due_at >= at, MET), else_=LATE), "paused_since": None},
                           "finished", at)

    async def stop(self, uow: UnitOfWork, ref: ClockRef, *, note: str = "stopped") -> None:
        """The clock no longer applies (withdrawn, refused, merged): it reads stopped, never met or breached."""
        await self._change(uow, ref, {"status": STOPPED, "paused_since": None}, note, datetime.now(UTC))

    async def _change(self, uow: UnitOfWork, ref: ClockRef, values: dict, note: str, at: datetime) -> None:
        c = self.table.c
        entry = _json([{"at": at.isoformat(), "note": note}])
        await uow.session.execute(update(self.table).where(self._where(ref), c.status == RUNNING).values(
            **values, history=c.history.op("||")(entry), updated_at=datetime.now(UTC)))

    async def lock(self, uow: UnitOfWork, *refs: ClockRef) -> None:
        """Lock the clocks before their subject: the watcher locks a clock, then its service may lock the subject
        (a 督办 on breach), so a step that locks the subject first and then moves its clock could deadlock with it."""
        if refs:
            await uow.session.execute(select(self.table.c.id).where(or_(*map(self._where, refs)))
                                      .order_by(self.table.c.id).with_for_update())

    async def read(self, uow: UnitOfWork, ref: ClockRef) -> dict | None:
        row = (await uow.session.execute(select(*shown_columns(self.table)).where(self._where(ref)))).mappings().first()
        return shown(row, datetime.now(UTC)) if row else None


def _schedule_values(schedule: Schedule) -> dict:
    return {"rule_ids": list(schedule.rule_ids), "due_at": schedule.due_at, "warn_at": schedule.warn_at,
            "due_on": schedule.due_on, "provisional": schedule.provisional,
            "calendar_version": schedule.calendar_version, "basis": schedule.basis}


def _entry(note: str, schedule: Schedule, at: datetime) -> dict:
    return {"at": at.isoformat(), "note": note} | schedule.as_json()


def _json(value: list[dict]) -> ColumnElement:
    return literal(value, JSONB)
