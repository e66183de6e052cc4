"""The loop of a service's periodic workers (deadline watchers, webhook senders): one round, then a pause."""

import asyncio
from collections.abc import Awaitable, Callable

from platform_logging import get_logger
from platform_runtime.database_errors import DATABASE_ERRORS, is_database_unavailable

log = get_logger(__name__)


async def every(interval_s: float, stop: asyncio.Event, round_: Callable[[], Awaitable[object]], *, name: str) -> None:
    """Run `round_` now and then every `interval_s` until `stop` is set (a stop ends the pause at once).

    A round that fails because the database is away is logged as `<name>_failed` and the next round tries again;
    any other error ends the worker, as a bug should. Rounds claim their rows (guarded UPDATEs, SKIP LOCKED), so
    the worker needs no leader: a second replica is harmless.
    """
    while not stop.is_set():
        try:
            await round_()
        except DATABASE_ERRORS as exc:
            if not (is_database_unavailable(exc) or isinstance(exc, OSError)):
                raise
            log.warning(f"{name}_failed", error=repr(exc))
        try:
            await asyncio.wait_for(stop.wait(), interval_s)
        except TimeoutError:
            pass
