"""Outbox relay: publishes committed outbox rows and marks them sent only after the broker acknowledged."""

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer
from asyncpg.transaction import Transaction
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from platform_logging import get_logger
from platform_messaging import metrics, tracing
from platform_messaging.outbox_ledger import prune_sent
from platform_messaging.topics import TopicSpec, ensure_topics
from platform_settings import KafkaSettings, OutboxSettings

log = get_logger(__name__)


class TopicShapeMismatch(RuntimeError):
    """A topic on the broker has another partition count than deploy/topics.yaml declares: nothing is sent to it.

    A producer with stale metadata may otherwise send to a partition the broker does not have (the local broker
    acknowledged such sends and lost them), and keys would land on other partitions than before (per-aggregate
    order lost). Operators re-create the topic as declared (the local stack does it itself on a restart).
    """


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
        kafka: KafkaSettings | None = None,
    ) -> None:
        """`kafka`: the settings the producers are built from, for the admin client that declares `topics` with
        the same security; without it, the producer's bootstrap address (the local broker of tests and bench)."""
        self._engine = engine
        self._outbox = outbox
        self._producer_factory = producer_factory
        self._settings = settings
        self._service = service
        self._topics = topics
        self._send_timeout_s = send_timeout_s
        self._kafka = kafka
        self._producer: AIOKafkaProducer | None = None
        self._topics_checked_at: float | None = None
        self._pruned_at: float | None = None
        #: topic → what is wrong with it on the broker; empty when every declared topic is as declared (readiness)
        self.topic_problems: dict[str, str] = {}
        self._claim_sql = str(self._claim_statement().compile(dialect=postgresql.dialect(),
                                                              compile_kwargs={"literal_binds": True}))

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; while the broker is away, back off and keep the rows unsent."""
        backoff = self._settings.poll_interval_s
        while not stop.is_set():
            await self._prune_when_due()
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
        """Publish until the outbox is drained; returns the count sent (0 when there was nothing).

        An ordered pipeline: the next batch is claimed while the current one waits for its acks, and is
        sent only after the current one committed, so a failure can never reorder an aggregate's events.
        """
        producer = await self._ensure_producer()
        await self._check_topics(producer)
        total = 0
        current = await self._claim()
        while current.rows:
            spans = tracing.send_spans()  # None while tracing is off: the stored headers go as they are
            if spans is None:  # the common case decided once per batch, not per row
                pending = [await producer.send(r["topic"], value=r["payload"], key=r["message_key"].encode(),
                                               headers=_pairs(r["headers"])) for r in current.rows]
            else:
                pending = [await producer.send(r["topic"], value=r["payload"], key=r["message_key"].encode(),
                                               headers=spans.headers(r["topic"], r["headers"])) for r in current.rows]
            following = asyncio.create_task(self._claim()) if len(current.rows) == self._settings.batch_size else None
            try:
                await asyncio.wait_for(_acknowledged(pending), self._send_timeout_s)
                await current.release(commit=True)  # the sent_at marks stick only now
            except BaseException as exc:
                _retrieve_errors(pending)
                if spans is not None:
                    spans.end(exc)
                await current.release(commit=False)
                if following is not None:
                    await (await following).release(commit=False)
                raise
            if spans is not None:
                spans.end()
            self._observe(current.rows)
            total += len(current.rows)
            if following is None:
                break
            current = await following
        await current.release(commit=False)
        return total

    async def _claim(self) -> "_Claimed":
        conn = await self._engine.connect()
        # asyncpg directly (no ORM-layer row cost), so the transaction is asyncpg's own: SQLAlchemy's
        # begin() is lazy and would leave this UPDATE autocommitted — marked sent before any ack.
        driver = (await conn.get_raw_connection()).driver_connection
        trans = driver.transaction()
        await trans.start()
        try:
            rows = sorted(await driver.fetch(self._claim_sql), key=lambda r: r["id"])
        except BaseException:
            await trans.rollback()
            await conn.close()
            raise
        return _Claimed(conn, trans, rows)

    def _claim_statement(self):  # noqa: ANN202 - an UPDATE … RETURNING
        out = self._outbox
        oldest_unsent = (
            select(out.c.id)
            .where(out.c.sent_at.is_(None))
            .order_by(out.c.id)
            .limit(self._settings.batch_size)
            .with_for_update(skip_locked=True)
        )
        return (
            update(out)
            .where(out.c.id.in_(oldest_unsent.scalar_subquery()))
            .values(sent_at=func.now())
            .returning(out.c.id, out.c.topic, out.c.message_key, out.c.headers, out.c.payload, out.c.created_at)
        )

    def _observe(self, rows: list) -> None:
        metrics.OUTBOX_PUBLISHED.labels(self._service).inc(len(rows))
        # commit-to-ack delay of the oldest row of the batch: one observation per batch keeps the relay lean
        age = (datetime.now(UTC) - rows[0]["created_at"]).total_seconds()
        metrics.PUBLISH_LAG.labels(self._service).observe(max(age, 0.0))

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._producer_factory()
            await producer.start()
            self._producer = producer
            self._topics_checked_at = None  # a new connection may be to a restarted broker: check before sending
            log.info("outbox_producer_connected", service=self._service)
        return self._producer

    async def _check_topics(self, producer: AIOKafkaProducer) -> None:
        """Every `topic_check_interval_s` (and on each new connection): the declared topics exist with their
        partition counts, or TopicShapeMismatch. Missing ones are created (a restarted memory-only broker has
        forgotten them); the producer's cached metadata is refreshed when it is stale."""
        now = time.monotonic()
        if not self._topics or (self._topics_checked_at is not None
                                and now - self._topics_checked_at < self._settings.topic_check_interval_s):
            return
        cluster = await producer.client.fetch_all_metadata()  # every topic: asks for none, so creates none
        if any(cluster.partitions_for_topic(s.name) is None for s in self._topics):
            await ensure_topics(self._kafka or producer.client._bootstrap_servers, self._topics)
            cluster = await producer.client.fetch_all_metadata()
        problems = {}
        for spec in self._topics:
            found = len(cluster.partitions_for_topic(spec.name) or ())
            metrics.TOPIC_SHAPE_MISMATCH.labels(self._service, spec.name).set(int(found != spec.partitions))
            if found != spec.partitions:
                problems[spec.name] = f"{found} partitions on the broker, {spec.partitions} declared"
        self.topic_problems = problems
        if problems:
            raise TopicShapeMismatch(f"not sending to topics unlike deploy/topics.yaml: {problems}")
        cached = producer.client.cluster
        if any(len(cached.partitions_for_topic(s.name) or ()) not in (0, s.partitions) for s in self._topics):
            await producer.client.force_metadata_update()
        self._topics_checked_at = now

    async def _prune_when_due(self) -> None:
        """Delete rows sent longer ago than the retention, every `prune_interval_s` (first at start)."""
        now = time.monotonic()
        if self._pruned_at is not None and now - self._pruned_at < self._settings.prune_interval_s:
            return
        self._pruned_at = now
        try:
            pruned = await prune_sent(self._engine, self._outbox,
                                      retention=timedelta(hours=self._settings.retention_h))
        except Exception as exc:  # noqa: BLE001 - the database is away: prune next time, publish meanwhile
            log.warning("outbox_prune_failed", error=repr(exc))
            return
        if pruned:
            log.info("outbox_pruned", service=self._service, rows=pruned, retention_h=self._settings.retention_h)

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), 10)
            except (TimeoutError, OSError) as exc:
                log.warning("outbox_producer_stop_failed", error=repr(exc))


@dataclass
class _Claimed:
    """Rows claimed (and provisionally marked sent) in an open transaction."""

    conn: AsyncConnection
    trans: Transaction
    rows: list
    released: bool = False

    async def release(self, *, commit: bool) -> None:
        if self.released:
            return
        self.released = True
        try:
            await (self.trans.commit() if commit else self.trans.rollback())
        finally:
            await self.conn.close()


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


def _pairs(flat: list[str]) -> list[tuple[str, bytes]]:
    values = iter(flat)
    return [(name, value.encode()) for name, value in zip(values, values, strict=True)]


async def _acknowledged(futures: list[asyncio.Future]) -> None:
    """Every send acknowledged, or the first failure raised. Awaited one after another: the acks of a batch arrive
    together, so most futures are done by the time they are awaited, which costs nothing, where `gather` would add
    a callback and a wrapper to each of the batch's 2,000 futures (~10 % of the relay's CPU)."""
    for future in futures:
        await future


def _retrieve_errors(futures: list[asyncio.Future]) -> None:
    """After a failed batch: the other sends' errors count as seen (as `gather` marks them), now or when they end,
    so none is logged as "exception was never retrieved"."""
    for future in futures:
        future.add_done_callback(_seen)


def _seen(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()
