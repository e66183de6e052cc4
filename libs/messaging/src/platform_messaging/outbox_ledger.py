"""The outbox as a ledger of what a service published: kept for a retention, summed per day, published again.

A broker can lose messages it acknowledged (the local one forgets everything when it restarts; a real cluster
can lose an unreplicated partition). The producer's outbox still has every event, so it is the reference:

- `prune_sent` keeps sent rows for `outbox.retention_h` hours (default 7 days) instead of forever or never;
- `day_digests` gives, per Asia/Shanghai calendar day, the count of sent events of some types and a SHA-256 over
  their ids in order — what a consumer compares with what it handled (platform_messaging.reconcile);
- `sent_event_ids` lists one day's ids, for the consumer to find which are missing;
- `republish` clears `sent_at` of chosen rows, so the relay sends them again in their original order. Every
  consumer's inbox makes the second delivery of an event it already handled a no-op.

A republished event arrives after later events of its aggregate. Handlers that derive state from events
tolerate that already (the inbox drops duplicates; copies keep the newest version: platform_messaging.local_copy).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, Table, Text, cast, delete, func, literal, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncEngine

#: The platform's calendar day (CONVENTIONS: times are stored in UTC, days are Beijing days).
TIME_ZONE = "Asia/Shanghai"
#: Rows deleted per statement by `prune_sent`, so a first prune after a long time holds no long lock.
PRUNE_BATCH = 10_000
#: Most ids one `republish` call accepts.
MAX_REPUBLISH_IDS = 5_000


@dataclass(frozen=True)
class DayDigest:
    day: date
    count: int
    sha256: str  # hex digest of the day's event ids, sorted, joined by "\n"


def event_type_of(outbox: Table):  # noqa: ANN201 - a SQL expression
    """`ce_type` out of the flattened header array [name, value, name, value, …]."""
    headers = outbox.c.headers
    return headers[func.array_position(headers, literal("ce_type")) + 1]


def _day(outbox: Table):  # noqa: ANN202 - a SQL expression
    return cast(func.timezone(TIME_ZONE, outbox.c.created_at), Date)


async def day_digests(engine: AsyncEngine, outbox: Table, *, event_types: Sequence[str], since: datetime,
                      until: datetime) -> list[DayDigest]:
    """Per day, the sent events of `event_types` created in [since, until): count and SHA-256 of their ids."""
    day = _day(outbox).label("day")
    ids = func.string_agg(cast(outbox.c.event_id, Text), aggregate_order_by(literal("\n", Text), outbox.c.event_id))
    stmt = (select(day, func.count(), func.encode(func.sha256(func.convert_to(ids, literal("UTF8"))), literal("hex")))
            .where(outbox.c.sent_at.is_not(None), outbox.c.created_at >= since, outbox.c.created_at < until,
                   event_type_of(outbox).in_(list(event_types)))
            .group_by(day).order_by(day))
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    return [DayDigest(day=r[0], count=int(r[1]), sha256=r[2]) for r in rows]


async def sent_event_ids(engine: AsyncEngine, outbox: Table, *, event_types: Sequence[str], since: datetime,
                         until: datetime, after: str | None, limit: int) -> list[str]:
    """Ids of the sent events of `event_types` created in [since, until), in id order, after `after`."""
    stmt = (select(outbox.c.event_id)
            .where(outbox.c.sent_at.is_not(None), outbox.c.created_at >= since, outbox.c.created_at < until,
                   event_type_of(outbox).in_(list(event_types)))
            .order_by(outbox.c.event_id).limit(limit))
    if after is not None:
        stmt = stmt.where(outbox.c.event_id > after)
    async with engine.connect() as conn:
        return list((await conn.execute(stmt)).scalars())


async def republish(engine: AsyncEngine, outbox: Table, *, event_ids: Sequence[str] = (), topic: str | None = None,
                    event_types: Sequence[str] = (), since: datetime | None = None,
                    until: datetime | None = None) -> int:
    """Mark sent rows unsent again so the relay publishes them once more; returns how many.

    Either `event_ids`, or a time range [since, until) optionally narrowed to a topic and event types. Rows not
    sent yet are left alone (the relay sends them anyway); ids the outbox no longer has (pruned) are not counted.
    """
    stmt = update(outbox).where(outbox.c.sent_at.is_not(None)).values(sent_at=None)
    if event_ids:
        stmt = stmt.where(outbox.c.event_id.in_(list(event_ids)))
    elif since is None or until is None:
        raise ValueError("republish needs event ids or a time range")
    if since is not None:
        stmt = stmt.where(outbox.c.created_at >= since)
    if until is not None:
        stmt = stmt.where(outbox.c.created_at < until)
    if topic:
        stmt = stmt.where(outbox.c.topic == topic)
    if event_types:
        stmt = stmt.where(event_type_of(outbox).in_(list(event_types)))
    async with engine.begin() as conn:
        return (await conn.execute(stmt)).rowcount


async def prune_sent(engine: AsyncEngine, outbox: Table, *, retention: timedelta) -> int:
    """Delete sent rows created more than `retention` ago, in batches; returns how many."""
    total = 0
    while True:
        oldest = (select(outbox.c.id).where(outbox.c.created_at < func.now() - retention, outbox.c.sent_at.is_not(None))
                  .order_by(outbox.c.id).limit(PRUNE_BATCH).scalar_subquery())
        async with engine.begin() as conn:
            deleted = (await conn.execute(delete(outbox).where(outbox.c.id.in_(oldest)))).rowcount
        total += deleted
        if deleted < PRUNE_BATCH:
            return total
