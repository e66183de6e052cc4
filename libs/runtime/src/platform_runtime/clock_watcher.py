"""The deadline watcher as a service's periodic worker: reread the holiday notices, then one clock round."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError

from platform_db.clock_watch import ClockRules, watch_round
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


def clock_watcher(interval_s: float, table: Table, rules: Callable[[ServiceRuntime], ClockRules],
                  calendar: NoticeCalendar, now: Callable[[], datetime] | None = None) -> Worker:
    """Every `interval_s`: pick up notice files (a refused file is logged once, and skipped), recompute provisional
    clocks if the calendar changed, signal approaching/breached once, run the service's sweep."""
    async def watch(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        service_rules, refused = rules(runtime), set[str]()

        async def round_() -> None:
            for problem in set(calendar.refresh()) - refused:
                log.error("holiday_notice_refused", problem=problem)
                refused.add(problem)
            try:
                done = await watch_round(runtime.uow, table, service_rules, now=now() if now else datetime.now(UTC),
                                         calendar_version=calendar.version)
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
