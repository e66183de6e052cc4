"""The deadline watcher as a service's periodic worker: reread the holiday notices, then one clock round."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError

from platform_db import UnitOfWorkFactory
from platform_db.clock_watch import ClockRules, Round, watch_round
from platform_logging import get_logger
from platform_runtime.container import ServiceRuntime
from platform_runtime.periodic import every

log = get_logger(__name__)


class NoticeCalendar(Protocol):
    """What the watcher needs of platform_calendar.WorkCalendar (this lib does not depend on it)."""

    @property
    def version(self) -> str: ...

    def refresh(self) -> list[str]: ...


#: A deadlock or serialization failure with a concurrent step: PostgreSQL rolled the round back, nothing was lost.
TRANSIENT = {"40P01", "40001"}
Worker = Callable[[ServiceRuntime, asyncio.Event], object]


async def pickup(uows: UnitOfWorkFactory, table: Table, rules: ClockRules, calendar: NoticeCalendar, *,
                 now: datetime | None = None, refused: set[str] | None = None) -> Round:
    """One watcher round: reread the holiday notices (a refused file logged once, and skipped), then recompute
    provisional clocks if the calendar changed, signal approaching/breached once, run the service's sweep."""
    seen = refused if refused is not None else set()
    for problem in set(calendar.refresh()) - seen:
        log.error("holiday_notice_refused", problem=problem)
        seen.add(problem)
    return await watch_round(uows, table, rules, now=now or datetime.now(UTC), calendar_version=calendar.version)


def clock_watcher(interval_s: float, table: Table, rules: Callable[[ServiceRuntime], ClockRules],
                  calendar: NoticeCalendar, now: Callable[[], datetime] | None = None) -> Worker:
    """`pickup` every `interval_s` as the service's `deadline-watcher` worker."""
    async def watch(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        service_rules, refused = rules(runtime), set[str]()

        async def round_() -> None:
            try:
                done = await pickup(runtime.uow, table, service_rules, calendar, now=now() if now else None,
                                    refused=refused)
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) not in TRANSIENT:
                    raise
                log.warning("deadline_scan_conflict", error=repr(exc.orig))  # rolled back: the next round redoes it
                return
            if done:
                log.info("deadlines_signalled", recomputed=done.recomputed, changed=done.changed,
                         approaching=done.approaching, breached=done.breached, swept=done.swept)

        await every(interval_s, stop, round_, name="deadline_scan")

    return watch
