"""The engine, built once at the composition root, never at import."""

import time

import orjson
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from platform_settings import DatabaseSettings

#: A pooled connection idle for longer than this is pinged before it is handed out (see _ping_when_idle).
PING_AFTER_IDLE_S = 1.0


def build_engine(settings: DatabaseSettings) -> AsyncEngine:
    engine = create_async_engine(
        settings.url.get_secret_value(),
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        # Every transaction is ended by its owner (the unit of work's COMMIT/ROLLBACK, a Connection's own close),
        # so the pool need not roll back again on every return.
        pool_reset_on_return=None,
        json_serializer=_json_text,
        json_deserializer=orjson.loads,
        echo=settings.echo,
    )
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Pre-ping only connections that sat idle: a restart of the database happens while they wait.

    SQLAlchemy's `pool_pre_ping` costs three round trips on every checkout (BEGIN; ping; ROLLBACK), a large
    share of a short request. A connection in steady use needs none; one that died under load is caught by the
    unit of work's BEGIN (platform_db.unit_of_work), and any disconnect invalidates the whole pool.
    """
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _checked_in(dbapi_connection, record) -> None:  # noqa: ANN001 - SQLAlchemy's pool event signature
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _checked_out(dbapi_connection, record, proxy) -> None:  # noqa: ANN001
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        try:
            dbapi_connection.ping()
        except Exception as exc:
            raise DisconnectionError(f"pooled connection failed its ping: {exc!r}") from exc  # the pool reconnects


def _json_text(value: object) -> str:
    """JSON columns through orjson (5-10x the stdlib); datetimes and dataclasses as orjson writes them."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
