"""Composition root of list_management: its tables, handlers and topics on the shared runtime."""

from pathlib import Path

from list_management.adapters import tables
from list_management.application.services import Services
from list_management.consumers import CONSUMED, HANDLERS, TOPICS
from list_management.settings import Settings
from platform_runtime import ServiceRuntime, build_runtime, find_migrations

Container = ServiceRuntime


def migrations_dir() -> Path:
    return find_migrations(__file__)


def build(settings: Settings) -> ServiceRuntime:
    runtime = build_runtime(settings, tables=(tables.outbox, tables.inbox, tables.dead_letter), handlers=HANDLERS,
                            topics=TOPICS, migrations=migrations_dir(), topics_file=settings.topics_file,
                            consumed=CONSUMED)
    runtime.services = Services(uow=runtime.uow, engine=runtime.engine, rules=settings.rules)
    return runtime
