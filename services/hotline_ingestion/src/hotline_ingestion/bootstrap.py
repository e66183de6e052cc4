"""Composition root of hotline_ingestion: its tables, handlers and topics on the shared runtime."""

from pathlib import Path

from hotline_ingestion.adapters import tables
from hotline_ingestion.application import feedback
from hotline_ingestion.application.order_clock import OrderClockRules
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.application.services import Services
from hotline_ingestion.consumers import CONSUMED, HANDLERS, TOPICS
from hotline_ingestion.domain.routing import load_segmenter
from hotline_ingestion.settings import Settings
from platform_messaging.webhooks import WebhookSender
from platform_runtime import ServiceRuntime, build_runtime, find_migrations
from platform_runtime.clock_watcher import clock_watcher


def migrations_dir() -> Path:
    return find_migrations(__file__)


def build(settings: Settings) -> ServiceRuntime:
    runtime = build_runtime(settings, tables=(tables.outbox, tables.inbox, tables.dead_letter), handlers=HANDLERS,
                            topics=TOPICS, migrations=migrations_dir(), topics_file=settings.topics_file,
                            consumed=CONSUMED)
    sender = WebhookSender(engine=runtime.engine, table=tables.webhook_delivery, settings=settings.webhooks,
                           endpoints={feedback.ENDPOINT: settings.feedback}, service=settings.service_name)
    runtime.extra_workers["webhook-sender"] = lambda _, stop: sender.run(stop)
    policies = Policies.from_settings(settings)
    runtime.services = Services(uows=runtime.uow, engine=runtime.engine, policies=policies,
                                bulk_max_items=settings.bulk_max_items,
                                open311_jurisdiction_id=settings.open311_jurisdiction_id)
    runtime.extra_workers["deadline-watcher"] = clock_watcher(settings.deadline_scan_interval_s, tables.clock,
                                                              lambda _: OrderClockRules(policies),
                                                              policies.clocks.calendar)
    runtime.warm_ups.append(load_segmenter)  # jieba's dictionary: about a second, not on the first request
    return runtime
