"""One logging setup for every process, and the correlation context that requests and events share."""

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import structlog

from platform_logging.redaction import RedactFilter, redact_personal
from platform_logging.repeats import RepeatFilter, RepeatLimiter

__all__ = ["Correlation", "RedactFilter", "RepeatFilter", "RepeatLimiter", "bound_context", "configure",
           "current_correlation", "get_logger", "redact_personal", "use_trace_source"]


_PROCESSORS: list = []
#: The W3C traceparent of the active span, when tracing is on (platform_messaging.tracing sets it); None: off.
_trace_source: Callable[[], str | None] | None = None


def use_trace_source(source: Callable[[], str | None] | None) -> None:
    """Where log lines and caused events read the active span from; None turns that off (the default)."""
    global _trace_source
    _trace_source = source


def _merge_context(logger: object, name: str, event: dict) -> dict:
    """The bound context, and trace_id/span_id of the active span so a line leads to its trace (tracing off:
    one global lookup more)."""
    event = structlog.contextvars.merge_contextvars(logger, name, event)
    source = _trace_source
    if source is not None and (traceparent := source()):
        event.setdefault("trace_id", traceparent[3:35])
        event.setdefault("span_id", traceparent[36:52])
    return event


def configure(level: str = "INFO", json_output: bool | None = None, repeat_interval_s: float = 10.0) -> None:
    """Configure structlog and stdlib logging; JSON unless stderr is a TTY (or told otherwise). A warning or error
    repeated with the same event and error type passes once per `repeat_interval_s`, then with the count dropped
    (repeats.py; 0: every line). Phones, ID and bank card numbers are masked in every line, error text and
    exception included (redaction.py; K-7, H-4)."""
    as_json = (not sys.stderr.isatty()) if json_output is None else json_output
    renderer = structlog.processors.JSONRenderer(ensure_ascii=False) if as_json else structlog.dev.ConsoleRenderer()
    limiter = RepeatLimiter(repeat_interval_s)
    # One list for every configuration: loggers cached under an earlier one follow the change too.
    _PROCESSORS[:] = [
        limiter,
        _merge_context,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        redact_personal,  # last before the renderer: the exception text is formatted by now
        renderer,
    ]
    structlog.configure(
        processors=_PROCESSORS,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    for handler in logging.getLogger().handlers:
        for previous in [f for f in handler.filters if isinstance(f, RepeatFilter | RedactFilter)]:
            handler.removeFilter(previous)
        handler.addFilter(RepeatFilter(limiter))
        handler.addFilter(RedactFilter())
    for noisy in ("aiokafka", "kafka", "sqlalchemy.engine", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)


@contextmanager
def bound_context(**values: str | None) -> Iterator[None]:
    """Bind values to the log context for the duration of a request or message."""
    clean = {k: v for k, v in values.items() if v is not None}
    with structlog.contextvars.bound_contextvars(**clean):
        yield


@dataclass(frozen=True)
class Correlation:
    """The ids a request or event passes on to the events it causes (CONVENTIONS.md: Correlation)."""

    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None


def current_correlation() -> Correlation:
    """With tracing on, the traceparent is the active span's (an event continues the trace that caused it);
    otherwise the one the request or event came with."""
    ctx = structlog.contextvars.get_contextvars()
    source = _trace_source
    return Correlation(
        correlation_id=ctx.get("correlation_id") or ctx.get("request_id"),
        causation_id=ctx.get("ce_id") or ctx.get("request_id"),
        traceparent=(source() if source is not None else None) or ctx.get("traceparent"),
    )
