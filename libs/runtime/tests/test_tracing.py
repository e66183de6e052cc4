"""Tracing: off (nothing loaded, headers untouched) unless configured; when on, one trace from the span that wrote
an event through the relay's send span into the consumer's process span, with the ids in log lines."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from aiokafka import ConsumerRecord
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from platform_devstack.pytest_plugin import log_lines
from platform_events import from_kafka, new_envelope, to_kafka
from platform_events.contracts.list_management import DepartmentRegistered
from platform_logging import bound_context, configure, current_correlation, get_logger
from platform_messaging import tracing as kafka_tracing
from platform_runtime import tracing
from platform_settings import ServiceSettings

UPSTREAM = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
EVENT = DepartmentRegistered(code="DG-SCJG", name="东港市市场监督管理局", region_code="210681", sector="市场监管",
                             kind="行政机关")


@pytest.fixture
def spans():
    """Tracing on for the test, into memory; off again afterwards."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    try:
        yield exporter, provider.get_tracer("test")
    finally:
        tracing.install(None)


class Recorder:
    """A local HTTP endpoint that records what it was sent (stands in for a collector or another service)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                outer.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.end_headers()

            do_GET = do_POST

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def recorder():
    found = Recorder()
    yield found
    found.server.shutdown()


def _record(topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]) -> ConsumerRecord:
    return ConsumerRecord(topic, 0, 7, 0, 0, key, value, None, len(key), len(value), headers)


def test_off_by_default_the_sdk_is_never_loaded_and_no_middleware_or_span_is_added():
    """A service app and runtime built from default settings, in a fresh interpreter: no SDK, no exporter."""
    probe = """
import sys
from platform_runtime import create_service_app
from platform_runtime.tracing import configure_tracing
from platform_settings import ServiceSettings
from platform_messaging import tracing
settings = ServiceSettings(service_name="demo")
app = create_service_app(settings, lambda s: None, title="d", description="d", routers=[], publishes=[])
print(repr(configure_tracing(settings)), tracing.send_spans(),
      [m.cls.__name__ for m in app.user_middleware],
      sorted(m for m in sys.modules if m.startswith(("opentelemetry.sdk", "opentelemetry.exporter",
                                                     "opentelemetry.instrumentation"))))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split(" ", 2)
    assert out[:2] == ["None", "None"]
    assert "OpenTelemetryMiddleware" not in out[2] and "CorrelationMiddleware" in out[2]
    assert out[2].rstrip().endswith("[]"), out[2]


def test_off_an_event_carries_the_traceparent_the_request_came_with_and_the_relay_sends_it_untouched():
    with bound_context(traceparent=UPSTREAM):
        env = new_envelope(EVENT, source="/services/list_management", subject="DG-SCJG")
        assert current_correlation().traceparent == UPSTREAM
    assert env.extensions["traceparent"] == UPSTREAM
    assert kafka_tracing.send_spans() is None
    assert kafka_tracing.processing(_record("t", b"k", env.data, to_kafka(env)[2]), env, "g").__enter__() is None


def test_an_event_written_in_a_span_carries_that_span_and_the_relay_and_consumer_continue_its_trace(spans):
    exporter, tracer = spans
    with bound_context(traceparent=UPSTREAM), tracer.start_as_current_span("POST /api/v1/departments") as request:
        env = new_envelope(EVENT, source="/services/list_management", subject="DG-SCJG")
    written = request.get_span_context()
    assert env.extensions["traceparent"] == kafka_tracing.format_traceparent(written)
    assert env.extensions["traceparent"].split("-")[1:3] == [f"{written.trace_id:032x}", f"{written.span_id:016x}"]
    key, value, stored = to_kafka(env)
    flat = [item for name, raw in stored for item in (name, raw.decode())]  # as the outbox row keeps them

    sending = kafka_tracing.send_spans()
    sent_headers = sending.headers("list_management.department", flat)
    configure("INFO", json_output=True)  # the processors every service logs through
    sending.end()
    received = from_kafka(value, sent_headers)
    with kafka_tracing.processing(_record("list_management.department", key, value, sent_headers), received, "hotline"):
        with log_lines() as lines:
            get_logger("test").info("handled")

    by_kind = {s.kind: s for s in exporter.get_finished_spans()}
    send, process = by_kind[SpanKind.PRODUCER], by_kind[SpanKind.CONSUMER]
    assert send.parent.span_id == written.span_id and send.context.trace_id == written.trace_id
    assert received.extensions["traceparent"] == kafka_tracing.format_traceparent(send.context)
    assert process.parent.span_id == send.context.span_id and process.context.trace_id == written.trace_id
    assert send.name == "send list_management.department" and process.name == "process list_management.department"
    assert process.attributes["cloudevents.event_id"] == env.id == send.attributes["messaging.message.id"]
    assert process.attributes["messaging.consumer.group.name"] == "hotline"
    assert lines[0]["trace_id"] == f"{written.trace_id:032x}" and lines[0]["span_id"] == f"{process.context.span_id:016x}"


def test_an_outbox_row_written_outside_any_span_starts_a_trace_of_its_own_at_the_relay(spans):
    exporter, _ = spans
    env = new_envelope(EVENT, source="/services/list_management", subject="DG-SCJG")
    assert "traceparent" not in env.extensions
    flat = [item for name, raw in to_kafka(env)[2] for item in (name, raw.decode())]
    sending = kafka_tracing.send_spans()
    sent = dict(sending.headers("list_management.department", flat))
    sending.end(TimeoutError("no ack"))
    (send,) = exporter.get_finished_spans()
    assert send.parent is None and sent["ce_traceparent"].decode().split("-")[1] == f"{send.context.trace_id:032x}"
    assert not send.status.is_ok and send.events[0].name == "exception"


async def test_outbound_httpx_calls_are_client_spans_and_carry_the_traceparent(spans, recorder):
    exporter, tracer = spans
    with tracer.start_as_current_span("handler") as parent:
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"{recorder.url}/api/v1/matters")).status_code == 200
    (client_span,) = [s for s in exporter.get_finished_spans() if s.kind == SpanKind.CLIENT]
    assert client_span.parent.span_id == parent.get_span_context().span_id
    sent = recorder.received[0][1]["traceparent"]
    assert sent.split("-")[1:3] == [f"{client_span.context.trace_id:032x}", f"{client_span.context.span_id:016x}"]


def test_with_an_endpoint_spans_are_exported_over_otlp_http_to_its_v1_traces(recorder):
    settings = ServiceSettings(service_name="hotline_ingestion", tracing={"otlp_endpoint": recorder.url + "/"})
    provider = tracing.build_provider(settings)
    with provider.get_tracer("test").start_as_current_span("POST /api/v1/work-orders"):
        pass
    assert provider.force_flush(10_000)
    provider.shutdown()
    path, headers, body = recorder.received[0]
    assert path == "/v1/traces" and headers["content-type"] == "application/x-protobuf"
    assert b"hotline_ingestion" in body and b"POST /api/v1/work-orders" in body


def test_a_sample_ratio_of_zero_keeps_no_new_trace_but_follows_a_sampled_caller():
    settings = ServiceSettings(tracing={"otlp_endpoint": "http://collector.internal:4318", "sample_ratio": 0})
    provider = tracing.build_provider(settings)
    tracer = provider.get_tracer("test")
    assert not tracer.start_span("new").is_recording()
    assert tracer.start_span("continued", context=kafka_tracing.parent_context(UPSTREAM)).is_recording()
    provider.shutdown()


def test_an_endpoint_that_is_no_http_url_is_refused():
    with pytest.raises(ValueError, match="otlp_endpoint"):
        ServiceSettings(tracing={"otlp_endpoint": "collector:4317"})
    assert json.loads(ServiceSettings().tracing.model_dump_json())["otlp_endpoint"] == ""


async def test_a_service_app_makes_server_spans_named_after_the_route_but_none_for_probes(spans):
    from fastapi import APIRouter

    from platform_runtime import create_service_app

    exporter, _ = spans
    router = APIRouter()

    @router.get("/clues/{clue_id}")
    async def clue(clue_id: str) -> dict:
        return {"id": clue_id}

    app = create_service_app(ServiceSettings(service_name="demo"), lambda s: None, title="demo", description="d",
                             routers=[router], publishes=[])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        with log_lines() as lines:
            answer = await client.get("/api/v1/clues/c-1", headers={"traceparent": UPSTREAM})
        assert answer.status_code == 200 and (await client.get("/healthz")).status_code == 200
    (server,) = exporter.get_finished_spans()
    assert server.name == "GET /api/v1/clues/{clue_id}" and server.attributes["http.route"] == "/api/v1/clues/{clue_id}"
    assert f"{server.parent.span_id:016x}" == UPSTREAM.split("-")[2] and server.kind == SpanKind.SERVER
    (summary,) = [line for line in lines if line["event"] == "request"]
    assert summary["trace_id"] == UPSTREAM.split("-")[1] and summary["span_id"] == f"{server.context.span_id:016x}"
