"""The runtime of one service process: engine, unit of work, relay, consumer, readiness, metrics."""

import asyncio
import gc
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaClient
from sqlalchemy import Table, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_db import UnitOfWork, build_engine
from platform_db.migrations import current_revision, head_revision
from platform_events import IntegrationEvent
from platform_http import ReadinessCheck
from platform_identity import ClientCredentials
from platform_logging import get_logger
from platform_messaging import (
    ConsumerRunner,
    DeadLetterWriter,
    Handler,
    OutboxRelay,
    build_producer,
    kafka_security_options,
    load_topics,
)
from platform_messaging.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE
from platform_messaging.reconcile import Reconciler, Source
from platform_messaging.relay import outbox_backlog
from platform_runtime.tracing import configure_tracing, instrument_engine
from platform_settings import ServiceSettings

log = get_logger(__name__)


def find_migrations(package_file: str) -> Path:
    """The alembic folder: `<service>/migrations` in a checkout, `<package>/_migrations` in a wheel."""
    here = Path(package_file).resolve().parent
    for candidate in (here.parent.parent / "migrations", here / "_migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError(f"no migrations folder next to {here}")


@dataclass
class ServiceRuntime:
    settings: ServiceSettings
    engine: AsyncEngine
    outbox: Table
    inbox: Table
    dead_letter: Table
    relay: OutboxRelay
    consumer: ConsumerRunner
    #: compares consumed events with their producers' outboxes; None when the service consumes nothing or has no
    #: client credentials to ask with
    reconciler: Reconciler | None
    head: str | None
    source: str
    tasks: list[asyncio.Task] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    #: service-specific periodic workers (e.g. a deadline watcher), run beside the relay and the consumer
    extra_workers: dict[str, Callable[["ServiceRuntime", asyncio.Event], Awaitable[None]]] = field(default_factory=dict)
    #: loaded before the API serves its first request (e.g. a dictionary), so no request pays for it
    warm_ups: list[Callable[[], object]] = field(default_factory=list)
    #: the service's own composition (what its use cases need), built by its bootstrap
    services: Any = None
    #: closed with the runtime (e.g. HTTP clients of other services)
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def uow(self, *, custom_plans: bool = False) -> UnitOfWork:
        return UnitOfWork(self.engine, source=self.source, outbox=self.outbox, inbox=self.inbox,
                          custom_plans=custom_plans, audit_log=self.audit_log)

    @property
    def audit_log(self) -> Table | None:
        return self.outbox.metadata.tables.get("audit_log")

    def readiness(self) -> list[ReadinessCheck]:
        broker_timeout = self.settings.kafka.readiness_timeout_s + 1
        return [ReadinessCheck("database", self._database_ready), ReadinessCheck("migrations", self._migrations_ready),
                # reported, not required: writes wait in the outbox, so a broker outage keeps the service in rotation
                ReadinessCheck("broker", self._broker_ready, timeout_s=broker_timeout, required=False),
                ReadinessCheck("topics", self._topics_as_declared, required=False)]

    async def _topics_as_declared(self) -> str | None:
        problems = self.relay.topic_problems
        return "; ".join(f"{topic}: {what}" for topic, what in sorted(problems.items())) or None

    async def _database_ready(self) -> str | None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return None

    async def _migrations_ready(self) -> str | None:
        current = await current_revision(self.engine)
        return None if current == self.head else f"database at {current}, code expects {self.head}"

    async def _broker_ready(self) -> str | None:
        kafka = self.settings.kafka
        client = AIOKafkaClient(bootstrap_servers=kafka.bootstrap_servers,
                                request_timeout_ms=int(kafka.readiness_timeout_s * 1000),
                                **kafka_security_options(kafka))  # a wrong SCRAM password is "broker down" too
        try:
            await asyncio.wait_for(client.bootstrap(), kafka.readiness_timeout_s)
        finally:
            await client.close()
        return None

    async def refresh_metrics(self) -> None:
        try:
            backlog, age = await outbox_backlog(self.engine, self.outbox)
        except (OSError, SQLAlchemyError) as exc:  # the database is away: still serve every other metric
            log.warning("outbox_backlog_unavailable", error=repr(exc))
            return
        OUTBOX_BACKLOG.labels(self.settings.service_name).set(backlog)
        OUTBOX_OLDEST_AGE.labels(self.settings.service_name).set(age)

    def start_workers(self) -> None:
        self.tasks += [asyncio.create_task(self.relay.run(self.stop), name="outbox-relay"),
                       asyncio.create_task(self.consumer.run(self.stop), name="consumer")]
        if self.reconciler is not None:
            self.tasks.append(asyncio.create_task(self.reconciler.run(self.stop), name="reconciler"))
        self.tasks += [asyncio.create_task(work(self, self.stop), name=name) for name, work in self.extra_workers.items()]

    def prepare_to_serve(self) -> None:
        """Load what requests will need, then freeze the heap: see `freeze_heap`."""
        for warm_up in self.warm_ups:
            warm_up()
        freeze_heap()

    async def close(self) -> None:
        self.stop.set()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=15)
        for close in self.closers:
            await close()
        await self.engine.dispose()


#: A request allocates thousands of short-lived objects: collect the young generation after 50,000 new objects
#: instead of Python's 700, so most of them die before a collection and are never promoted (walked again later).
GC_THRESHOLDS = (50_000, 20, 10)


def freeze_heap() -> None:
    """Move everything alive after start-up out of the garbage collector's sight.

    Start-up leaves millions of long-lived objects (modules, a segmentation dictionary, compiled statements)
    that every full collection would walk again: measured in the hotline API, ~20 % of its CPU and pauses of
    ~100 ms that every request in flight waited out. Frozen objects are never collected, which is right for
    objects meant to live as long as the process.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def build_runtime(settings: ServiceSettings, *, tables: tuple[Table, Table, Table], handlers: Mapping[str, Handler],
                  topics: Sequence[str], migrations: Path, topics_file: str | None = None,
                  consumed: Sequence[type[IntegrationEvent]] = ()) -> ServiceRuntime:
    """Wire one service; `tables` = (outbox, inbox, dead_letter) of its own database; `consumed`, the event
    contracts it handles, which it reconciles with their producers (platform_messaging.reconcile)."""
    outbox, inbox, dead_letter = tables
    kafka, name = settings.kafka, settings.service_name
    engine = build_engine(settings.database)
    if (tracer_provider := configure_tracing(settings)) is not None:  # off unless tracing.otlp_endpoint is set
        instrument_engine(engine, tracer_provider)
    declared = load_topics(Path(topics_file), owner=name) if topics_file else []
    relay = OutboxRelay(engine=engine, outbox=outbox, settings=settings.outbox, service=name, topics=declared,
                        producer_factory=lambda: build_producer(kafka, client_suffix="relay", linger_ms=0), kafka=kafka)
    if settings.environment not in ("local", "test"):  # accepted, but ops should hear of it (deploy/README.md)
        for warning in kafka.security_warnings():
            log.warning("kafka_security_weak", detail=warning)
    holder: dict[str, ServiceRuntime] = {}
    consumer = ConsumerRunner(
        kafka=kafka, settings=settings.consumer, group_id=settings.consumer.group_id, topics=topics,
        handlers=handlers, uow_factory=lambda: holder["runtime"].uow(),
        producer_factory=lambda: build_producer(kafka, client_suffix="dlq"),
        dead_letters=DeadLetterWriter(engine=engine, table=dead_letter,
                                      producer_factory=lambda: build_producer(kafka, client_suffix="dlq")),
    )
    reconciler = _reconciler(settings, engine, inbox, dead_letter, consumed)
    if reconciler is not None:
        consumer.on_broker_reset.append(reconciler.wake)
    runtime = ServiceRuntime(settings=settings, engine=engine, outbox=outbox, inbox=inbox, dead_letter=dead_letter,
                             relay=relay, consumer=consumer, reconciler=reconciler, head=head_revision(migrations),
                             source=f"/services/{name}")
    if reconciler is not None:
        runtime.closers.append(reconciler.aclose)
    holder["runtime"] = runtime
    return runtime


def _reconciler(settings: ServiceSettings, engine: AsyncEngine, inbox: Table, dead_letter: Table,
                consumed: Sequence[type[IntegrationEvent]]) -> Reconciler | None:
    """One source per producing service (the contract's module: platform_events.contracts.<producer>)."""
    by_producer: dict[str, list[str]] = {}
    for event in consumed:
        by_producer.setdefault(event.__module__.rsplit(".", 1)[-1], []).append(event.event_type)
    if not by_producer or not settings.reconcile.enabled:
        return None
    identity = settings.identity
    if not identity.client_id or identity.client_secret is None:
        log.warning("reconciliation_off", detail="identity.client_id is not set: consumed events are not "
                    "reconciled with their producers (a broker that loses messages loses them for good)")
        return None
    unknown = sorted(set(by_producer) - set(settings.reconcile.sources))
    if unknown:
        raise ValueError(f"reconcile.sources has no base URL for {unknown}")
    sources = [Source(producer, settings.reconcile.sources[producer], tuple(types))
               for producer, types in sorted(by_producer.items())]
    return Reconciler(engine=engine, inbox=inbox, dead_letter=dead_letter, group_id=settings.consumer.group_id,
                      sources=sources, settings=settings.reconcile,
                      auth=ClientCredentials(identity, scope="events:reconcile"))
