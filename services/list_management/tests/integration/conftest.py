"""Integration fixtures: list_management against the real PostgreSQL and broker of the session."""

import os
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from confluent_kafka import Consumer

from list_management import bootstrap
from list_management.api.app import create_app
from list_management.settings import Settings
from platform_devstack.pytest_plugin import service_settings

REPO = Path(__file__).resolve().parents[4]
TOPICS_FILE = Path(os.environ.get("PLATFORM_TOPICS_FILE", REPO / "deploy" / "topics.yaml"))


@pytest.fixture(scope="session")
async def settings(local_stack) -> Settings:
    kwargs = await service_settings(local_stack, "list_management", bootstrap.migrations_dir(), TOPICS_FILE)
    return Settings(**kwargs)


@pytest.fixture(scope="session")
async def app(settings: Settings):
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
async def client(app, local_stack) -> AsyncIterator[httpx.AsyncClient]:
    """A caller holding every scope of the app, national and region-wide: tests about something else than access
    use it; tests about access give their own tokens (`tokens.headers(...)`)."""
    transport = httpx.ASGITransport(app=app)
    headers = await local_stack.tokens.for_app(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://list-management", headers=headers) as c:
        assert (await c.get("/readyz")).status_code == 200  # issuer keys loaded: no request races their first fetch
        yield c


@pytest.fixture(scope="session")
def container(app) -> bootstrap.Container:
    return app.state.container


@pytest.fixture
def uid() -> str:
    return uuid.uuid4().hex[:8].upper()


# -- request-body builders, so tests show only what matters to them ------------------------------------

def department(code: str, **overrides) -> dict:
    return {"code": code, "name": f"测试执法局{code}", "region_code": "210681", "sector": "市场监管",
            "responsibilities": ["食品", "价格"]} | overrides


def matter(code: str, department_code: str, **overrides) -> dict:
    return {"code": code, "name": f"对未按规定公示证照的处罚{code}", "department_code": department_code,
            "matter_type": "处罚", "legal_basis": "《中华人民共和国食品安全法》第一百二十六条"} | overrides


def benchmark(matter_code: str, *, normal=("15000", "35000")) -> dict:
    return {
        "kind": "benchmark", "matter_code": matter_code, "violation": "未按规定公示食品经营许可证",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
        "legal_range": {"fine_min": "5000", "fine_max": "50000"},
        "tiers": [
            {"tier": "从轻", "circumstances": ["first_violation", "cooperative"],
             "fine": {"fine_min": "5000", "fine_max": "15000"}},
            {"tier": "一般", "circumstances": [], "fine": {"fine_min": normal[0], "fine_max": normal[1]}},
            {"tier": "从重", "circumstances": ["repeat_violation", "refused_correction"],
             "fine": {"fine_min": "35000", "fine_max": "50000"}},
        ],
    }


def no_penalty_list(matter_code: str, conditions=("first_violation", "harm_slight", "corrected_in_time")) -> dict:
    return {
        "kind": "leniency_list", "list_type": "不予处罚",
        "entries": [{"entry_no": "1", "matter_code": matter_code, "violation": "未按规定公示食品经营许可证",
                     "conditions": list(conditions), "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
                     "measures": "责令改正并予以教育", "rule_ids": ["Q-1"]}],
    }


def review_list(matter_codes=()) -> dict:
    return {"kind": "review_matter_list", "thresholds": {"natural_person_cny": "10000", "organisation_cny": "100000"},
            "categories": ["较大数额罚款"], "matter_codes": list(matter_codes)}


@pytest.fixture
def build() -> SimpleNamespace:
    return SimpleNamespace(department=department, matter=matter, benchmark=benchmark,
                           no_penalty_list=no_penalty_list, review_list=review_list)


def first_message(bootstrap: str, topic: str, matches, timeout_s: int = 60):
    """What another department's librdkafka (confluent-kafka) subscriber reads first that `matches`."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"dept-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    consumer.subscribe([topic])
    deadline = time.monotonic() + timeout_s  # by the clock: each poll returns one message, and the topic holds
    try:                                       # every other test's too (counting polls ran out after 60 messages)
        while time.monotonic() < deadline:
            msg = consumer.poll(1.0)
            if msg is not None and not msg.error() and matches(msg):
                return msg
    finally:
        consumer.close()
    pytest.fail(f"no matching message on {topic} within {timeout_s}s")


@pytest.fixture(name="first_message")
def first_message_fixture():
    return first_message
