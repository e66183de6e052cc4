"""The audit trail: who changed what, and who read confidential data, with the verified identity of the caller.

A request's verified caller is bound to `current_actor` (by the route dependencies of platform_runtime); every
unit of work that commits inside a changing request (POST/PUT/PATCH/DELETE) writes one `audit_log` row in the
same transaction as the change, naming the events it published — the change and its audit row exist together or
not at all. A read that reveals confidential fields writes a row of kind `confidential_read` (`record_read`).
Work a service does on its own (consumers, watchers) has no caller and is traced by its inbox and outbox instead.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_db.paging import Page, decode_id_cursor, encode_cursor

CHANGE = "change"
CONFIDENTIAL_READ = "confidential_read"


@dataclass(frozen=True)
class AuditActor:
    """The verified caller of the request in progress, and the request itself."""

    client_id: str
    subject: str
    acting_client: str | None
    scopes: tuple[str, ...]
    agencies: tuple[str, ...]
    region: str
    request_id: str | None
    method: str
    route: str

    @property
    def changes_state(self) -> bool:
        return self.method not in ("GET", "HEAD", "OPTIONS")


current_actor: ContextVar[AuditActor | None] = ContextVar("audit_actor", default=None)


def add_audit_table(metadata: MetaData) -> Table:
    table = Table(
        "audit_log",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("kind", String(32), nullable=False),  # change | confidential_read
        Column("client_id", String(200), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("acting_client", String(200)),
        Column("scopes", ARRAY(Text), nullable=False),
        Column("agencies", ARRAY(Text), nullable=False),
        Column("region", String(12), nullable=False),
        Column("request_id", String(128)),
        Column("method", String(10), nullable=False),
        Column("route", String(300), nullable=False),
        Column("resource", Text),  # what was read, or the aggregates changed (event subjects)
        Column("event_types", ARRAY(Text), nullable=False),
        Column("event_count", Integer, nullable=False),
    )
    Index("ix_audit_log_client_id_at", table.c.client_id, table.c.at)
    Index("ix_audit_log_subject_at", table.c.subject, table.c.at)
    return table


def insert_sql(table_name: str) -> str:
    return (f"INSERT INTO {table_name} (kind, client_id, subject, acting_client, scopes, agencies, region, request_id,"
            " method, route, resource, event_types, event_count)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")


def row(kind: str, actor: AuditActor, resource: str | None, event_types: list[str], event_count: int) -> tuple:
    return (kind, actor.client_id, actor.subject, actor.acting_client, list(actor.scopes), list(actor.agencies),
            actor.region, actor.request_id, actor.method, actor.route, resource, event_types, event_count)


async def record_read(engine: AsyncEngine, table: Table, resource: str) -> None:
    """Log that the request's caller was shown confidential data of `resource` (its own short transaction)."""
    actor = current_actor.get()
    if actor is None:
        return
    async with engine.begin() as conn:
        raw = await conn.get_raw_connection()
        await raw.driver_connection.execute(insert_sql(table.name), *row(CONFIDENTIAL_READ, actor, resource, [], 0))


async def record_change(engine: AsyncEngine, table: Table, resource: str, *, event_count: int = 0) -> None:
    """Log a change the request's caller made outside a unit of work (e.g. marking outbox rows to send again)."""
    actor = current_actor.get()
    if actor is None:
        return
    async with engine.begin() as conn:
        raw = await conn.get_raw_connection()
        await raw.driver_connection.execute(insert_sql(table.name), *row(CHANGE, actor, resource, [], event_count))


@dataclass(frozen=True)
class AuditQuery:
    """What an auditor asks of the trail; `region` and `agencies` are the caller's data scope (agencies None: the
    whole region, for a region-wide caller)."""

    region: str
    agencies: tuple[str, ...] | None
    client_id: str | None = None
    subject: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_entries(engine: AsyncEngine, table: Table, query: AuditQuery, *, limit: int,
                       cursor: str | None) -> Page:
    """Newest first, `limit` rows at most, after the cursor's row; the next page's cursor when there is one."""
    c = table.c
    stmt = select(table).where(c.region.startswith(query.region)).order_by(c.id.desc()).limit(limit + 1)
    for column, value in ((c.client_id, query.client_id), (c.subject, query.subject), (c.kind, query.kind)):
        if value is not None:
            stmt = stmt.where(column == value)
    if query.agencies is not None:  # a department's auditor sees the acts of its own agencies' callers
        stmt = stmt.where(c.agencies.overlap(list(query.agencies)))
    if query.since is not None:
        stmt = stmt.where(c.at >= query.since)
    if query.until is not None:
        stmt = stmt.where(c.at < query.until)
    if (before := decode_id_cursor(cursor)) is not None:
        stmt = stmt.where(c.id < before)
    async with engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt)).mappings()]
    return Page(rows[:limit], encode_cursor(str(rows[limit - 1]["id"])) if len(rows) > limit else None)
