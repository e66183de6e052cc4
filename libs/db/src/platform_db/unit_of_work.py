"""One transaction per use case: state changes and their outbox rows commit together, or not at all."""

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Table, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from platform_events import IntegrationEvent, new_envelope, to_kafka


class UnitOfWork:
    """`async with uow:` opens a session; `publish()` stages events; `commit()` writes both atomically."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, source: str, outbox: Table, inbox: Table):
        self._sessions = sessions
        self._source = source
        self._outbox = outbox
        self._inbox = inbox
        self._staged: list[dict] = []
        self.session: AsyncSession

    async def __aenter__(self) -> "UnitOfWork":
        self.session = self._sessions()
        self._staged = []
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.session.rollback()  # a no-op after commit; discards everything on an error
        await self.session.close()

    def publish(self, event: IntegrationEvent, *, subject: str) -> str:
        """Stage an integration event; it is written to the outbox by `commit()`. Returns its ce_id."""
        env = new_envelope(event, source=self._source, subject=subject)
        key, value, headers = to_kafka(env)
        self._staged.append(
            {
                "event_id": env.id,
                "topic": event.topic,
                "message_key": key.decode(),
                "headers": [part for k, v in headers for part in (k, v.decode())],
                "payload": value,
            }
        )
        return env.id

    async def first_time(self, consumer_group: str, event_id: str, event_type: str) -> bool:
        """Record the event in the inbox; False means this group already handled it (idempotent consumer)."""
        stmt = (
            pg_insert(self._inbox)
            .values(consumer_group=consumer_group, event_id=event_id, event_type=event_type)
            .on_conflict_do_nothing()
            .returning(self._inbox.c.event_id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def commit(self) -> None:
        if self._staged:
            await self.session.execute(insert(self._outbox), self._staged)
            self._staged = []
        await self.session.commit()


UnitOfWorkFactory = Callable[[], UnitOfWork]
