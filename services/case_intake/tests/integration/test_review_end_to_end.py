"""L-1 end to end: case_intake's review request reaches the real legality_review over the broker; its reviewer
concludes on the nine checks (L-4) and the outcome event opens — or keeps closed — case_intake's decision gate.

legality_review runs in-process on the session's broker with a consumer group of its own, so it shares no
partitions with the legality_review app of that service's own tests.
"""

from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from legality_review import bootstrap as lr_bootstrap
from legality_review.adapters import tables as lr_tables
from legality_review.api.app import create_app as create_legality_review
from legality_review.domain.checklist import Check
from legality_review.settings import Settings as LegalityReviewSettings
from platform_devstack.pytest_plugin import service_settings
from platform_events.contracts import list_management as lm

TOPICS_FILE = Path(__file__).resolve().parents[4] / "deploy" / "topics.yaml"
CHECKS = [c.value for c in Check]  # the nine of L-4, in order
DISCUSSION = {"participants": ["局长 李某", "副局长 张某", "法制科长 王某"], "conclusion": "同意按审核意见作出处罚决定"}


@pytest.fixture(scope="module")
async def legality_review(local_stack):
    kwargs = await service_settings(local_stack, "legality_review_end_to_end", lr_bootstrap.migrations_dir(),
                                    TOPICS_FILE)
    kwargs["consumer"] |= {"group_id": "legality_review_end_to_end"}
    app = create_legality_review(LegalityReviewSettings(**kwargs, deadline_scan_interval_s=3600))
    headers = await local_stack.tokens.for_app(app)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lr",
                                     headers=headers) as client:
            yield client, app.state.container, app


@pytest.fixture
async def legal_reviewer(walk, legality_review, emit, eventually) -> str:
    """A 法制审核 officer of the world's agency, with 法律职业资格 (L-2), as list_management publishes them."""
    _, runtime, _ = legality_review
    person_no = f"{walk.world.department}-LEGAL"
    await emit(lm.PersonnelRegistered(
        person_no=person_no, name="法制审核员王某", department_code=walk.world.department, certificate_no=f"ZF{person_no}",
        certificate_type="行政执法证", status="valid", enforcement_areas=["市场监管", "法制审核"],
        legal_professional_qualification=True, auxiliary=False), person_no, source="/services/list_management")

    async def copied() -> bool:
        async with runtime.engine.connect() as conn:
            return (await conn.execute(select(lr_tables.officer_copy.c.person_no).where(
                lr_tables.officer_copy.c.person_no == person_no))).first() is not None

    await eventually(copied)
    return person_no


async def _review_list(list_management, world) -> None:
    client, _ = list_management
    body = {"kind": "review_matter_list", "thresholds": {"natural_person_cny": "10000", "organisation_cny": "100000"},
            "categories": ["列入目录的事项"], "matter_codes": [world.matter]}
    created = await client.post("/api/v1/lists", json={"department_code": world.department,
                                                        "title": "重大执法决定法制审核目录", "body": body})
    assert created.status_code == 201, created.text
    assert (await client.post(f"/api/v1/lists/{created.json()['id']}/publish",
                              json={"effective_from": "2020-01-01"})).status_code == 200


async def _sent_for_review(walk, list_management, legality_review, eventually) -> tuple[dict, dict]:
    """A case notified and sent for review; its round as legality_review received and assigned it."""
    lr_client, _, _ = legality_review
    await _review_list(list_management, walk.world)
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    await walk.ok(case["id"], "collective-discussion", DISCUSSION | {"held_on": walk.day(14)})
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(15)})

    async def received() -> list:
        return [r for r in (await lr_client.get(f"/api/v1/cases/{case['id']}/reviews")).json()["items"]
                if r["status"] == "assigned"]

    (review,) = await eventually(received)
    return case, review


async def _conclude(legality_review, tokens, review: dict, outcome: str, **problems: str) -> None:
    """Concluded by the assigned reviewer in person: their token (L-2, P-3), as legality_review requires."""
    client, _, app = legality_review
    items = [{"check": c, "result": "problem", "note": problems[c]} if c in problems else {"check": c, "result": "pass"}
             for c in CHECKS]
    reviewer = await tokens.for_app(app, person=review["reviewer"])
    response = await client.post(f"/api/v1/reviews/{review['id']}/conclusion", json={
        "outcome": outcome, "items": items, "opinion": "审核意见", "signed_by": "法制科科长 王某"}, headers=reviewer)
    assert response.status_code == 200, response.text


async def test_l1_an_approval_by_legality_review_unblocks_the_decision_gate_end_to_end(
        walk, list_management, legality_review, legal_reviewer, eventually, tokens):
    case, review = await _sent_for_review(walk, list_management, legality_review, eventually)
    assert review["reviewer"] == legal_reviewer and review["snapshot"]["proposal"]["penalties"]
    assert review["officers"] and legal_reviewer not in review["officers"]  # the case's own officers never (P-3)
    blocked = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert blocked.status_code == 422 and blocked.json()["rule"] == "L-1"
    await _conclude(legality_review, tokens, review, "同意")

    async def approved() -> bool:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current["reviews"][-1]["status"] == "approved"

    await eventually(approved)
    decided = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert decided.status_code == 200, decided.text
    assert decided.json()["stage"] == "决定"


async def test_l1_a_rejection_by_legality_review_keeps_the_decision_gate_closed(
        walk, list_management, legality_review, legal_reviewer, eventually, tokens):
    case, review = await _sent_for_review(walk, list_management, legality_review, eventually)
    await _conclude(legality_review, tokens, review, "不同意", law_and_benchmark="适用条款错误")

    async def rejected() -> dict | None:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current if current["reviews"][-1]["status"] == "rejected" else None

    current = await eventually(rejected)
    assert current["reviews"][-1]["items"][4]["note"] == "适用条款错误"
    refused = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert refused.status_code == 422 and refused.json()["rule"] == "L-1"
