"""One transaction per use case: state changes and their outbox rows commit together, or not at all.

The transaction is asyncpg's own, opened on a pooled connection that SQLAlchemy holds in AUTOCOMMIT mode, so
SQLAlchemy never begins or commits anything itself: `uow.session` (Core statements) and `uow.driver` (plain SQL
for hot paths) run inside the same transaction, and only `commit()` ends it. The BEGIN that opens it doubles as
the liveness check of the pooled connection (no pre-ping round trips): a connection the server dropped is
discarded and the unit of work starts once more on a fresh one.
"""

from collections.abc import Callable
from types import TracebackType

import asyncpg
from asyncpg.transaction import Transaction
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from platform_events import IntegrationEvent, new_envelope, to_kafka

#: What a pooled connection the server has gone away from raises on its first statement.
DEAD_CONNECTION = (asyncpg.ConnectionDoesNotExistError, asyncpg.InterfaceError, ConnectionError, OSError)


class UnitOfWork:
    """`async with uow:` opens the transaction; `publish()` stages events; `commit()` writes both atomically."""

    def __init__(self, engine: AsyncEngine, *, source: str, outbox: Table, inbox: Table):
        self._engine = engine
        self._source = source
        self._insert_outbox = (f"INSERT INTO {outbox.name} (event_id, topic, message_key, headers, payload)"
                               " VALUES ($1, $2, $3, $4, $5)")
        self._insert_inbox = (f"INSERT INTO {inbox.name} (consumer_group, event_id, event_type) VALUES ($1, $2, $3)"
                              " ON CONFLICT DO NOTHING RETURNING event_id")
        self._staged: list[tuple[str, str, str, list[str], bytes]] = []
        self._connection: AsyncConnection | None = None
        self._transaction: Transaction | None = None
        self._session: AsyncSession | None = None
        self.driver: asyncpg.Connection

    async def __aenter__(self) -> "UnitOfWork":
        self._staged = []
        try:
            await self._begin()
        except DEAD_CONNECTION:  # the pooled connection was stale (database restarted): one fresh try
            await self._discard()
            await self._begin()
        return self

    async def _begin(self) -> None:
        self._connection = await self._engine.connect()
        await self._connection.execution_options(isolation_level="AUTOCOMMIT")
        self.driver = (await self._connection.get_raw_connection()).driver_connection
        self._transaction = self.driver.transaction()
        await self._transaction.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        transaction, self._transaction = self._transaction, None
        try:
            if transaction is not None:  # an error, or no commit(): nothing of this unit of work remains
                await transaction.rollback()
        except DEAD_CONNECTION:  # also a transaction whose COMMIT failed: asyncpg refuses to roll it back
            await self._discard()
            return
        await self._close()

    @property
    def session(self) -> AsyncSession:
        """SQLAlchemy Core statements inside this transaction (`await uow.session.execute(stmt)`)."""
        if self._session is None:
            self._session = AsyncSession(bind=self._connection, expire_on_commit=False, autoflush=False)
        return self._session

    def publish(self, event: IntegrationEvent, *, subject: str) -> str:
        """Stage an integration event; it is written to the outbox by `commit()`. Returns its ce_id."""
        env = new_envelope(event, source=self._source, subject=subject)
        key, value, headers = to_kafka(env)
        flat = [part for k, v in headers for part in (k, v.decode())]
        self._staged.append((env.id, event.topic, key.decode(), flat, value))
        return env.id

    async def first_time(self, consumer_group: str, event_id: str, event_type: str) -> bool:
        """Record the event in the inbox; False means this group already handled it (idempotent consumer)."""
        return await self.driver.fetchval(self._insert_inbox, consumer_group, event_id, event_type) is not None

    async def commit(self) -> None:
        if self._staged:
            await self.driver.executemany(self._insert_outbox, self._staged)  # one round trip, pipelined
            self._staged = []
        transaction, self._transaction = self._transaction, None
        await transaction.commit()

    async def _close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    async def _discard(self) -> None:
        """Drop a connection the server has closed, so the pool never hands it out again."""
        self._session = None
        connection, self._connection, self._transaction = self._connection, None, None
        if connection is not None:
            await connection.invalidate()
            await connection.close()


UnitOfWorkFactory = Callable[[], UnitOfWork]
