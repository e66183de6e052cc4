"""CloudEvents 1.0 envelope in Kafka binary mode (CONVENTIONS.md: Events)."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from platform_events.contract import IntegrationEvent
from platform_logging import current_correlation

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
_REQUIRED = ("ce_specversion", "ce_id", "ce_source", "ce_type")
_EXTENSIONS = ("correlationid", "causationid", "traceparent", "dataclassification")


class MalformedEvent(ValueError):
    """A message that is not a CloudEvent this platform can read; it goes straight to the dead letters."""


@dataclass(frozen=True)
class Envelope:
    id: str
    source: str
    type: str
    subject: str
    time: datetime
    data: bytes
    extensions: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict:
        return json.loads(self.data)


def new_envelope(event: IntegrationEvent, *, source: str, subject: str) -> Envelope:
    """Wrap an event, carrying the current request/event correlation into the extensions."""
    corr = current_correlation()
    ext = {
        "correlationid": corr.correlation_id,
        "causationid": corr.causation_id,
        "traceparent": corr.traceparent,
        "dataclassification": event.classification.value,
    }
    return Envelope(
        id=str(uuid.uuid4()),
        source=source,
        type=event.event_type,
        subject=subject,
        time=datetime.now(UTC),
        data=event.model_dump_json().encode(),
        extensions={k: v for k, v in ext.items() if v},
    )


def to_kafka(env: Envelope) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers): key = ce_subject = aggregate id, so one aggregate keeps its order."""
    headers = {
        "ce_specversion": SPEC_VERSION,
        "ce_id": env.id,
        "ce_source": env.source,
        "ce_type": env.type,
        "ce_time": env.time.isoformat(),
        "ce_subject": env.subject,
        "content-type": CONTENT_TYPE,
        **{f"ce_{name}": value for name, value in env.extensions.items()},
    }
    return env.subject.encode(), env.data, [(k, v.encode()) for k, v in headers.items()]


def from_kafka(value: bytes | None, headers: list[tuple[str, bytes]] | tuple) -> Envelope:
    h = {k: v.decode("utf-8", "replace") for k, v in headers or ()}
    missing = [name for name in _REQUIRED if not h.get(name)]
    if missing:
        raise MalformedEvent(f"missing CloudEvents headers: {', '.join(missing)}")
    if h["ce_specversion"] != SPEC_VERSION:
        raise MalformedEvent(f"unsupported ce_specversion {h['ce_specversion']}")
    try:
        json.loads(value or b"")
        time = datetime.fromisoformat(h["ce_time"]) if h.get("ce_time") else datetime.now(UTC)
    except ValueError as exc:
        raise MalformedEvent(f"unreadable event: {exc}") from exc
    return Envelope(
        id=h["ce_id"],
        source=h["ce_source"],
        type=h["ce_type"],
        subject=h.get("ce_subject", ""),
        time=time,
        data=value or b"",
        extensions={n: h[f"ce_{n}"] for n in _EXTENSIONS if h.get(f"ce_{n}")},
    )
