"""Composition root of legality_review: its tables, handlers, topics and use-case services on the shared runtime."""

from pathlib import Path

from legality_review import consumers
from legality_review.adapters import tables
from legality_review.adapters.tables import clock
from legality_review.application.review_clock import ReviewClockRules
from legality_review.application.services import Services
from legality_review.settings import Settings
from platform_calendar import WorkCalendar
from platform_runtime import ServiceRuntime, build_runtime, find_migrations
from platform_runtime.clock_watcher import clock_watcher


def migrations_dir() -> Path:
    return find_migrations(__file__)


def build(settings: Settings) -> ServiceRuntime:
    holder: dict[str, ServiceRuntime] = {}
    calendar = WorkCalendar(unknown_year=settings.calendar_unknown_year, notices_dir=settings.calendar.notices_dir,
                            refresh_interval_s=settings.calendar.refresh_interval_s)
    services = Services(uows=lambda **options: holder["runtime"].uow(**options), calendar=calendar,
                        rules=settings.rules, file_review=settings.file_review)
    runtime = build_runtime(settings, tables=(tables.outbox, tables.inbox, tables.dead_letter),
                            handlers=consumers.handlers(services), topics=consumers.TOPICS,
                            migrations=migrations_dir(), topics_file=settings.topics_file,
                            consumed=consumers.CONSUMED)
    holder["runtime"] = runtime
    runtime.services = services
    runtime.extra_workers["deadline-watcher"] = clock_watcher(settings.deadline_scan_interval_s, clock,
                                                              lambda _: ReviewClockRules(services), calendar)
    return runtime
