"""OpenTelemetry traces over OTLP/HTTP when `tracing.otlp_endpoint` is set; when it is not, nothing is loaded.

One tracer provider per process: HTTP server spans (the app), database spans (the engine), outbound httpx spans,
and the Kafka spans of the relay and consumer (platform_messaging.tracing), which carry a trace from the request
that wrote an outbox row through the broker into the consumer's transaction.
"""

from typing import TYPE_CHECKING

from fastapi import FastAPI
from opentelemetry import trace
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_http.correlation import route_template
from platform_logging import get_logger
from platform_messaging.tracing import use_tracer_provider
from platform_settings import ServiceSettings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

log = get_logger(__name__)
#: Probes and scrapes would only drown the traces worth reading.
UNTRACED_PATHS = "/healthz,/readyz,/metrics"
_installed: "TracerProvider | None" = None


def configure_tracing(settings: ServiceSettings) -> "TracerProvider | None":
    """The process's tracer provider: built once from `settings.tracing` when an endpoint is set, else whatever
    `install` was given (a test's in-memory one), else None — tracing off."""
    if _installed is None and settings.tracing.otlp_endpoint:
        install(build_provider(settings))
        trace.set_tracer_provider(_installed)  # any other OpenTelemetry instrumentation reports to it too
        log.info("tracing_on", endpoint=settings.tracing.otlp_endpoint, sample_ratio=settings.tracing.sample_ratio)
    return _installed


def build_provider(settings: ServiceSettings, exporter: "SpanExporter | None" = None) -> "TracerProvider":
    """Batched export to the OTLP/HTTP endpoint (or `exporter`); new traces sampled at `sample_ratio`, continued
    ones as their caller decided."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    config = settings.tracing
    resource = Resource.create({"service.name": config.service_name or settings.service_name,
                                "deployment.environment.name": settings.environment})
    provider = TracerProvider(resource=resource, sampler=ParentBased(TraceIdRatioBased(config.sample_ratio)))
    if exporter is None:
        endpoint = config.otlp_endpoint
        exporter = OTLPSpanExporter(endpoint=endpoint if endpoint.endswith("/v1/traces") else f"{endpoint}/v1/traces",
                                    timeout=config.export_timeout_s)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def install(provider: "TracerProvider | None") -> None:
    """Make `provider` this process's tracer (None: tracing off): Kafka spans, outbound httpx spans, trace ids in
    log lines and in the events requests cause. Apps and engines built afterwards are traced too."""
    global _installed
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    if _installed is not None:
        HTTPXClientInstrumentor().uninstrument()
    _installed = provider
    use_tracer_provider(provider)
    if provider is not None:
        HTTPXClientInstrumentor().instrument(tracer_provider=provider)


def instrument_app(app: FastAPI, provider: "TracerProvider") -> None:
    """Server spans outside the correlation middleware, so its summary line carries the trace ids; added last."""
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    app.add_middleware(_named_after_route)
    app.add_middleware(OpenTelemetryMiddleware, tracer_provider=provider, excluded_urls=UNTRACED_PATHS,
                       default_span_details=_method_only, exclude_spans=["receive", "send"])


def instrument_engine(engine: AsyncEngine, provider: "TracerProvider") -> None:
    """A span per statement, child of the request's or the event's span."""
    from opentelemetry.instrumentation.sqlalchemy import __version__
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import NoOpUpDownCounter

    tracer = provider.get_tracer("opentelemetry.instrumentation.sqlalchemy", __version__)
    EngineTracer(tracer, engine.sync_engine, NoOpUpDownCounter("db.client.connections.usage"))


def _method_only(scope: Scope) -> tuple[str, dict]:
    """The span is named after the route once it is known (`_named_after_route`); never after a path with ids in it."""
    return scope.get("method", "HTTP"), {}


def _named_after_route(app: ASGIApp) -> ASGIApp:
    """Names the server span `METHOD /route/{template}` and sets `http.route` once routing has matched (as the
    response starts: the server span may end with the last body message)."""

    async def naming(scope: Scope, receive: Receive, send: Send) -> None:
        span = trace.get_current_span()
        if scope["type"] != "http" or not span.is_recording():
            await app(scope, receive, send)
            return

        async def send_naming(message: Message) -> None:
            if message["type"] == "http.response.start" and (route := route_template(scope)) is not None:
                span.update_name(f"{scope['method']} {route}")
                span.set_attribute("http.route", route)
            await send(message)

        await app(scope, receive, send_naming)

    return naming

