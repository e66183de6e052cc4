"""Composition root of case_intake: its tables, handlers, topics and use-case services on the shared runtime."""

from datetime import timedelta
from pathlib import Path

import httpx

from case_intake import consumers
from case_intake.adapters import tables
from case_intake.adapters.list_management import ListManagement
from case_intake.adapters.tables import clock
from case_intake.application.deadlines import CaseClockRules
from case_intake.application.services import Services
from case_intake.settings import Settings
from platform_calendar import WorkCalendar
from platform_db import audit
from platform_identity import ClientCredentials
from platform_logging import get_logger
from platform_runtime import ServiceRuntime, build_runtime, find_migrations
from platform_runtime.clock_watcher import clock_watcher

#: What case_intake reads from list_management with its own client-credentials token.
LIST_MANAGEMENT_SCOPE = "lists:read matters:read departments:read personnel:read"


def migrations_dir() -> Path:
    return find_migrations(__file__)


def build(settings: Settings, *, list_management_transport: httpx.AsyncBaseTransport | None = None) -> ServiceRuntime:
    """`list_management_transport` lets tests serve list_management's real app in-process."""
    holder: dict[str, ServiceRuntime] = {}
    auth = _own_token(settings)
    client = httpx.AsyncClient(base_url=settings.list_management.base_url, timeout=settings.list_management.timeout_s,
                               transport=list_management_transport, auth=auth)

    async def record_read(resource: str) -> None:
        runtime = holder["runtime"]
        await audit.record_read(runtime.engine, runtime.audit_log, resource=resource)

    calendar = WorkCalendar(unknown_year=settings.calendar_unknown_year, notices_dir=settings.calendar.notices_dir,
                            refresh_interval_s=settings.calendar.refresh_interval_s)
    services = Services(uows=lambda **options: holder["runtime"].uow(**options), calendar=calendar, rules=settings.rules,
                        lists=ListManagement(client), publicity=settings.publicity, credit=settings.credit,
                        record_read=record_read, received_at_skew=timedelta(seconds=settings.received_at_skew_s))
    runtime = build_runtime(settings, tables=(tables.outbox, tables.inbox, tables.dead_letter),
                            handlers=consumers.handlers(services), topics=consumers.TOPICS,
                            migrations=migrations_dir(), topics_file=settings.topics_file,
                            consumed=consumers.CONSUMED)
    holder["runtime"] = runtime
    runtime.services = services
    runtime.closers.append(client.aclose)
    if auth is not None:
        runtime.closers.append(auth.aclose)
    runtime.extra_workers["deadline-watcher"] = clock_watcher(settings.deadline_scan_interval_s, clock,
                                                              lambda _: CaseClockRules(services), calendar)
    for warning in settings.credit.startup_warnings():  # §10: a key the deployment should set (CR-1)
        get_logger(__name__).warning("configuration_incomplete", detail=warning)
    return runtime


def _own_token(settings: Settings) -> ClientCredentials | None:
    """case_intake's own client-credentials token for list_management (README: Identity); none when no client is
    configured (list_management then answers 401, which a decision reports as 503)."""
    if not settings.identity.client_id:
        get_logger(__name__).warning("own_client_not_configured", detail="identity.client_id is not set: calls to "
                                     "list_management carry no token and are refused")
        return None
    return ClientCredentials(settings.identity, scope=LIST_MANAGEMENT_SCOPE)
