"""Outbox relay: publishes committed outbox rows and marks them sent only after the broker acknowledged."""

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_logging import get_logger
from platform_messaging import metrics
from platform_messaging.topics import TopicSpec, ensure_topics
from platform_settings import OutboxSettings

log = get_logger(__name__)


class OutboxRelay:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        outbox: Table,
        producer_factory: Callable[[], AIOKafkaProducer],
        settings: OutboxSettings,
        service: str,
        topics: Sequence[TopicSpec] = (),
        send_timeout_s: float = 15.0,
    ):
        self._engine = engine
        self._outbox = outbox
        self._producer_factory = producer_factory
        self._settings = settings
        self._service = service
        self._topics = topics
        self._send_timeout_s = send_timeout_s
        self._producer: AIOKafkaProducer | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; while the broker is away, back off and keep the rows unsent."""
        backoff = self._settings.poll_interval_s
        while not stop.is_set():
            try:
                sent = await self.publish_batch()
                backoff = self._settings.poll_interval_s
            except Exception as exc:  # noqa: BLE001 - any failure means "not sent yet": back off, retry
                metrics.OUTBOX_PUBLISH_FAILURES.labels(self._service).inc()
                log.warning("outbox_publish_failed", error=repr(exc), retry_in_s=round(backoff, 3))
                await self._drop_producer()
                sent = 0
                backoff = min(backoff * 2 if backoff >= 0.1 else 0.1, self._settings.max_backoff_s)
            if sent < self._settings.batch_size:
                await _sleep_unless(stop, backoff)
        await self._drop_producer()

    async def publish_batch(self) -> int:
        """One round: claim up to batch_size unsent rows, publish them, mark them sent. Returns the count."""
        producer = await self._ensure_producer()
        out = self._outbox
        async with self._engine.begin() as conn:
            claim = (
                select(out.c.id, out.c.topic, out.c.message_key, out.c.headers, out.c.payload, out.c.created_at)
                .where(out.c.sent_at.is_(None))
                .order_by(out.c.id)
                .limit(self._settings.batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = (await conn.execute(claim)).all()
            if not rows:
                return 0
            pending = [
                await producer.send(
                    r.topic, value=r.payload, key=r.message_key.encode(), headers=[(k, v.encode()) for k, v in r.headers]
                )
                for r in rows
            ]
            await asyncio.wait_for(asyncio.gather(*pending), self._send_timeout_s)
            now = datetime.now(UTC)
            await conn.execute(update(out).where(out.c.id.in_([r.id for r in rows])).values(sent_at=now))
        self._observe(rows, now)
        return len(rows)

    def _observe(self, rows: list, now: datetime) -> None:
        metrics.OUTBOX_PUBLISHED.labels(self._service).inc(len(rows))
        lag = metrics.PUBLISH_LAG.labels(self._service)
        for r in rows:
            lag.observe(max((now - r.created_at).total_seconds(), 0.0))

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._producer_factory()
            await producer.start()
            self._producer = producer
            if self._topics:  # a restarted memory-only broker has forgotten its topics
                await ensure_topics(producer.client._bootstrap_servers, self._topics)
            log.info("outbox_producer_connected", service=self._service)
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), 10)
            except (TimeoutError, OSError) as exc:
                log.warning("outbox_producer_stop_failed", error=repr(exc))


async def outbox_backlog(engine: AsyncEngine, outbox: Table) -> tuple[int, float]:
    """(unsent rows, age in seconds of the oldest unsent row) — for /metrics."""
    stmt = select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
    async with engine.connect() as conn:
        count, oldest = (await conn.execute(stmt)).one()
    age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
    return int(count), max(age, 0.0)


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass
