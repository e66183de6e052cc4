"""Dead letters: messages given up on go to `<topic>.dlq.<group>` and a table, to be listed and replayed."""

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from aiokafka import AIOKafkaProducer, ConsumerRecord
from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_events import Envelope, from_kafka
from platform_logging import get_logger
from platform_messaging import metrics

log = get_logger(__name__)


def dead_letter_topic(topic: str, group: str) -> str:
    return f"{topic}.dlq.{group}"


class DeadLetterWriter:
    """Publishes the original message plus error headers to the DLQ topic, then records it."""

    def __init__(self, *, engine: AsyncEngine, table: Table, producer_factory: Callable[[], AIOKafkaProducer]) -> None:
        self._engine = engine
        self._table = table
        self._producer_factory = producer_factory

    async def send(self, group: str, record: ConsumerRecord, error: BaseException, *, attempts: int) -> None:
        headers = list(record.headers or ()) + [
            ("x-error-type", type(error).__name__.encode()),
            ("x-error-message", str(error)[:1000].encode()),
            ("x-error-trace", "".join(traceback.format_exception(error))[-2000:].encode()),
            ("x-original-topic", record.topic.encode()),
            ("x-original-partition", str(record.partition).encode()),
            ("x-original-offset", str(record.offset).encode()),
            ("x-consumer-group", group.encode()),
            ("x-attempts", str(attempts).encode()),
            ("x-dead-lettered-at", datetime.now(UTC).isoformat().encode()),
        ]
        producer = self._producer_factory()
        await producer.start()
        try:
            await producer.send_and_wait(
                dead_letter_topic(record.topic, group), value=record.value, key=record.key, headers=headers
            )
        finally:
            await producer.stop()
        await self._record(group, record, error, attempts)
        metrics.DEAD_LETTERS.labels(group).inc()
        log.error("event_dead_lettered", group=group, topic=record.topic, offset=record.offset, error=repr(error))

    async def _record(self, group: str, record: ConsumerRecord, error: BaseException, attempts: int) -> None:
        row = {
            "consumer_group": group,
            "topic": record.topic,
            "partition": record.partition,
            "offset": record.offset,
            "message_key": record.key.decode("utf-8", "replace") if record.key else None,
            "headers": [[k, v.decode("utf-8", "replace")] for k, v in record.headers or ()],
            "payload": record.value or b"",
            "error_type": type(error).__name__,
            "error_message": str(error)[:4000],
            "attempts": attempts,
        }
        stmt = pg_insert(self._table).values(**row).on_conflict_do_nothing()
        async with self._engine.begin() as conn:
            await conn.execute(stmt)


@dataclass(frozen=True)
class DeadLetterView:
    id: int
    consumer_group: str
    topic: str
    partition: int
    offset: int
    event_id: str | None
    event_type: str | None
    error_type: str
    error_message: str
    attempts: int
    dead_lettered_at: datetime
    replayed_at: datetime | None
    replay_count: int


async def list_dead_letters(
    engine: AsyncEngine, table: Table, *, limit: int = 50, after_id: int = 0, pending_only: bool = False
) -> list[DeadLetterView]:
    stmt = select(table).where(table.c.id > after_id).order_by(table.c.id).limit(limit)
    if pending_only:
        stmt = stmt.where(table.c.replayed_at.is_(None))
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).mappings().all()
    return [_view(r) for r in rows]


def _view(r) -> DeadLetterView:  # noqa: ANN001 - a SQLAlchemy row mapping
    headers = dict(r["headers"])
    return DeadLetterView(
        id=r["id"],
        consumer_group=r["consumer_group"],
        topic=r["topic"],
        partition=r["partition"],
        offset=r["offset"],
        event_id=headers.get("ce_id"),
        event_type=headers.get("ce_type"),
        error_type=r["error_type"],
        error_message=r["error_message"],
        attempts=r["attempts"],
        dead_lettered_at=r["dead_lettered_at"],
        replayed_at=r["replayed_at"],
        replay_count=r["replay_count"],
    )


class EnvelopeHandler(Protocol):
    group_id: str

    async def handle(self, env: Envelope) -> str: ...


class DeadLetterNotFound(LookupError):
    pass


async def replay_dead_letter(engine: AsyncEngine, table: Table, dead_letter_id: int, runner: EnvelopeHandler) -> str:
    """Run the stored message through its group's handler again (same ce_id, so still exactly-once in effect).

    Raises the handler's error if it still fails; the dead letter then stays pending.
    """
    async with engine.connect() as conn:
        row = (await conn.execute(select(table).where(table.c.id == dead_letter_id))).mappings().first()
    if row is None or row["consumer_group"] != runner.group_id:
        raise DeadLetterNotFound(dead_letter_id)
    env = from_kafka(row["payload"], [(k, v.encode()) for k, v in row["headers"]])
    outcome = await runner.handle(env)
    async with engine.begin() as conn:
        await conn.execute(
            update(table)
            .where(table.c.id == dead_letter_id)
            .values(replayed_at=datetime.now(UTC), replay_count=table.c.replay_count + 1)
        )
    return outcome
