"""Kafka spans: the relay's send and the consumer's process, one trace through the `ce_traceparent` header.

An outbox row keeps the traceparent of the span that wrote it (CloudEvents `traceparent` extension, captured by
`platform_events.new_envelope`), so the relay, later and in another task, sends as a child of that span and puts
its own span's traceparent in the header it sends; the consumer processes as a child of that one. While no tracer
provider is in use (the default), the relay sends the stored headers untouched and the consumer makes no span.
"""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import ContextManager

from aiokafka import ConsumerRecord
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanContext, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from platform_events import Envelope
from platform_logging import use_trace_source

_PROPAGATOR = TraceContextTextMapPropagator()
_tracer: trace.Tracer | None = None


def use_tracer_provider(provider: trace.TracerProvider | None) -> None:
    """Trace Kafka traffic, log lines and caused events with `provider`; None: tracing off (the default)."""
    global _tracer
    _tracer = provider.get_tracer("platform_messaging") if provider is not None else None
    use_trace_source(current_traceparent if provider is not None else None)


def current_traceparent() -> str | None:
    """The W3C traceparent of the active span, or None outside any span."""
    return format_traceparent(trace.get_current_span().get_span_context())


def format_traceparent(ctx: SpanContext) -> str | None:
    return f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}" if ctx.is_valid else None


def parent_context(traceparent: str | None) -> Context:
    """The context a span continues from a received traceparent; an empty one (a new trace, never whatever span
    happens to be current) when absent or malformed."""
    return _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else Context()


class SendSpans:
    """Producer spans of one relayed batch: each begun as its row is sent, all ended when the broker answered."""

    def __init__(self, tracer: trace.Tracer) -> None:
        self._tracer = tracer
        self._spans: list[trace.Span] = []

    def headers(self, topic: str, flat: list[str]) -> list[tuple[str, bytes]]:
        """The stored headers with `ce_traceparent` now naming the send span, a child of the stored one."""
        h = dict(zip(flat[::2], flat[1::2], strict=True))
        span = self._tracer.start_span(
            f"send {topic}", context=parent_context(h.get("ce_traceparent")), kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.operation.type": "send",
                        "messaging.destination.name": topic, "messaging.message.id": h.get("ce_id", ""),
                        "cloudevents.event_id": h.get("ce_id", ""), "cloudevents.event_type": h.get("ce_type", ""),
                        "cloudevents.event_source": h.get("ce_source", ""),
                        "cloudevents.event_subject": h.get("ce_subject", "")})
        self._spans.append(span)
        if (traceparent := format_traceparent(span.get_span_context())) is not None:
            h["ce_traceparent"] = traceparent
        return [(k, v.encode()) for k, v in h.items()]

    def end(self, error: BaseException | None = None) -> None:
        for span in self._spans:
            if error is not None:
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            span.end()
        self._spans.clear()


def send_spans() -> SendSpans | None:
    """Spans for the next relayed batch; None while tracing is off (the relay then sends the stored headers)."""
    return SendSpans(_tracer) if _tracer is not None else None


def processing(record: ConsumerRecord, env: Envelope, group: str) -> ContextManager[object]:
    """The consumer span of one event, child of the sender's span named by `ce_traceparent`; nothing when off."""
    if _tracer is None:
        return nullcontext()
    return _process_span(_tracer, record, env, group)


@contextmanager
def _process_span(tracer: trace.Tracer, record: ConsumerRecord, env: Envelope, group: str) -> Iterator[trace.Span]:
    with tracer.start_as_current_span(
        f"process {record.topic}", context=parent_context(env.extensions.get("traceparent")), kind=SpanKind.CONSUMER,
        attributes={"messaging.system": "kafka", "messaging.operation.type": "process",
                    "messaging.destination.name": record.topic, "messaging.consumer.group.name": group,
                    "messaging.destination.partition.id": str(record.partition),
                    "messaging.kafka.offset": record.offset, "messaging.message.id": env.id,
                    "cloudevents.event_id": env.id, "cloudevents.event_type": env.type,
                    "cloudevents.event_source": env.source, "cloudevents.event_subject": env.subject},
    ) as span:
        yield span
