"""Composition root of case_intake: its tables, handlers, topics and use-case services on the shared runtime."""

from pathlib import Path

import httpx

from case_intake import consumers
from case_intake.adapters import tables
from case_intake.adapters.list_management import ListManagement
from case_intake.application.deadlines import deadline_watcher
from case_intake.application.services import Services
from case_intake.settings import Settings
from platform_calendar import WorkCalendar
from platform_logging import get_logger
from platform_runtime import ServiceRuntime, build_runtime, find_migrations


def migrations_dir() -> Path:
    return find_migrations(__file__)


def build(settings: Settings, *, list_management_transport: httpx.AsyncBaseTransport | None = None) -> ServiceRuntime:
    """`list_management_transport` lets tests serve list_management's real app in-process."""
    holder: dict[str, ServiceRuntime] = {}
    client = httpx.AsyncClient(base_url=settings.list_management.base_url, timeout=settings.list_management.timeout_s,
                               transport=list_management_transport)
    services = Services(uows=lambda **options: holder["runtime"].uow(**options),
                        calendar=WorkCalendar(unknown_year=settings.calendar_unknown_year), rules=settings.rules,
                        lists=ListManagement(client), publicity=settings.publicity, credit=settings.credit)
    runtime = build_runtime(settings, tables=(tables.outbox, tables.inbox, tables.dead_letter),
                            handlers=consumers.handlers(services), topics=consumers.TOPICS,
                            migrations=migrations_dir(), topics_file=settings.topics_file)
    holder["runtime"] = runtime
    runtime.services = services
    runtime.closers.append(client.aclose)
    runtime.extra_workers["deadline-watcher"] = deadline_watcher(settings.deadline_scan_interval_s)
    for warning in settings.credit.startup_warnings():  # §10: a key the deployment should set (CR-1)
        get_logger(__name__).warning("configuration_incomplete", detail=warning)
    return runtime
