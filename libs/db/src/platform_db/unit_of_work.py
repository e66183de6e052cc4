"""One transaction per use case: state changes and their outbox rows commit together, or not at all.

The transaction is opened with a plain BEGIN on a connection checked out of the engine's pool as it is (no
SQLAlchemy Connection: that costs more CPU than the round trip), so `uow.driver` (asyncpg, plain SQL) runs in it.
`uow.session` (SQLAlchemy Core statements), made on first use, wraps the same connection in AUTOCOMMIT mode, so
SQLAlchemy never begins or commits anything itself: only `commit()` ends the transaction. The BEGIN doubles as the liveness
check of the pooled connection (no pre-ping round trips): a connection the server dropped is discarded and the
unit of work starts once more on a fresh one.
"""

from types import TracebackType
from typing import Protocol

import asyncpg
import orjson
from sqlalchemy import Connection, PoolProxiedConnection, Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.util import greenlet_spawn

from platform_db import audit
from platform_events import IntegrationEvent, new_envelope, to_kafka

#: What a pooled connection the server has gone away from raises on its first statement (InternalClientError:
#: the server's goodbye arrived while the connection sat in the pool, and the protocol is still consuming it).
DEAD_CONNECTION = (asyncpg.ConnectionDoesNotExistError, asyncpg.InterfaceError, asyncpg.InternalClientError,
                   ConnectionError, OSError)


class UnitOfWork:
    """`async with uow:` opens the transaction; `publish()` stages events; `commit()` writes both atomically."""

    def __init__(self, engine: AsyncEngine, *, source: str, outbox: Table, inbox: Table, custom_plans: bool = False,
                 audit_log: Table | None = None) -> None:
        """`custom_plans`: PostgreSQL plans every statement of this transaction with its own values instead of
        reusing a cached generic plan (plan_cache_mode; for statements whose best plan depends on the values).
        `audit_log`: where a commit inside a changing request records its verified caller (platform_db.audit)."""
        self._engine = engine
        self._insert_audit = audit.insert_sql(audit_log.name) if audit_log is not None else None
        self._source = source
        self._begin_sql = "BEGIN; SET LOCAL plan_cache_mode = force_custom_plan" if custom_plans else "BEGIN"
        # One statement for any number of rows; each row's headers travel as a JSON array of [name, value, …].
        self._insert_outbox = (
            f"INSERT INTO {outbox.name} (event_id, topic, message_key, headers, payload)"
            " SELECT event_id, topic, message_key, ARRAY(SELECT h FROM jsonb_array_elements_text(headers::jsonb)"
            " WITH ORDINALITY AS header(h, n) ORDER BY n), payload"
            " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])"
            " AS staged(event_id, topic, message_key, headers, payload)")
        self._insert_inbox = (f"INSERT INTO {inbox.name} (consumer_group, event_id, event_type) VALUES ($1, $2, $3)"
                              " ON CONFLICT DO NOTHING RETURNING event_id")
        self._staged: list[tuple[str, str, str, str, bytes]] = []
        self._types: list[str] = []
        self._pooled: PoolProxiedConnection | None = None
        self._connection: AsyncConnection | None = None  # made with the session
        self._open = False
        self._session: AsyncSession | None = None
        self.driver: asyncpg.Connection

    async def __aenter__(self) -> "UnitOfWork":
        self._staged, self._types = [], []
        try:
            await self._begin()
        except DEAD_CONNECTION:  # the pooled connection was stale (database restarted): one fresh try
            await self._discard()
            await self._begin()
        return self

    async def _begin(self) -> None:
        self._pooled = await self._engine.raw_connection()
        self.driver = self._pooled.driver_connection
        await self.driver.execute(self._begin_sql)  # one round trip, settings included (simple query protocol)
        self._open = True

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self._open:  # an error, or no commit(): nothing of this unit of work remains
                self._open = False
                await self.driver.execute("ROLLBACK")
        except DEAD_CONNECTION:
            await self._discard()
            return
        await self._close()

    @property
    def session(self) -> AsyncSession:
        """SQLAlchemy Core statements inside this transaction (`await uow.session.execute(stmt)`)."""
        if self._session is None:
            connection = Connection(self._engine.sync_engine, connection=self._pooled)
            connection.execution_options(isolation_level="AUTOCOMMIT")  # no I/O: the driver is not told
            self._connection = AsyncConnection(self._engine, connection)
            self._session = AsyncSession(bind=self._connection, expire_on_commit=False, autoflush=False)
        return self._session

    def publish(self, event: IntegrationEvent, *, subject: str) -> str:
        """Stage an integration event; it is written to the outbox by `commit()`. Returns its ce_id."""
        env = new_envelope(event, source=self._source, subject=subject)
        key, value, headers = to_kafka(env)
        flat = orjson.dumps([part for k, v in headers for part in (k, v.decode())]).decode()
        self._staged.append((env.id, event.topic, key.decode(), flat, value))
        self._types.append(event.event_type)
        return env.id

    async def first_time(self, consumer_group: str, event_id: str, event_type: str) -> bool:
        """Record the event in the inbox; False means this group already handled it (idempotent consumer)."""
        return await self.driver.fetchval(self._insert_inbox, consumer_group, event_id, event_type) is not None

    async def commit(self) -> None:
        actor = audit.current_actor.get()
        if self._insert_audit is not None and actor is not None and actor.changes_state:
            subjects = sorted({key for _, _, key, _, _ in self._staged})
            types = sorted(set(self._types))
            await self.driver.execute(self._insert_audit, *audit.row(
                audit.CHANGE, actor, ", ".join(subjects)[:2000] or None, types, len(self._staged)))
        if self._staged:
            await self.driver.execute(self._insert_outbox, *map(list, zip(*self._staged, strict=True)))
            self._staged, self._types = [], []
        self._open = False  # whatever COMMIT answers, the transaction is over (a failed COMMIT rolls back)
        await self.driver.execute("COMMIT")

    async def _close(self) -> None:
        """Back to the pool: through the session's connection when one was made, else directly."""
        session, connection, pooled = self._session, self._connection, self._pooled
        self._session = self._connection = self._pooled = None
        if session is not None:
            await session.close()
        if connection is not None:
            await connection.close()
        elif pooled is not None:
            await greenlet_spawn(pooled.close)

    async def _discard(self) -> None:
        """Drop a connection the server has closed, so the pool never hands it out again."""
        self._open = False
        if self._pooled is not None:
            await greenlet_spawn(self._pooled.invalidate)  # closes the driver's connection: I/O in SQLAlchemy's bridge
        self._session = None
        await self._close()


class UnitOfWorkFactory(Protocol):
    """What use cases receive: `async with uows() as uow:` (a service's `runtime.uow`)."""

    def __call__(self, *, custom_plans: bool = False) -> UnitOfWork: ...
