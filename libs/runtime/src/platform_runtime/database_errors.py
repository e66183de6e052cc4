"""Which exceptions mean "the database is away" (restart, failover, unreachable): 503 + Retry-After, never 500.

What asyncpg raises while PostgreSQL restarts or cannot be reached, and how it arrives:
- `AdminShutdownError` (57P01, a fast shutdown terminates each session), `CrashShutdownError` (57P02),
  `CannotConnectNowError` (57P03, the server is starting or stopping), `TooManyConnectionsError` (53300) and
  `ConnectionDoesNotExistError` / `ConnectionFailureError` (08*, the connection was lost mid-query): SQLAlchemy's
  asyncpg dialect wraps every `PostgresError` it has no specific class for in the *base* `sqlalchemy.exc.DBAPIError`
  (not `OperationalError`), with the driver's error as the cause and `connection_invalidated` set on a disconnect;
- `asyncpg.InterfaceError` ("connection is closed") → `sqlalchemy.exc.InterfaceError`;
- `ConnectionRefusedError` / `OSError` / `TimeoutError` from opening a connection: raised unwrapped;
- `sqlalchemy.exc.TimeoutError`: no pooled connection came free (every one is waiting on the dead server);
- opening a connection through the pool outside a statement (a unit of work's raw connection) while the server
  shuts down or starts: the dialect's emulated DBAPI `Error` (`sqlalchemy.exc.EmulatedDBAPIException`), unwrapped,
  with the driver's `CannotConnectNowError` as its cause (seen by the fault suite, tests/e2e/test_faults.py).
"""

import errno
import socket

import asyncpg
import asyncpg.exceptions as pg
from sqlalchemy.exc import DBAPIError, EmulatedDBAPIException, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

#: Driver errors that mean the server is away (whatever wraps them).
DRIVER_UNAVAILABLE: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # 08*: ConnectionDoesNotExistError, ConnectionFailureError, …
    pg.AdminShutdownError, pg.CrashShutdownError, pg.CannotConnectNowError, pg.TooManyConnectionsError,
    asyncpg.InterfaceError,  # "connection is closed"
    asyncpg.InternalClientError,  # the server's goodbye arrived while the connection sat in the pool
    ConnectionError, TimeoutError, socket.gaierror,
)
NETWORK_ERRNOS = frozenset({errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.EHOSTUNREACH,
                            errno.ENETUNREACH, errno.ETIMEDOUT, errno.EPIPE})
#: Catch these, then ask `is_database_unavailable`: a `DBAPIError` or an `OSError` may also be a bug.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    DBAPIError, EmulatedDBAPIException, PoolTimeout, asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError, OSError)


def is_database_unavailable(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) says the database cannot be reached or went away mid-request."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (OperationalError, InterfaceError, PoolTimeout, *DRIVER_UNAVAILABLE)):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, OSError) and current.errno in NETWORK_ERRNOS:
            return True
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return False
