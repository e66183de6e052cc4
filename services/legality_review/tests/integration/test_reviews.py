"""法制审核 rounds over the real database and broker: receipt and period, assignment, the nine checks, outcomes."""

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from legality_review.adapters import tables
from platform_events.contracts import list_management as lm
from platform_events.contracts.case_intake import CaseReviewRequested


async def _outbox_types(runtime, case_id: str) -> list[str]:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == case_id).order_by(o.id))).scalars()
        return [h[h.index("ce_type") + 1] for h in headers]


async def _review(client, review_id: str) -> dict:
    response = await client.get(f"/api/v1/reviews/{review_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_l1_a_case_intake_review_request_becomes_a_round_assigned_to_the_least_loaded_reviewer(
        legality_review, staff, emit, eventually):
    client, _ = legality_review
    case_id = str(uuid.uuid4())
    busy = await client.post("/api/v1/reviews", json=_body(staff, officers=[staff.officer, staff.second]))
    assert busy.json()["reviewer"] == staff.qualified  # the only eligible one: one open review now
    await emit(CaseReviewRequested(
        case_id=case_id, case_no="东市监罚〔2026〕12号", department_code=staff.department, record_seq=9,
        record_hash="ab" * 32, round=1, requested_on=date.today(), matter_code="CF-001", party_type="法人",
        party_name="某某超市", grounds=["较大数额罚款"], proposal={"outcome": "给予行政处罚"},
        evidence=[{"type": "书证", "title": "询问笔录", "sha256": "cd" * 32}], evaluation=None,
        officers=[staff.officer], history=[{"seq": 1, "act": "filed"}]), case_id, source="/services/case_intake")

    async def arrived() -> list:
        return (await client.get(f"/api/v1/cases/{case_id}/reviews")).json()["items"]

    (review,) = await eventually(arrived)
    assert review["source"] == "case_intake" and review["round"] == 1 and review["status"] == "assigned"
    assert review["reviewer"] == staff.second  # balanced: the qualified reviewer already has one open
    assert review["snapshot"]["evidence"][0]["title"] == "询问笔录" and review["officers"] == [staff.officer]


async def test_l6_the_review_period_counts_working_days_across_national_day(legality_review, staff, submission):
    client, _ = legality_review
    # 2025: 10-01..10-08 off, Sun 09-28 and Sat 10-11 worked (调休). Ten working days after Fri 09-26:
    # 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13, 10-14, 10-15, 10-16.
    created = await client.post("/api/v1/reviews", json=submission(staff, received_on="2025-09-26"))
    assert created.status_code == 201, created.text
    assert created.json()["due_on"] == "2025-10-16" and created.json()["overdue"] is True


async def test_a_resubmitted_round_keeps_the_history_and_a_repeated_one_returns_the_original(
        legality_review, staff, submit, submission):
    client, _ = legality_review
    first = await submit(staff)
    again = await client.post("/api/v1/reviews", json=submission(staff, case_id=first["case_id"]))
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    second = await submit(staff, case_id=first["case_id"], round=2)
    assert second["previous_review_id"] == first["id"]
    rounds = (await client.get(f"/api/v1/cases/{first['case_id']}/reviews")).json()["items"]
    assert [r["round"] for r in rounds] == [1, 2]


async def test_l2_an_unqualified_first_time_reviewer_cannot_be_assigned_until_experience_is_recorded(
        legality_review, staff, submit):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.qualified, staff.second, staff.officer])
    assert review["status"] == "received" and review["reviewer"] is None  # nobody eligible is left
    before = await _assignments(runtime)
    refused = await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={"reviewer": staff.first_timer})
    assert refused.status_code == 422 and refused.json()["rule"] == "L-2"
    assert "法律职业资格" in refused.json()["detail"] and refused.json()["errors"][0]["field"] == "reviewer"
    assert await _assignments(runtime) == before  # nothing written
    recorded = await client.put(f"/api/v1/reviewers/{staff.first_timer}/experience",
                                json={"reviewing_since": "2019-03-01", "basis": "东市监〔2019〕8号 任命文件"})
    assert recorded.status_code == 200, recorded.text
    assigned = await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={"reviewer": staff.first_timer})
    assert assigned.status_code == 200 and assigned.json()["reviewer"] == staff.first_timer


async def test_l2_auxiliary_staff_and_a_suspended_reviewer_are_never_assigned(legality_review, staff, submit):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.qualified, staff.second, staff.officer])
    for person in (staff.auxiliary, staff.suspended):
        refused = await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={"reviewer": person})
        assert refused.status_code == 422 and refused.json()["rule"] == "L-2", person


async def test_p3_an_officer_of_the_case_cannot_review_it(legality_review, staff, submit):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.qualified, staff.second, staff.officer])
    refused = await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={"reviewer": staff.officer})
    assert refused.status_code == 422 and refused.json()["rule"] == "P-3"
    assert (await _review(client, review["id"]))["status"] == "received"


async def test_l9_another_agency_s_reviewer_reviews_only_where_reviewers_are_pooled(legality_review, staff, submit):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.qualified, staff.second, staff.officer])
    refused = await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={"reviewer": staff.outsider})
    assert refused.status_code == 422 and refused.json()["rule"] == "L-9"
    own = runtime.services
    runtime.services = replace(own, rules=own.rules.model_copy(update={"pooled_online": True}))  # Zhejiang (L-9)
    try:
        balanced = await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={})
        assert balanced.status_code == 200, balanced.text
        assert balanced.json()["reviewer"] == staff.outsider  # the region's pool: the neighbour's reviewer
    finally:
        runtime.services = own


async def test_reassignment_needs_a_reason_and_keeps_the_history(legality_review, staff, submit):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.officer])
    current = review["reviewer"]
    other = staff.second if current == staff.qualified else staff.qualified
    no_reason = await client.post(f"/api/v1/reviews/{review['id']}/reassignment", json={"reviewer": other})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    moved = await client.post(f"/api/v1/reviews/{review['id']}/reassignment",
                              json={"reviewer": other, "reason": "原审核人员出差"})
    assert moved.status_code == 200 and moved.json()["reviewer"] == other
    history = moved.json()["assignments"]
    assert [(a["reviewer"], a["previous_reviewer"], a["reason"]) for a in history] == [
        (current, None, None), (other, current, "原审核人员出差")]
    assert (await _outbox_types(runtime, review["case_id"])).count("review.assigned.v1") == 2


async def test_l4_a_conclusion_answers_all_nine_checks_and_changes_nothing_otherwise(
        legality_review, staff, submit, checks, conclude):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.officer])
    body = {"outcome": "同意", "signed_by": "法制科科长 王某", "items": checks()[:7]}
    refused = await conclude(staff, review, body)
    assert refused.status_code == 422 and refused.json()["rule"] == "L-4"
    assert {e["message"].split(" ")[0] for e in refused.json()["errors"]} == {"party_rights_protected",
                                                                              "crime_transferred"}
    no_note = await conclude(staff, review, body | {"items": [
        *checks()[:8], {"check": "crime_transferred", "result": "problem"}], "outcome": "不同意", "opinion": "x"})
    assert no_note.status_code == 422 and no_note.json()["errors"][0]["field"] == "items.crime_transferred.note"
    assert (await _review(client, review["id"]))["status"] == "assigned"
    assert "review.approved.v1" not in await _outbox_types(runtime, review["case_id"])


async def test_l7_agreement_needs_every_check_passed_and_a_disagreement_names_the_failed_check(
        staff, submit, checks, conclude):
    review = await submit(staff, officers=[staff.officer])
    base = {"signed_by": "法制科科长 王某"}
    problem = checks(law_and_benchmark="罚款数额超出一般阶次而未说明理由 (D-5)")
    agree = await conclude(staff, review, base | {"outcome": "同意", "items": problem})
    assert agree.status_code == 422 and agree.json()["rule"] == "L-7"
    assert agree.json()["errors"][0]["field"] == "items.law_and_benchmark"
    disagree = await conclude(staff, review, base | {"outcome": "不同意", "items": checks(), "opinion": "不同意"})
    assert disagree.status_code == 422 and disagree.json()["rule"] == "L-7"


async def test_l7_each_outcome_is_published_for_the_decision_gate_with_its_checks(
        legality_review, staff, submit, checks, conclude):
    client, runtime = legality_review
    for outcome, event, items in (("同意", "review.approved.v1", checks()),
                                  ("不同意", "review.rejected.v1", checks(subject_lawful="超越法定职权")),
                                  ("建议修改后提交", "review.revision_requested.v1",
                                   checks(documents_complete="缺少送达回证"))):
        review = await submit(staff, officers=[staff.officer])
        concluded = await conclude(staff, review, {"outcome": outcome, "items": items, "opinion": "审核意见",
                                                   "signed_by": "法制科科长 王某"})
        assert concluded.status_code == 200, concluded.text
        assert concluded.json()["status"] == "concluded" and concluded.json()["outcome"] == outcome
        assert event in await _outbox_types(runtime, review["case_id"])
        again = await conclude(staff, review, {"outcome": outcome, "items": items, "opinion": "x", "signed_by": "王某"})
        assert again.status_code == 409  # a concluded round is final; a resubmission is a new round
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        payload = (await conn.execute(select(o.payload).where(o.message_key == review["case_id"])
                                      .order_by(o.id.desc()).limit(1))).scalar_one()
    assert b'"documents_complete"' in payload and "缺少送达回证".encode() in payload


async def test_l2_only_the_assigned_reviewer_concludes_whatever_the_body_says(
        legality_review, staff, submit, checks, conclude, tokens):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.officer])
    other = staff.second if review["reviewer"] == staff.qualified else staff.qualified
    body = {"reviewer": review["reviewer"], "outcome": "同意", "items": checks(), "signed_by": "王某"}
    refused = await conclude(staff, review, body, person=other)  # a qualified colleague, naming the assigned one
    assert refused.status_code == 403 and refused.json()["rule"] == "L-2", refused.text
    system = await tokens.headers("reviews:conclude", agencies=[staff.department], region=staff.region)
    as_system = await client.post(f"/api/v1/reviews/{review['id']}/conclusion", json=body, headers=system)
    assert as_system.status_code == 403 and as_system.json()["rule"] == "L-2"  # a system acting for nobody
    assert (await _review(client, review["id"]))["status"] == "assigned"
    assert "review.approved.v1" not in await _outbox_types(runtime, review["case_id"])
    concluded = await conclude(staff, review, body | {"reviewer": other})  # the body's reviewer is not read
    assert concluded.status_code == 200, concluded.text
    assert concluded.json()["reviewer"] == review["reviewer"] and concluded.json()["updated_by"] == review["reviewer"]


async def test_p3_an_officer_of_the_case_holding_a_token_cannot_conclude_it(
        legality_review, staff, submit, checks, conclude):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.officer])
    body = {"outcome": "同意", "items": checks(), "signed_by": "王某", "reviewer": staff.officer}
    refused = await conclude(staff, review, body, person=staff.officer)
    assert refused.status_code == 403 and refused.json()["rule"] == "P-3", refused.text
    assert (await _review(client, review["id"]))["status"] == "assigned"


async def test_l9_a_pooled_reviewer_of_another_agency_reads_and_concludes_the_round_assigned_to_it(
        legality_review, staff, submit, checks, tokens):
    client, runtime = legality_review
    own = runtime.services
    runtime.services = replace(own, rules=own.rules.model_copy(update={"pooled_online": True}))  # Zhejiang (L-9)
    try:
        review = await submit(staff, officers=[staff.qualified, staff.second, staff.officer])
        assert review["reviewer"] == staff.outsider  # the only eligible one: the neighbour's, pooled
        other = await submit(staff, officers=[staff.officer])  # a round of the same agency, not given to them
        neighbour = await tokens.headers("reviews:conclude reviews:read", agencies=[staff.neighbour],
                                         region=staff.region, person=staff.outsider)
        listed = (await client.get("/api/v1/reviews", params={"department_code": staff.department},
                                   headers=neighbour)).json()["items"]
        assert [r["id"] for r in listed] == [review["id"]]  # assigned to them; the agency's others stay unseen
        assert (await client.get(f"/api/v1/reviews/{other['id']}", headers=neighbour)).status_code == 404
        concluded = await client.post(f"/api/v1/reviews/{review['id']}/conclusion", headers=neighbour, json={
            "outcome": "同意", "items": checks(), "signed_by": "法制科科长 王某"})
        assert concluded.status_code == 200 and concluded.json()["reviewer"] == staff.outsider, concluded.text
    finally:
        runtime.services = own


async def test_l6_an_extension_moves_the_period_within_the_configured_total(legality_review, staff, submit):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.officer])
    extended = await client.post(f"/api/v1/reviews/{review['id']}/extension",
                                 json={"working_days": 5, "approved_by": "局长 李某", "reason": "需补充鉴定意见"})
    assert extended.status_code == 200, extended.text
    cal = runtime.services.calendar
    assert extended.json()["due_on"] == cal.add_working_days(date.fromisoformat(review["due_on"]), 5).due.isoformat()
    beyond = await client.post(f"/api/v1/reviews/{review['id']}/extension",
                               json={"working_days": 6, "approved_by": "局长 李某", "reason": "再次延长"})
    assert beyond.status_code == 422 and beyond.json()["rule"] == "L-6"
    assert (await _review(client, review["id"]))["due_on"] == extended.json()["due_on"]


async def test_bad_input_is_a_problem_with_field_reasons_never_a_500(legality_review, staff, submission):
    client, _ = legality_review
    future = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    for body, field in ((submission(staff, proposal=None), "proposal"), (submission(staff, officers=[]), "officers"),
                        (submission(staff, received_on=future), "received_on"),
                        (submission(staff, round=2**40), "round"), (submission(staff, case_id="x" * 99), "case_id")):
        response = await client.post("/api/v1/reviews", json=body)
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
        assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}, response.json()
    missing = await client.post(f"/api/v1/reviews/{uuid.uuid4()}/assignment", json={})
    assert missing.status_code == 404


async def test_the_reviewer_pool_says_who_may_review_and_why_not(legality_review, staff):
    client, _ = legality_review
    pool = {p["person_no"]: p for p in (await client.get("/api/v1/reviewers",
                                                         params={"department_code": staff.department})).json()["items"]}
    assert pool[staff.qualified]["eligible"] is True
    assert pool[staff.first_timer]["refusal"]["rule"] == "L-2" and pool[staff.auxiliary]["eligible"] is False
    assert staff.outsider not in pool


async def _assignments(runtime) -> int:
    async with runtime.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(tables.review_assignment))).scalar_one()


def _body(staff, **overrides) -> dict:
    return {"case_id": str(uuid.uuid4()), "round": 1, "department_code": staff.department, "grounds": ["L-5"],
            "proposal": {"outcome": "给予行政处罚"}, "officers": [staff.officer]} | overrides


async def test_l5_the_grounds_from_the_local_major_decision_catalog_travel_with_the_round(
        legality_review, staff, submit):
    _, runtime = legality_review
    review = await submit(staff, grounds=["较大数额罚款（单位≥100000元）", "经过听证程序"])
    assert review["grounds"] == ["较大数额罚款（单位≥100000元）", "经过听证程序"]
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(o.headers, o.payload).where(o.message_key == review["case_id"]))).all()
    received = next(p for h, p in rows if h[h.index("ce_type") + 1] == "review.received.v1")
    assert "经过听证程序".encode() in received and review["due_on"].encode() in received


async def test_a_round_received_before_any_reviewer_is_known_is_assigned_when_one_arrives(
        legality_review, staff, submit, emit, eventually):
    client, _ = legality_review
    late = f"{staff.department}L"  # an agency whose personnel reaches legality_review after the request
    review = await submit(staff, department_code=late)
    assert review["status"] == "received" and review["reviewer"] is None
    await emit(lm.PersonnelRegistered(
        person_no=f"{late}-R", name="法制审核员", department_code=late, certificate_no=f"ZF{late}",
        certificate_type="行政执法证", status="valid", enforcement_areas=["法制审核"],
        legal_professional_qualification=True, auxiliary=False), f"{late}-R", source="/services/list_management")

    async def assigned() -> dict | None:
        current = await _review(client, review["id"])
        return current if current["status"] == "assigned" else None

    current = await eventually(assigned)
    assert current["reviewer"] == f"{late}-R" and current["assignments"][0]["how"] == "balanced"


async def test_review_lists_page_by_cursor_and_a_bad_cursor_is_refused(legality_review, staff, submit):
    client, _ = legality_review
    made = {(await submit(staff, officers=[staff.officer]))["id"] for _ in range(3)}
    seen, cursor = [], None
    while True:
        params = {"department_code": staff.department, "limit": 2} | ({"cursor": cursor} if cursor else {})
        answer = (await client.get("/api/v1/reviews", params=params)).json()
        seen += [r["id"] for r in answer["items"]]
        if not (cursor := answer["next_cursor"]):
            break
    assert set(seen) == made and len(seen) == 3
    garbage = await client.get("/api/v1/reviews", params={"department_code": staff.department, "cursor": "%%%"})
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["field"] == "cursor"


async def test_a_received_on_outside_the_supported_calendar_years_is_a_422_naming_it_and_nothing_is_written(
        legality_review, staff, submission):
    client, runtime = legality_review  # issue 12 item 5: a date the calendar cannot count is never a 500
    async with runtime.engine.connect() as conn:
        before = (await conn.execute(select(func.count()).select_from(tables.review))).scalar_one()
    for day in ("1900-01-01", "2000-01-01", "2200-01-01"):
        answer = await client.post("/api/v1/reviews", json=submission(staff, received_on=day))
        assert answer.status_code == 422, (day, answer.text)
        assert "received_on" in {e["field"].split(".")[-1] for e in answer.json()["errors"]}
    async with runtime.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(tables.review))).scalar_one() == before
