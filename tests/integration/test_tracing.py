"""One trace from a 12345 举报 POST through the broker into case_intake's clue (OpenTelemetry, in-memory exporter).

hotline_ingestion and case_intake run in-process on the session's real PostgreSQL, broker and issuer, each with its
own database and consumer group, workers on; one tracer provider (the process's) collects every span in memory.
"""

import contextlib
import importlib
import uuid
from pathlib import Path

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select

from case_intake.api.app import create_app as case_intake_app
from case_intake.settings import Settings as CaseIntakeSettings
from hotline_ingestion.adapters import tables as hotline_tables
from hotline_ingestion.api.app import create_app as hotline_app
from hotline_ingestion.settings import Settings as HotlineSettings
from platform_devstack.pytest_plugin import eventually, publish, service_settings
from platform_events.contracts import list_management as lm
from platform_runtime import tracing

TOPICS_FILE = Path(__file__).resolve().parents[2] / "deploy" / "topics.yaml"
LEAD = "workorder.enforcement_lead_reported.v1"


@contextlib.asynccontextmanager
async def traced_service(stack, name: str, create, settings_type, **extra):
    """The service on a database and consumer group of its own (no other test's app shares its messages)."""
    package = importlib.import_module(f"{name}.bootstrap")
    kwargs = await service_settings(stack, f"{name}_traced", package.migrations_dir(), TOPICS_FILE)
    kwargs["consumer"] |= {"group_id": f"{name}-traced"}
    app = create(settings_type(**kwargs, **extra))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{name}",
                                     headers=await stack.tokens.for_app(app)) as client:
            yield client, app.state.container


@pytest.fixture
async def traced(local_stack):
    """(spans, hotline client and runtime, case_intake client), tracing on for the apps built here only."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    try:
        async with (traced_service(local_stack, "hotline_ingestion", hotline_app, HotlineSettings,
                                   catalog_refresh_s=0) as hotline,
                    traced_service(local_stack, "case_intake", case_intake_app, CaseIntakeSettings) as (cases, _)):
            yield exporter, hotline, cases
    finally:
        tracing.install(None)


async def _catalog_matter(producer, runtime, code: str) -> None:
    await publish(producer, lm.MatterRegistered(
        code=f"{code}-CF", name="对销售超过保质期食品的处罚", department_code=code, matter_type="处罚",
        legal_basis="《中华人民共和国食品安全法》第一百二十四条", keywords=["过期食品", "超过保质期"]),
        f"{code}-CF", source="/services/list_management")

    async def copied() -> bool:
        async with runtime.engine.connect() as conn:
            found = (await conn.execute(select(hotline_tables.matter_copy.c.code).where(
                hotline_tables.matter_copy.c.code == f"{code}-CF"))).first()
        return found is not None

    await eventually(copied)


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    found = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        found.append(span)
    return found


async def test_a_12345_report_is_one_trace_from_the_post_through_the_broker_into_case_intakes_clue(traced, producer):
    exporter, (hotline, hotline_runtime), cases = traced
    code = f"TR{uuid.uuid4().hex[:6].upper()}"
    await _catalog_matter(producer, hotline_runtime, code)
    trace_id, caller_span = uuid.uuid4().hex, uuid.uuid4().hex[:16]
    n = uuid.uuid4().hex[:10]
    created = await hotline.post("/api/v1/work-orders", headers={"traceparent": f"00-{trace_id}-{caller_span}-01"},
                                 json={"order_no": f"12345-{n}", "received_at": "2026-12-01T09:30:00+08:00",
                                       "channel": "电话", "request_type": "举报", "region_code": "210681",
                                       "content": "新兴路超市货架上在卖过期食品，已超过保质期一个月", "urgency": "一般",
                                       "address": f"东港市大东街道新兴路 {int(n, 16) % 10**6} 号",
                                       "requester": {"name": "张先生", "phone": "13812345678"},
                                       "reported_party": {"name": f"新兴路超市（{n}）"}})
    assert created.status_code == 201, created.text
    work_order_id = created.json()["id"]

    async def clue() -> dict | None:
        items = (await cases.get("/api/v1/clues", params={"source_ref": work_order_id})).json()["items"]
        return items[0] if items else None

    assert (await eventually(clue, timeout_s=90))["source"] == "举报"  # a fresh group's first join, on a loaded CI

    def in_trace() -> list[ReadableSpan]:
        spans = [s for s in exporter.get_finished_spans() if f"{s.context.trace_id:032x}" == trace_id]
        return spans if any(s.kind == SpanKind.CONSUMER for s in spans) else []

    spans = await eventually(lambda: _async(in_trace()))
    by_id = {s.context.span_id: s for s in spans}
    (post,) = [s for s in spans if s.kind == SpanKind.SERVER and s.name == "POST /api/v1/work-orders"]
    (send,) = [s for s in spans if s.kind == SpanKind.PRODUCER and s.attributes["cloudevents.event_type"] == LEAD]
    (process,) = [s for s in spans if s.kind == SpanKind.CONSUMER
                  and s.attributes["messaging.consumer.group.name"] == "case_intake-traced"]
    print([(s.name, dict(s.attributes)) for s in spans if s.kind == SpanKind.CLIENT][:4])
    (insert,) = [s for s in spans if s.kind == SpanKind.CLIENT
                 and str(s.attributes.get("db.statement", "")).startswith("INSERT INTO clue ")]

    assert f"{post.parent.span_id:016x}" == caller_span  # the caller's W3C traceparent was continued
    assert post in _ancestors(send, by_id)  # the relay, later and in another task, continued the request's trace
    assert send.attributes["cloudevents.event_subject"] == work_order_id
    assert process.parent.span_id == send.context.span_id  # through ce_traceparent on the broker
    assert process.attributes["cloudevents.event_id"] == send.attributes["cloudevents.event_id"]
    assert process in _ancestors(insert, by_id) and insert.attributes["db.name"] == "case_intake_traced"
    assert [s.name for s in _ancestors(insert, by_id)][-3:] == [
        "process hotline_ingestion.work_order", "send hotline_ingestion.work_order", "POST /api/v1/work-orders"]


async def _async(value: list) -> list:
    return value
