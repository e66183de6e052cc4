"""Integration fixtures: legality_review against the session's real PostgreSQL and broker.

Agencies and personnel reach it as list_management publishes them, and review requests and closed cases as
case_intake publishes them: events on the broker, sent here by a producer standing in for those services.

Calls carry tokens of the session's real issuer: by default an integrator holding every scope the app declares,
national and region-wide (tests about something else); tests about who acts ask `tokens` for their own caller, e.g.
the assigned reviewer concluding a round (`conclude`).
"""

import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from legality_review import bootstrap
from legality_review.adapters import tables
from legality_review.api.app import create_app
from legality_review.domain.checklist import Check
from legality_review.settings import Settings
from platform_devstack.pytest_plugin import eventually, publish, service_settings
from platform_events.contracts import list_management as lm

REPO = Path(__file__).resolve().parents[4]
TOPICS_FILE = Path(os.environ.get("PLATFORM_TOPICS_FILE", REPO / "deploy" / "topics.yaml"))
CHECKS = [c.value for c in Check]  # the nine of L-4, in order


async def app_on(stack, database: str, **overrides):
    kwargs = await service_settings(stack, database, bootstrap.migrations_dir(), TOPICS_FILE)
    app = create_app(Settings(**kwargs, **overrides))
    headers = await stack.tokens.for_app(app)  # every scope the app declares, national, region-wide, cleared
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://legality-review",
                                     headers=headers) as c:
            yield c, app.state.container


@pytest.fixture(name="app_on", scope="session")
def app_on_fixture():
    return app_on


@pytest.fixture(scope="session")
async def legality_review(local_stack):
    async for pair in app_on(local_stack, "legality_review", deadline_scan_interval_s=3600):
        yield pair


@dataclass
class Staff:
    """One agency of its own per test, with a region, and people of every kind the eligibility rules tell apart."""

    department: str
    region: str
    neighbour: str  # another agency of the same region
    qualified: str  # 法制审核, 法律职业资格
    second: str  # 法制审核, 法律职业资格
    first_timer: str  # 法制审核, no qualification, no experience (L-2)
    auxiliary: str  # auxiliary staff marked 法制审核 (never a reviewer)
    officer: str  # a case officer who is also 法制审核 staff (P-3)
    outsider: str  # 法制审核 of the neighbour agency (L-9)
    suspended: str


@pytest.fixture
async def staff(legality_review, producer) -> Staff:
    _, runtime = legality_review
    code = f"LR{uuid.uuid4().hex[:6].upper()}"
    region = f"9{uuid.uuid4().int % 10**5:05d}"
    s = Staff(code, region, f"{code}N", f"{code}-Q1", f"{code}-Q2", f"{code}-NEW", f"{code}-AUX", f"{code}-OFF",
              f"{code}N-Q", f"{code}-SUS")
    source = "/services/list_management"
    for dept in (s.department, s.neighbour):
        await publish(producer, lm.DepartmentRegistered(code=dept, name=f"东港市测试局{dept}", region_code=region,
                                                        sector="市场监管", kind="行政机关"), dept, source=source)
    people = [(s.qualified, s.department, True, False, "valid"), (s.second, s.department, True, False, "valid"),
              (s.first_timer, s.department, False, False, "valid"), (s.auxiliary, s.department, True, True, "valid"),
              (s.officer, s.department, True, False, "valid"), (s.outsider, s.neighbour, True, False, "valid"),
              (s.suspended, s.department, True, False, "suspended")]
    for person_no, dept, legal, auxiliary, status in people:
        await publish(producer, lm.PersonnelRegistered(
            person_no=person_no, name=f"审核员{person_no[-3:]}", department_code=dept, certificate_no=f"ZF{person_no}",
            certificate_type="行政执法证", valid_from=date(2020, 1, 1), valid_to=date(2030, 12, 31), status=status,
            enforcement_areas=["市场监管", "法制审核"], legal_professional_qualification=legal, auxiliary=auxiliary),
            person_no, source=source)
    await eventually(lambda: _copied(runtime, s, len(people)))
    return s


async def _copied(runtime, s: Staff, people: int) -> bool:
    o, d = tables.officer_copy.c, tables.department_copy.c
    async with runtime.engine.connect() as conn:
        n = (await conn.execute(select(func.count()).where(o.person_no.like(f"{s.department}%")))).scalar_one()
        depts = (await conn.execute(select(func.count()).where(d.code.like(f"{s.department}%")))).scalar_one()
    return n == people and depts == 2


def submission(s: Staff, **overrides) -> dict:
    """A review round as a system submitting over REST sends it."""
    return {"case_id": str(uuid.uuid4()), "case_no": f"{s.department}罚立〔2026〕1号", "round": 1,
            "department_code": s.department, "matter_code": f"{s.department}-CF-001", "party_type": "法人",
            "party_name": "东港市某某超市有限公司", "grounds": ["较大数额罚款", "L-5"],
            "proposal": {"outcome": "给予行政处罚", "penalties": [{"kind": "罚款", "amount_cny": "150000"}]},
            "evidence": [{"type": "书证", "title": "营业执照复印件", "sha256": "ab" * 32}],
            "officers": [s.officer, f"{s.department}-P2"], "history": [{"seq": 1, "act": "filed", "on": "2026-10-09"}]
            } | overrides


def checks(**problems: str) -> list[dict]:
    """All nine checks passed, except those given as check=note."""
    return [{"check": c, "result": "problem", "note": problems[c]} if c in problems else {"check": c, "result": "pass"}
            for c in CHECKS]


@pytest.fixture
def submit(legality_review):
    client, _ = legality_review

    async def post(s: Staff, **overrides) -> dict:
        response = await client.post("/api/v1/reviews", json=submission(s, **overrides))
        assert response.status_code == 201, response.text
        return response.json()

    return post


@pytest.fixture
def conclude(legality_review, tokens):
    client, _ = legality_review

    async def post(s: Staff, review: dict, body: dict, *, person: str | None = None) -> httpx.Response:
        headers = await tokens.headers("reviews:conclude reviews:read", agencies=[s.department], region=s.region,
                                       person=person or review["reviewer"])
        return await client.post(f"/api/v1/reviews/{review['id']}/conclusion", json=body, headers=headers)

    return post


@pytest.fixture(name="checks")
def checks_fixture():
    return checks


@pytest.fixture(name="submission")
def submission_fixture():
    return submission
