"""Composition root: the only place that builds engines, producers, the relay and the consumer."""

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaClient
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from list_management.adapters import tables
from list_management.consumers import HANDLERS, TOPICS
from list_management.settings import Settings
from platform_db import UnitOfWork, build_engine, session_factory
from platform_db.migrations import current_revision, head_revision
from platform_http import ReadinessCheck
from platform_logging import get_logger
from platform_messaging import ConsumerRunner, DeadLetterWriter, OutboxRelay, build_producer, load_topics
from platform_messaging.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE
from platform_messaging.relay import outbox_backlog

SOURCE = "/services/list_management"
log = get_logger(__name__)


def migrations_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / "migrations", here / "_migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError("list_management migrations folder not found")


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    relay: OutboxRelay
    consumer: ConsumerRunner
    head: str | None
    tasks: list[asyncio.Task] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, source=SOURCE, outbox=tables.outbox, inbox=tables.inbox)

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)

    def readiness(self) -> list[ReadinessCheck]:
        timeout = self.settings.kafka.readiness_timeout_s
        return [
            ReadinessCheck("database", self._database_ready),
            ReadinessCheck("migrations", self._migrations_ready),
            ReadinessCheck("broker", self._broker_ready, timeout_s=timeout + 1),
        ]

    async def _database_ready(self) -> str | None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return None

    async def _migrations_ready(self) -> str | None:
        current = await current_revision(self.engine)
        return None if current == self.head else f"database at {current}, code expects {self.head}"

    async def _broker_ready(self) -> str | None:
        client = AIOKafkaClient(
            bootstrap_servers=self.settings.kafka.bootstrap_servers,
            request_timeout_ms=int(self.settings.kafka.readiness_timeout_s * 1000),
        )
        try:
            await asyncio.wait_for(client.bootstrap(), self.settings.kafka.readiness_timeout_s)
        finally:
            await client.close()
        return None

    async def refresh_metrics(self) -> None:
        try:
            backlog, age = await outbox_backlog(self.engine, tables.outbox)
        except (OSError, SQLAlchemyError) as exc:  # the database is away: still serve every other metric
            log.warning("outbox_backlog_unavailable", error=repr(exc))
            return
        OUTBOX_BACKLOG.labels(self.settings.service_name).set(backlog)
        OUTBOX_OLDEST_AGE.labels(self.settings.service_name).set(age)

    def start_workers(self) -> None:
        self.tasks += [asyncio.create_task(self.relay.run(self.stop), name="outbox-relay"),
                       asyncio.create_task(self.consumer.run(self.stop), name="consumer")]

    async def close(self) -> None:
        self.stop.set()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=15)
        await self.engine.dispose()


def build(settings: Settings) -> Container:
    engine = build_engine(settings.database)
    topics = load_topics(Path(settings.topics_file), owner="list_management") if settings.topics_file else []
    relay = OutboxRelay(
        engine=engine, outbox=tables.outbox, producer_factory=lambda: build_producer(settings.kafka, client_suffix="relay", linger_ms=0),
        settings=settings.outbox, service=settings.service_name, topics=topics,
    )
    holder: dict[str, Container] = {}
    consumer = ConsumerRunner(
        kafka=settings.kafka, settings=settings.consumer, group_id=settings.consumer.group_id, topics=TOPICS,
        handlers=HANDLERS, uow_factory=lambda: holder["c"].uow(),
        producer_factory=lambda: build_producer(settings.kafka, client_suffix="dlq"),
        dead_letters=DeadLetterWriter(engine=engine, table=tables.dead_letter,
                                      producer_factory=lambda: build_producer(settings.kafka, client_suffix="dlq")),
    )
    container = Container(settings=settings, engine=engine, relay=relay, consumer=consumer,
                          head=head_revision(migrations_dir()))
    holder["c"] = container
    return container
