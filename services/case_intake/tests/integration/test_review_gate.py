"""The decision gate of L-1: a case that needs 法制审核 is decided only after the legality review's approval event."""

from datetime import UTC, datetime

from sqlalchemy import select

from case_intake.adapters import tables
from platform_events.contracts import legality_review as lr

DISCUSSION = {"participants": ["局长 李某", "副局长 张某", "法制科长 王某"], "conclusion": "同意按审核意见作出处罚决定"}


async def _publish_review_list(list_management, world) -> None:
    client, _ = list_management
    body = {"kind": "review_matter_list", "thresholds": {"natural_person_cny": "10000", "organisation_cny": "100000"},
            "categories": ["较大数额罚款", "列入目录的事项"], "matter_codes": [world.matter]}
    created = await client.post("/api/v1/lists", json={"department_code": world.department,
                                                        "title": "重大执法决定法制审核目录", "body": body})
    assert created.status_code == 201, created.text
    assert (await client.post(f"/api/v1/lists/{created.json()['id']}/publish",
                              json={"effective_from": "2020-01-01"})).status_code == 200


async def _outcome(emit, cls, case_id: str, round_: int, reviewer: str,
                   decided_at: datetime | None = None) -> None:
    outcome = {lr.ReviewApproved: "同意", lr.ReviewRejected: "不同意", lr.ReviewRevisionRequested: "建议修改后提交"}[cls]
    await emit(cls(review_id=f"rv-{case_id}-{round_}", case_id=case_id, round=round_, outcome=outcome,
                   reviewer=reviewer, decided_at=decided_at or datetime.now(UTC), reasons="审核意见",
                   items=[{"item": "事实清楚、证据确凿", "result": "pass"}]), case_id, source="/services/legality_review")


async def _requested(runtime, case_id: str) -> bytes | None:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(o.headers, o.payload).where(o.message_key == case_id))).all()
    return next((r.payload for r in rows if "case.review_requested.v1" in r.headers), None)


async def test_l1_a_decision_that_needs_review_is_refused_until_the_approval_event_arrives_then_accepted(
        walk, list_management, case_intake, emit, eventually):
    _, runtime = case_intake
    await _publish_review_list(list_management, walk.world)
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    unreviewed = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert unreviewed.status_code == 422 and unreviewed.json()["rule"] == "L-1"
    requested = await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(15)})
    assert requested["stage"] == "法制审核"
    snapshot = await _requested(runtime, case["id"])
    assert b'"round":1' in snapshot and walk.world.matter.encode() in snapshot and b'"evidence":[' in snapshot
    pending = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert pending.status_code == 422 and pending.json()["rule"] == "L-1"
    await _outcome(emit, lr.ReviewApproved, case["id"], 1, walk.world.reviewer)

    async def approved() -> bool:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current["reviews"][-1]["status"] == "approved"

    await eventually(approved)
    still = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert still.json()["rule"] == "L-3"  # a major case is also decided by 集体讨论, apart from the review
    await walk.ok(case["id"], "collective-discussion", DISCUSSION | {"held_on": walk.day(20)})
    decided = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert decided.status_code == 200, decided.text
    assert decided.json()["stage"] == "决定"


async def test_l1_a_rejected_review_keeps_the_gate_closed_and_a_heavier_decision_needs_a_new_review(
        walk, list_management, emit, eventually):
    await _publish_review_list(list_management, walk.world)
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(15)})
    await _outcome(emit, lr.ReviewRejected, case["id"], 1, walk.world.reviewer)

    async def rejected() -> bool:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current["reviews"][-1]["status"] == "rejected"

    await eventually(rejected)
    refused = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert refused.status_code == 422 and refused.json()["rule"] == "L-1"
    assert "rejected" in refused.json()["blocked_by"][0]["reason"]
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(16),
                                                  "proposal": walk.proposal("3000")})
    await _outcome(emit, lr.ReviewApproved, case["id"], 2, walk.world.reviewer)

    async def approved() -> bool:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current["reviews"][-1]["status"] == "approved"

    await eventually(approved)
    heavier = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert heavier.status_code == 422 and heavier.json()["rule"] == "L-1"
    await walk.ok(case["id"], "collective-discussion", DISCUSSION | {"held_on": walk.day(20)})
    as_reviewed = await walk.post(case["id"], "decision", walk.decision(
        case, fine="3000", chosen_tier="从轻", departure={"approval_ref": "审核意见书〔2026〕2号", "approver": "局长",
                                                         "reason": "法制审核建议从轻"}))
    assert as_reviewed.status_code == 200, as_reviewed.text


async def test_l1_an_outcome_for_a_round_that_is_not_open_changes_nothing(walk, list_management, emit, eventually):
    await _publish_review_list(list_management, walk.world)
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(15)})
    await _outcome(emit, lr.ReviewApproved, case["id"], 7, walk.world.reviewer)  # no such round
    await _outcome(emit, lr.ReviewRejected, case["id"], 1, walk.world.reviewer)  # same partition: after it

    async def concluded() -> dict | None:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current if current["reviews"][-1]["status"] != "requested" else None

    current = await eventually(concluded)
    assert [r["status"] for r in current["reviews"]] == ["rejected"]  # round 7 was ignored; round 1 recorded


async def test_l7_revise_and_resubmit_keeps_the_gate_closed_until_a_new_round_is_approved(
        walk, list_management, emit, eventually):
    """L-7's third outcome, 建议修改后提交: the round is recorded as revise, on the reviewer's date in China."""
    await _publish_review_list(list_management, walk.world)
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(15)})
    early_morning = datetime.fromisoformat(f"{walk.day(16)}T07:30:00+08:00")  # still the day before in UTC
    await _outcome(emit, lr.ReviewRevisionRequested, case["id"], 1, walk.world.reviewer, decided_at=early_morning)

    async def revise() -> dict | None:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return current if current["reviews"][-1]["status"] == "revise" else None

    await eventually(revise)
    record = (await walk.client.get(f"/api/v1/cases/{case['id']}/record")).json()["links"]
    outcome_link = next(x for x in record if x["act"] == "法制审核结论")
    assert outcome_link["content"]["outcome"] == "建议修改后提交" and outcome_link["content"]["status"] == "revise"
    assert outcome_link["content"]["on"] == walk.day(16)
    refused = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert refused.status_code == 422 and refused.json()["rule"] == "L-1", refused.text
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(17)})
    await _outcome(emit, lr.ReviewApproved, case["id"], 2, walk.world.reviewer)

    async def approved() -> bool:
        current = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
        return [r["status"] for r in current["reviews"]] == ["revise", "approved"]

    await eventually(approved)
    await walk.ok(case["id"], "collective-discussion", DISCUSSION | {"held_on": walk.day(20)})
    decided = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert decided.status_code == 200, decided.text
