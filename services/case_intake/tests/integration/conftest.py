"""Integration fixtures: case_intake against the session's real PostgreSQL, broker and OAuth issuer, with a real
list_management.

list_management's own app runs in-process on a database of its own (its workers off), so the decision's evaluation
goes through its real REST contract, carrying case_intake's own client-credentials token from the session's issuer
(a client registered for it here, as `make run` configures one); its catalog and personnel reach case_intake the way
they do in production, as events on the broker (published here as list_management publishes them). Review outcomes
likewise arrive as legality_review's events.

Callers: the test client's default token may do everything, national and cleared (`tokens.for_app`); the acts of a
case are done with `world.acting`, the token of the world's first officer (RFC 8693 exchange: `sub` = the officer).
"""

import hashlib
import os
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from case_intake import bootstrap
from case_intake.adapters import tables
from case_intake.api.app import create_app
from case_intake.settings import Settings
from list_management import bootstrap as lm_bootstrap
from list_management.api.app import create_app as create_list_management
from list_management.settings import Settings as ListManagementSettings
from platform_devstack.identity import aregister_client
from platform_devstack.pytest_plugin import eventually, publish, service_settings
from platform_events.contracts import list_management as lm

REPO = Path(__file__).resolve().parents[4]
TOPICS_FILE = Path(os.environ.get("PLATFORM_TOPICS_FILE", REPO / "deploy" / "topics.yaml"))
CERT_FROM, CERT_TO = date(2020, 1, 1), date(2030, 12, 31)
#: Every scope case_intake's routes declare (what the test client's default token holds).
APP = create_app(Settings())


@pytest.fixture(scope="session")
async def list_management(local_stack):
    kwargs = await service_settings(local_stack, "list_management_for_case_intake", lm_bootstrap.migrations_dir(),
                                    TOPICS_FILE)
    app = create_list_management(ListManagementSettings(**kwargs, run_workers_in_api=False))
    headers = await local_stack.tokens.for_app(app)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lm",
                                     headers=headers) as client:
            yield client, app


async def own_client(stack) -> dict:
    """case_intake's own client at the issuer, with the scopes it reads list_management with (bootstrap)."""
    client = await aregister_client(
        stack.issuer.issuer, stack.issuer.initial_access_token, scope=bootstrap.LIST_MANAGEMENT_SCOPE, agencies=[],
        region="210681", data_scope="region", clearance="internal", token_endpoint_auth_method="client_secret_basic",
        grant_types=["client_credentials"], response_types=[], redirect_uris=[])
    return {"client_id": client.client_id, "client_secret": client.client_secret}


@pytest.fixture(scope="session")
def start_case_intake(list_management):
    """`async with start_case_intake(stack, database, **settings) as (client, runtime)`: a case_intake app on its
    own database, its own client at the issuer, a test client holding every scope the app declares."""
    _, lm_app = list_management

    @asynccontextmanager
    async def start(stack, database: str, **settings):
        kwargs = await service_settings(stack, database, bootstrap.migrations_dir(), TOPICS_FILE)
        kwargs["identity"] |= await own_client(stack)
        build = partial(bootstrap.build, list_management_transport=httpx.ASGITransport(app=lm_app))
        app = create_app(Settings(**kwargs, **settings), build=build)
        headers = await stack.tokens.for_app(APP)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://case-intake",
                                         headers=headers) as client:
                yield client, app.state.container

    return start


@pytest.fixture(scope="session")
async def case_intake(local_stack, start_case_intake):
    async with start_case_intake(local_stack, "case_intake", deadline_scan_interval_s=0.2) as started:
        yield started


@pytest.fixture(scope="session")
def as_person(local_stack):
    """Headers of a person acting through the all-scopes client (RFC 8693 exchange: `sub` = the person)."""

    async def headers(person: str, **caller) -> dict[str, str]:
        return await local_stack.tokens.for_app(APP, person=person, **caller)

    return headers


@dataclass
class World:
    """One department of its own per test: its matter, officers and lists in list_management and in the copies."""

    department: str
    matter: str
    officers: list[str]
    auxiliary: str
    expired: str
    reviewer: str
    head: str  # 负责人: a person of the agency without an enforcement certificate, who approves
    acting: dict[str, str]  # headers: the first officer's token, for the acts of a case (P-1)


@pytest.fixture
def make_world(case_intake, list_management, producer, as_person):
    """A new department with its matter, lists and people, in list_management and in case_intake's copies."""
    _, runtime = case_intake
    lm_client, _ = list_management

    async def make() -> World:
        code = f"T{uuid.uuid4().hex[:6].upper()}"
        w = World(code, f"{code}-CF-001", [f"{code}-P1", f"{code}-P2", f"{code}-P3"], f"{code}-AUX",
                  f"{code}-OLD", f"{code}-CHAIR", f"{code}-HEAD", await as_person(f"{code}-P1"))
        await _list_management_side(lm_client, w)
        await _copies_side(producer, w)
        await eventually(lambda: _copied(runtime, w))
        return w

    return make


@pytest.fixture
async def world(make_world) -> World:
    return await make_world()


async def _list_management_side(client: httpx.AsyncClient, w: World) -> None:
    department = {"code": w.department, "name": f"东港市测试执法局{w.department}", "region_code": "210681",
                  "sector": "市场监管", "responsibilities": ["食品"]}
    assert (await client.post("/api/v1/departments", json=department)).status_code in (200, 201)
    matter = {"code": w.matter, "name": "对未按规定公示食品经营许可证的处罚", "department_code": w.department,
              "matter_type": "处罚", "legal_basis": "《中华人民共和国食品安全法》第一百二十六条"}
    assert (await client.post("/api/v1/matters", json=matter)).status_code in (200, 201)
    for title, body in (("裁量基准", _benchmark(w.matter)), ("不予处罚清单", _no_penalty_list(w.matter))):
        created = await client.post("/api/v1/lists", json={"department_code": w.department, "title": title,
                                                            "body": body})
        assert created.status_code == 201, created.text
        published = await client.post(f"/api/v1/lists/{created.json()['id']}/publish",
                                      json={"effective_from": "2020-01-01"})
        assert published.status_code == 200, published.text


def _benchmark(matter: str) -> dict:
    return {"kind": "benchmark", "matter_code": matter, "violation": "未按规定公示食品经营许可证",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
            "legal_range": {"fine_min": "5000", "fine_max": "50000"},
            "tiers": [{"tier": "从轻", "circumstances": ["first_violation", "cooperative"],
                       "fine": {"fine_min": "5000", "fine_max": "15000"}},
                      {"tier": "一般", "circumstances": [], "fine": {"fine_min": "15000", "fine_max": "35000"}},
                      {"tier": "从重", "circumstances": ["repeat_violation", "refused_correction"],
                       "fine": {"fine_min": "35000", "fine_max": "50000"}}]}


def _no_penalty_list(matter: str) -> dict:
    return {"kind": "leniency_list", "list_type": "首违不罚",
            "entries": [{"entry_no": "1", "matter_code": matter, "violation": "未按规定公示食品经营许可证",
                         "conditions": ["first_violation", "harm_slight", "corrected_in_time"],
                         "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款", "measures": "责令改正并予以教育",
                         "rule_ids": ["Q-2"]}]}


async def _copies_side(producer: AIOKafkaProducer, w: World) -> None:
    source = "/services/list_management"
    await publish(producer, lm.DepartmentRegistered(code=w.department, name=f"东港市测试执法局{w.department}",
                                                    region_code="210681", sector="市场监管", kind="行政机关"),
                  w.department, source=source)
    await publish(producer, lm.MatterRegistered(code=w.matter, name="对未按规定公示食品经营许可证的处罚",
                                                department_code=w.department, matter_type="处罚",
                                                legal_basis="《中华人民共和国食品安全法》第一百二十六条"),
                  w.matter, source=source)
    people = [(p, False, CERT_TO, False) for p in w.officers] + [(w.auxiliary, True, CERT_TO, False),
                                                                 (w.expired, False, date(2021, 12, 31), False),
                                                                 (w.reviewer, False, CERT_TO, True),
                                                                 (w.head, False, None, False)]
    for person_no, auxiliary, valid_to, legal in people:
        await publish(producer, lm.PersonnelRegistered(
            person_no=person_no, name=f"执法员{person_no[-3:]}", department_code=w.department,
            certificate_no=None if auxiliary or person_no == w.head else f"ZF{person_no}",
            certificate_type="行政执法证",
            valid_from=CERT_FROM, valid_to=valid_to, status="valid", legal_professional_qualification=legal,
            auxiliary=auxiliary), person_no, source=source)


async def _copied(runtime, w: World) -> bool:
    o = tables.officer_copy.c
    async with runtime.engine.connect() as conn:
        matter = (await conn.execute(select(tables.matter_copy.c.code).where(
            tables.matter_copy.c.code == w.matter))).first()
        people = (await conn.execute(select(o.person_no).where(o.department_code == w.department))).all()
    return matter is not None and len(people) == len(w.officers) + 4


@pytest.fixture
def clue_body():
    def build(w: World, **overrides) -> dict:
        return {"source": "执法人员发现", "received_at": (datetime.now(UTC) - timedelta(days=3)).isoformat(),
                "department_code": w.department, "matter_code": w.matter,
                "description": "检查发现某超市未在经营场所显著位置公示食品经营许可证"} | overrides

    return build


@pytest.fixture
def party():
    def build(**overrides) -> dict:
        return {"type": "法人", "name": f"东港市某某超市有限公司{uuid.uuid4().hex[:4]}",
                "credit_code": "91210681MA0XXXXX1R", "address": "东港市大东街道新兴路 88 号",
                "legal_representative": "王某"} | overrides

    return build


@pytest.fixture
def filing_body(party):
    def build(w: World, **overrides) -> dict:
        return {"filed_on": (date.today() - timedelta(days=2)).isoformat(), "matter_code": w.matter, "party": party(),
                "act_date": (date.today() - timedelta(days=30)).isoformat(),
                "preliminary_evidence": "现场检查笔录、照片", "jurisdiction": True, "penalty_due": True,
                "lead_officer": w.officers[0], "officers": [w.officers[1]], "approved_by": "局长 李某"} | overrides

    return build


@pytest.fixture
def new_case(case_intake, clue_body, filing_body):
    """A filed case: (case as answered by the API, the clue id)."""
    client, _ = case_intake

    async def make(w: World, *, clue: dict | None = None, filing: dict | None = None) -> dict:
        registered = await client.post("/api/v1/clues", json=clue_body(w, **(clue or {})))
        assert registered.status_code == 201, registered.text
        filed = await client.post(f"/api/v1/clues/{registered.json()['id']}/case",
                                  json=filing_body(w, **(filing or {})), headers=w.acting)
        assert filed.status_code == 201, filed.text
        return filed.json()

    return make


START = date.today() - timedelta(days=70)  # cases in these tests begin 70 days ago, so every window can close


def day(n: int | str) -> str:
    """The date n days after START, as the API takes it (a date string passes through)."""
    return n if isinstance(n, str) else (START + timedelta(days=n)).isoformat()


def proposal(fine: str = "20000", **overrides) -> dict:
    return {"outcome": "给予行政处罚", "penalties": [{"kind": "罚款", "amount_cny": fine}],
            "facts": "当事人未在经营场所显著位置公示食品经营许可证", "reasons": "经责令改正拒不改正",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十六条"} | overrides


class Walk:
    """Takes a case through the general procedure, one step per call, each answered by the API."""

    day = staticmethod(day)
    proposal = staticmethod(proposal)

    def __init__(self, client: httpx.AsyncClient, world: World, clue_body, filing_body):
        self.client, self.world, self.clue_body, self.filing_body = client, world, clue_body, filing_body
        self.acting = world.acting

    async def post(self, case_id: str, path: str, body: dict, headers: dict | None = None) -> httpx.Response:
        """As the world's first officer, unless other `headers` are given ({}: the client's default token)."""
        return await self.client.post(f"/api/v1/cases/{case_id}/{path}", json=body,
                                      headers=self.acting if headers is None else headers)

    async def ok(self, case_id: str, path: str, body: dict) -> dict:
        response = await self.post(case_id, path, body)
        assert response.status_code == 200, response.text
        return response.json()

    async def file(self, received: int | str = 0, **filing) -> dict:
        clue = await self.client.post("/api/v1/clues", json=self.clue_body(
            self.world, received_at=f"{day(received)}T09:00:00+08:00"))
        filed = await self.client.post(f"/api/v1/clues/{clue.json()['id']}/case", json=self.filing_body(
            self.world, **({"filed_on": day(1), "act_date": day(-10)} | filing)), headers=self.acting)
        assert filed.status_code == 201, filed.text
        return filed.json()

    async def evidence(self, case_id: str, on: int | str = 3, **overrides) -> dict:
        return await self.ok(case_id, "evidence", {
            "type": "勘验笔录、现场笔录", "title": "现场检查笔录", "collected_on": day(on),
            "content_sha256": hashlib.sha256(f"{case_id}{on}".encode()).hexdigest()} | overrides)

    async def notify(self, case_id: str, on: int | str = 10, fine: str = "20000", **overrides) -> dict:
        return await self.ok(case_id, "notice", {"notified_on": day(on), "proposal": proposal(fine)} | overrides)

    def decision(self, case: dict, on: int | str = 30, fine: str = "20000", **overrides) -> dict:
        evidence = [e["id"] for e in case["evidence"]]
        return {"decided_on": day(on), "decision_no": f"{self.world.department}罚〔{day(on)[:4]}〕{day(on)}号",
                "outcome": "给予行政处罚", "penalties": [{"kind": "罚款", "amount_cny": fine}],
                "facts": "当事人未在经营场所显著位置公示食品经营许可证", "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
                "evidence_ids": evidence, "performance": "自收到本决定书之日起十五日内缴至指定银行",
                "remedies": "可自收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼",
                "agency": f"东港市测试执法局{self.world.department}", "chosen_tier": "一般",
                "benchmark_explanation": "不具有从轻、从重情节，适用一般阶次"} | overrides

    async def to_notice(self, fine: str = "20000") -> dict:
        case = await self.file()
        await self.evidence(case["id"])
        return await self.notify(case["id"], fine=fine)

    async def decided(self, fine: str = "5000", **decision) -> dict:
        """A case decided on day 30 (a small fine: no hearing; the party waived 陈述申辩)."""
        case = await self.to_notice(fine=fine)
        await self.ok(case["id"], "waivers", {"on": day(11), "statement": True})
        return await self.ok(case["id"], "decision", self.decision(case, fine=fine, **decision))

    async def serve(self, case: dict, on: int | str = 31, **overrides) -> dict:
        documents = ["行政处罚决定书", "信用修复告知书", "合规指导书", "公示告知"]
        return await self.ok(case["id"], "service", {"method": "直接送达", "issued_on": day(on),
                                                      "documents": documents} | overrides)


@pytest.fixture
def walk(case_intake, world, clue_body, filing_body) -> Walk:
    client, _ = case_intake
    return Walk(client, world, clue_body, filing_body)
