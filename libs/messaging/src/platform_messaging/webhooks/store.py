"""The HTTP outbox: webhook deliveries written in the unit of work of the change they report, listed, replayed.

A delivery belongs to an endpoint (a name in the service's settings, so its url and secret can change) and an
aggregate key; per (endpoint, aggregate key) deliveries go out one after the other in the order they were staged,
and a `send_failed` one holds back the later ones until it is replayed or skipped.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_db import UnitOfWork

PENDING, SENT, SEND_FAILED, SKIPPED = "pending", "sent", "send_failed", "skipped"
STATUSES = (PENDING, SENT, SEND_FAILED, SKIPPED)
#: Statuses that hold back the later deliveries of their aggregate.
UNFINISHED = (PENDING, SEND_FAILED)


def add_webhook_table(metadata: MetaData) -> Table:
    """The `webhook_delivery` table of a service that sends webhooks (beside its messaging tables)."""
    table = Table(
        "webhook_delivery",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),  # staging order
        Column("webhook_id", String(64), nullable=False, unique=True),  # the same on every attempt
        Column("endpoint", String(100), nullable=False),
        Column("aggregate_key", String(200), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("body", LargeBinary, nullable=False),  # the exact bytes signed and sent
        Column("status", String(20), nullable=False, server_default=PENDING),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("last_status", Integer),  # HTTP status of the last answer (none: no answer)
        Column("last_error", Text),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True)),
        Column("replayed_at", DateTime(timezone=True)),
        Column("replay_count", Integer, nullable=False, server_default=text("0")),
    )
    unfinished = table.c.status.in_(UNFINISHED)
    Index("ix_webhook_delivery_due", table.c.next_attempt_at, postgresql_where=table.c.status == PENDING)
    Index("ix_webhook_delivery_unfinished", table.c.endpoint, table.c.aggregate_key, table.c.id,
          postgresql_where=unfinished)
    Index(None, table.c.aggregate_key, table.c.id)
    Index(None, table.c.status, table.c.id)
    return table


@dataclass(frozen=True)
class Webhook:
    """One delivery to stage: its JSON payload goes out as the body, byte for byte the same on every attempt."""

    endpoint: str
    aggregate_key: str
    event_type: str
    payload: dict


def body_of(payload: dict) -> bytes:
    """Compact JSON with sorted keys, non-ASCII as UTF-8."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


async def stage(uow: UnitOfWork, table: Table, webhooks: list[Webhook]) -> list[str]:
    """Write deliveries inside the open unit of work: they exist once its commit does, never otherwise. Returns
    their webhook-ids, in order."""
    if not webhooks:
        return []
    ids = [str(uuid.uuid4()) for _ in webhooks]
    await uow.driver.execute(
        f"INSERT INTO {table.name} (webhook_id, endpoint, aggregate_key, event_type, body)"
        " SELECT webhook_id, endpoint, aggregate_key, event_type, body"
        " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY"
        " AS w(webhook_id, endpoint, aggregate_key, event_type, body, n) ORDER BY n",
        ids, [w.endpoint for w in webhooks], [w.aggregate_key for w in webhooks],
        [w.event_type for w in webhooks], [body_of(w.payload) for w in webhooks])
    return ids


async def list_deliveries(engine: AsyncEngine, table: Table, *, status: str | None = None,
                          aggregate_key: str | None = None, endpoint: str | None = None, limit: int = 50,
                          after_id: int = 0) -> tuple[list[dict], bool]:
    """Deliveries in staging order after `after_id`, filtered; (items, whether more follow)."""
    c = table.c
    stmt = select(table).where(c.id > after_id).order_by(c.id).limit(limit + 1)
    for column, value in ((c.status, status), (c.aggregate_key, aggregate_key), (c.endpoint, endpoint)):
        if value is not None:
            stmt = stmt.where(column == value)
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).mappings().all()
    return [_item(r) for r in rows[:limit]], len(rows) > limit


def _item(row) -> dict:  # noqa: ANN001 - a SQLAlchemy row mapping
    item = {k: v for k, v in row.items() if k != "body"}
    try:
        item["payload"] = orjson.loads(row["body"])
    except orjson.JSONDecodeError:
        item["payload"] = row["body"].decode("utf-8", "replace")
    return item


class DeliveryNotFound(LookupError):
    pass


class DeliveryNotFailed(ValueError):
    """Only a send_failed delivery is replayed or skipped; `status` is what it is instead."""

    def __init__(self, delivery_id: int, status: str) -> None:
        super().__init__(f"webhook delivery {delivery_id} is {status}; only a send_failed one is replayed or skipped")
        self.status = status


async def replay(engine: AsyncEngine, table: Table, delivery_id: int) -> dict:
    """Queue a send_failed delivery again with fresh attempts and age; same webhook-id, so receivers dedupe."""
    return await _from_failed(engine, table, delivery_id, status=PENDING, attempts=0, next_attempt_at=func.now(),
                              replayed_at=func.now(), replay_count=table.c.replay_count + 1)


async def skip(engine: AsyncEngine, table: Table, delivery_id: int) -> dict:
    """Give a send_failed delivery up for good: it is never sent, and its aggregate's later deliveries proceed."""
    return await _from_failed(engine, table, delivery_id, status=SKIPPED)


async def _from_failed(engine: AsyncEngine, table: Table, delivery_id: int, **values: object) -> dict:
    c = table.c
    changed = (table.update().where(c.id == delivery_id, c.status == SEND_FAILED).values(**values)
               .returning(*c))
    async with engine.begin() as conn:
        row = (await conn.execute(changed)).mappings().first()
        if row is None:
            status = (await conn.execute(select(c.status).where(c.id == delivery_id))).scalar()
            if status is None:
                raise DeliveryNotFound(delivery_id)
            raise DeliveryNotFailed(delivery_id, status)
    return _item(row)


async def unfinished_counts(engine: AsyncEngine, table: Table) -> list[tuple[str, str, int, datetime]]:
    """(endpoint, status, count, oldest created_at) of pending and send_failed deliveries — for the gauges."""
    c = table.c
    stmt = (select(c.endpoint, c.status, func.count(), func.min(c.created_at)).where(c.status.in_(UNFINISHED))
            .group_by(c.endpoint, c.status))
    async with engine.connect() as conn:
        return [tuple(r) for r in await conn.execute(stmt)]
