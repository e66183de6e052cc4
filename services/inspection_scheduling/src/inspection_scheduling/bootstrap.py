"""Composition root of inspection_scheduling: its tables, handlers and topics on the shared runtime, the
results-publicity clock watcher (R-7) and the webhook sender pushing results to the 公示系统 endpoint."""

from pathlib import Path

from inspection_scheduling import consumers
from inspection_scheduling.adapters import tables
from inspection_scheduling.application import publicity
from inspection_scheduling.application.services import Services
from inspection_scheduling.settings import Settings
from platform_calendar import WorkCalendar
from platform_messaging.webhooks import WebhookSender
from platform_runtime import ServiceRuntime, build_runtime, find_migrations
from platform_runtime.clock_watcher import clock_watcher


def migrations_dir() -> Path:
    return find_migrations(__file__)


def build(settings: Settings) -> ServiceRuntime:
    calendar = WorkCalendar(unknown_year=settings.calendar_unknown_year, notices_dir=settings.calendar.notices_dir,
                            refresh_interval_s=settings.calendar.refresh_interval_s)
    runtime = build_runtime(settings, tables=(tables.outbox, tables.inbox, tables.dead_letter),
                            handlers=consumers.HANDLERS, topics=consumers.TOPICS, migrations=migrations_dir(),
                            topics_file=settings.topics_file, consumed=consumers.CONSUMED)
    services = Services(uows=runtime.uow, engine=runtime.engine, calendar=calendar, rules=settings.rules,
                        import_max_bytes=settings.import_max_bytes)
    runtime.services = services
    sender = WebhookSender(engine=runtime.engine, table=tables.webhook_delivery, settings=settings.webhooks,
                           endpoints={publicity.ENDPOINT: settings.publicity}, service=settings.service_name)
    runtime.extra_workers["webhook-sender"] = lambda _, stop: sender.run(stop)
    runtime.extra_workers["deadline-watcher"] = clock_watcher(settings.deadline_scan_interval_s, tables.clock,
                                                              lambda _: publicity.PublicityClockRules(services),
                                                              calendar)
    return runtime
