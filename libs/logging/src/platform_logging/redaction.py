"""No personal number reaches a log line (issue 12 item 6; rules K-7, H-4): phones, ID numbers (GB 11643) and bank
cards (Luhn) are masked in every string of a log event (the event text, error messages, the formatted exception
and anything nested) before it is rendered, and in the standard library's records (uvicorn, asyncpg, aiokafka)."""

import logging
from collections.abc import Mapping

from platform_logging.personal import redact

#: Correlation fields: generated ids, never personal, and masking a digit-only span id would break the link to a trace
_IDS = frozenset({"request_id", "correlation_id", "causation_id", "ce_id", "traceparent", "trace_id", "span_id",
                  "timestamp", "subject", "client_id"})


def _clean(value: object) -> object:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, BaseException):  # the renderer would write its repr: mask that
        return redact(repr(value))
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v) for v in value]
    return value


def redact_personal(logger: object, name: str, event: dict) -> dict:
    """structlog processor, after the exception is formatted and before the renderer: every value masked."""
    return {k: v if k in _IDS else _clean(v) for k, v in event.items()}


class RedactFilter(logging.Filter):
    """The same for a standard library record: its message (arguments merged in) and its exception text."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the message: the handler reports that itself
            return True
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
