"""Repeated warnings and errors are rate-limited with counts (issue 12 item 5): while the broker was down each service
wrote ~400 error lines a second, burying everything else. For one (event, error type) a line passes once per
interval; the ones dropped in between are counted, and the next line that passes says how many (`suppressed`,
over `suppressed_for_s` seconds). Info and debug lines, and every other key, pass untouched."""

import logging
import sys
import threading
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import structlog

_LIMITED_LEVELS = frozenset({"warning", "error", "critical", "exception"})


@dataclass
class _Window:
    opened_at: float
    suppressed: int = 0


class RepeatLimiter:
    """A structlog processor; `interval_s` <= 0 lets everything through. `clock` is injectable for tests."""

    def __init__(self, interval_s: float = 10.0, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval_s = interval_s
        self._clock = clock
        self._windows: dict[tuple[str, str], _Window] = {}
        self._lock = threading.Lock()  # relay and consumer threads log too

    def __call__(self, logger: object, method_name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        if self.interval_s <= 0 or method_name not in _LIMITED_LEVELS:
            return event
        key = (str(event.get("event")), error_type(event))
        now = self._clock()
        with self._lock:
            window = self._windows.get(key)
            if window is not None and now - window.opened_at < self.interval_s:
                window.suppressed += 1
                raise structlog.DropEvent
            self._windows[key] = _Window(now)
        if window is not None and window.suppressed:
            event["suppressed"] = window.suppressed
            event["suppressed_for_s"] = round(now - window.opened_at, 1)
        return event


def error_type(event: MutableMapping[str, Any]) -> str:
    """The class of the error a line reports: its exception, an `error_type` field, or an `error=repr(exc)` field."""
    exc_info = event.get("exc_info")
    if isinstance(exc_info, BaseException):
        return type(exc_info).__name__
    if exc_info is True or isinstance(exc_info, tuple):
        current = sys.exc_info()[0] if exc_info is True else exc_info[0]
        return current.__name__ if current is not None else ""
    if "error_type" in event:
        return str(event["error_type"])
    error = event.get("error")
    if isinstance(error, BaseException):
        return type(error).__name__
    return str(error).split("(", 1)[0] if error is not None else ""


class RepeatFilter(logging.Filter):
    """The same limit for lines of the standard library's loggers (aiokafka, asyncpg, uvicorn), keyed on the
    logger, its message template and the exception's class; the line that passes ends with the count dropped."""

    def __init__(self, limiter: RepeatLimiter) -> None:
        super().__init__()
        self.limiter = limiter

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        event = {"event": f"{record.name}:{record.msg}", "error_type": exc}
        try:
            self.limiter(None, record.levelname.lower(), event)
        except structlog.DropEvent:
            return False
        if "suppressed" in event:
            note = f" [{event['suppressed']} like this suppressed in {event['suppressed_for_s']} s]"
            record.msg = f"{record.msg}{note.replace('%', '%%') if record.args else note}"
        return True
