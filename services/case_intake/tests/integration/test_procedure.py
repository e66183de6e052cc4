"""The general procedure step by step: what each rule refuses, and that a refused step changes nothing."""

import dataclasses
from datetime import date

import httpx

from case_intake.adapters.list_management import ListManagement
from platform_calendar import WorkCalendar

CAL = WorkCalendar(unknown_year="provisional")


async def test_a_step_out_of_order_is_refused_naming_the_missing_step(walk):
    case = await walk.file()
    decide = await walk.post(case["id"], "decision", walk.decision(case, on=5))
    serve = await walk.post(case["id"], "service", {"method": "直接送达", "issued_on": walk.day(5),
                                                     "documents": ["行政处罚决定书"]})
    assert decide.status_code == 409 and decide.json()["missing"] == "调查取证"
    assert serve.status_code == 409 and serve.json()["missing"] == "作出决定"
    assert "调查取证" in serve.json()["allowed"]


async def test_p10_evidence_is_of_a_statutory_type_with_a_content_hash_and_p1_two_certified_collectors(walk):
    case = await walk.file()
    wrong_type = await walk.post(case["id"], "evidence", {"type": "传闻", "title": "x", "collected_on": walk.day(2),
                                                          "content_sha256": "0" * 64})
    no_hash = await walk.post(case["id"], "evidence", {"type": "书证", "title": "x", "collected_on": walk.day(2),
                                                       "content_sha256": "not-a-hash"})
    one_officer = await walk.post(case["id"], "evidence", {
        "type": "书证", "title": "营业执照复印件", "collected_on": walk.day(2), "content_sha256": "a" * 64,
        "collected_by": [walk.world.officers[0]]})
    stored = await walk.evidence(case["id"], on=2, type="书证")
    assert wrong_type.status_code == 422 and no_hash.status_code == 422
    assert one_officer.status_code == 422 and one_officer.json()["rule"] == "P-1"
    assert stored["stage"] == "调查取证" and stored["evidence"][0]["collected_by"] == walk.world.officers[:2]


async def test_p10_illegally_obtained_evidence_is_kept_but_never_founds_a_decision(walk):
    case = await walk.file()
    await walk.evidence(case["id"], lawfully_obtained=False)
    refused = await walk.post(case["id"], "notice", {"notified_on": walk.day(10), "proposal": walk.proposal()})
    assert refused.status_code == 409 and refused.json()["missing"] == "调查取证"


async def test_p14_no_penalty_decision_while_the_statement_window_is_open(walk):
    case = await walk.to_notice(fine="5000")  # below the hearing threshold: only the 陈述申辩 window
    notice = case["notice"]
    assert notice["statement_due"] == CAL.add_working_days(date.fromisoformat(walk.day(10)), 5).due.isoformat()
    early = await walk.post(case["id"], "decision", walk.decision(case, on=11, fine="5000"))
    assert early.status_code == 422 and early.json()["rule"] == "P-14"
    assert (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()["decision"] is None  # nothing written
    waived = await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    decided = await walk.ok(case["id"], "decision", walk.decision(waived, on=12, fine="5000"))
    assert decided["stage"] == "决定"


async def test_p15_every_statement_is_re_examined_and_the_decision_never_heavier_than_notified(walk):
    case = await walk.to_notice(fine="5000")
    with_statement = await walk.ok(case["id"], "statements", {"received_on": walk.day(12), "content": "已当场改正，请求从轻"})
    statement = with_statement["statements"][0]["id"]
    unexamined = await walk.post(case["id"], "decision", walk.decision(with_statement, fine="5000"))
    await walk.ok(case["id"], f"statements/{statement}/reexamination",
                  {"reexamined_on": walk.day(14), "adopted": False, "reasons": "改正不影响违法事实认定"})
    heavier = await walk.post(case["id"], "decision", walk.decision(with_statement, fine="8000"))
    assert unexamined.status_code == 422 and "P-15" in {b["rule"] for b in unexamined.json()["blocked_by"]}
    assert heavier.status_code == 422 and "P-15" in {b["rule"] for b in heavier.json()["blocked_by"]}
    lighter = await walk.ok(case["id"], "decision", walk.decision(with_statement, fine="4000", chosen_tier="从轻",
                                                                  departure={"approval_ref": "集体讨论纪要〔2026〕1号",
                                                                             "approver": "集体讨论", "reason": "主动改正"}))
    assert lighter["decision"]["penalties"][0]["amount_cny"] == "4000"


async def test_p16_a_large_fine_carries_the_right_to_a_hearing_at_the_configured_amount(walk):
    below = await walk.to_notice(fine="9999.99")
    at = await walk.to_notice(fine="10000")  # hearing.large_amount_cny for an organisation (default 10,000)
    assert below["notice"]["hearing_offered"] is False
    assert at["notice"]["hearing_offered"] is True
    assert at["notice"]["hearing_request_due"] == CAL.add_working_days(date.fromisoformat(walk.day(10)), 5).due.isoformat()


async def test_p17_a_hearing_requested_in_time_is_noticed_7_days_ahead_chaired_by_a_non_investigator_and_held(walk):
    case = await walk.to_notice(fine="20000")
    late = await walk.post(case["id"], "hearing/request", {"requested_on": walk.day(25)})
    requested = await walk.ok(case["id"], "hearing/request", {"requested_on": walk.day(12)})
    blocked = await walk.post(case["id"], "decision", walk.decision(requested, on=30))
    short_notice = await walk.post(case["id"], "hearing/schedule", {
        "notice_sent_on": walk.day(14), "scheduled_for": walk.day(16), "place": "第一听证室", "chair": walk.world.reviewer})
    investigator_chair = await walk.post(case["id"], "hearing/schedule", {
        "notice_sent_on": walk.day(13), "scheduled_for": walk.day(26), "place": "第一听证室", "chair": walk.world.officers[0]})
    await walk.ok(case["id"], "hearing/schedule", {"notice_sent_on": walk.day(13), "scheduled_for": walk.day(26),
                                                   "place": "第一听证室", "chair": walk.world.reviewer})
    held = await walk.ok(case["id"], "hearing/held", {"held_on": walk.day(26), "record_sha256": "b" * 64})
    assert (late.status_code, late.json()["rule"]) == (422, "P-17")
    assert blocked.status_code == 422 and "P-16" in {b["rule"] for b in blocked.json()["blocked_by"]}
    assert (short_notice.status_code, short_notice.json()["rule"]) == (422, "P-17")
    assert (investigator_chair.status_code, investigator_chair.json()["rule"]) == (422, "P-17")
    assert (await walk.post(case["id"], "decision", walk.decision(held, on=30))).status_code == 200


async def test_s4_the_hearing_period_is_not_counted_by_the_decision_clock(walk):
    case = await walk.to_notice(fine="20000")
    before = next(c for c in case["clocks"] if c["kind"] == "作出决定期限")["due_on"]
    await walk.ok(case["id"], "hearing/request", {"requested_on": walk.day(12)})
    await walk.ok(case["id"], "hearing/schedule", {"notice_sent_on": walk.day(13), "scheduled_for": walk.day(26),
                                                   "place": "第一听证室", "chair": walk.world.reviewer})
    held = await walk.ok(case["id"], "hearing/held", {"held_on": walk.day(26), "record_sha256": "c" * 64})
    after = next(c for c in held["clocks"] if c["kind"] == "作出决定期限")["due_on"]
    assert (date.fromisoformat(after) - date.fromisoformat(before)).days >= 15  # 15 days of hearing, then G-6


async def test_s4_the_decision_clock_is_extended_once_with_approval_and_beyond_only_by_collective_discussion(walk):
    case = await walk.file()
    approval = {"clock": "decision", "days": 30, "approval_ref": "延期审批表〔2026〕1号", "approved_on": walk.day(5)}
    first = await walk.ok(case["id"], "extensions", approval)
    second = await walk.post(case["id"], "extensions", approval | {"days": 10})
    by_discussion = await walk.ok(case["id"], "extensions", approval | {"days": 10, "collective_discussion": True})
    due = [next(c for c in x["clocks"] if c["kind"] == "作出决定期限")["due_on"] for x in (case, first, by_discussion)]
    assert (second.status_code, second.json()["rule"]) == (422, "S-4")
    assert date.fromisoformat(due[1]) > date.fromisoformat(due[0]) and date.fromisoformat(due[2]) > date.fromisoformat(due[1])


async def test_p3_a_granted_recusal_removes_the_officer_and_two_certified_must_remain(walk):
    case = await walk.file(officers=[walk.world.officers[1], walk.world.officers[2]])
    officer = walk.world.officers[2]
    declared = await walk.ok(case["id"], "recusals", {"person_no": officer, "applicant": "当事人申请",
                                                      "reason": "与当事人有亲属关系", "declared_on": walk.day(2)})
    recusal = declared["recusals"][0]["id"]
    await walk.evidence(case["id"], on=3, collected_by=[walk.world.officers[0], officer])  # continues meanwhile
    granted = await walk.ok(case["id"], f"recusals/{recusal}/decision", {"decision": "回避", "decided_on": walk.day(4)})
    acting = await walk.post(case["id"], "evidence", {"type": "书证", "title": "x", "collected_on": walk.day(5),
                                                      "content_sha256": "d" * 64,
                                                      "collected_by": [walk.world.officers[0], officer]})
    assert [a["removed_reason"] for a in granted["assignments"] if a["person_no"] == officer] == ["回避"]
    assert acting.status_code == 422 and acting.json()["rule"] == "P-1"


async def test_d4_the_decision_explains_the_benchmark_and_d5_a_departure_needs_approval(walk):
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    no_explanation = await walk.post(case["id"], "decision", walk.decision(case, fine="5000",
                                                                           benchmark_explanation=""))
    departure = await walk.post(case["id"], "decision", walk.decision(case, fine="5000", chosen_tier="从轻"))
    rules = {b["rule"] for b in no_explanation.json()["blocked_by"]}
    assert "D-4" in rules and "D-5" in {b["rule"] for b in departure.json()["blocked_by"]}
    decided = await walk.ok(case["id"], "decision", walk.decision(case, fine="5000"))
    assert decided["decision"]["evaluation"]["benchmark"]["suggested_tier"]["tier"] == "一般"


async def test_q1_q2_q3_not_penalising_states_its_statutory_ground_and_the_education_record(walk):
    case = await walk.file()
    case = await walk.evidence(case["id"])
    no_penalty = walk.decision(case, on=6, outcome="不予行政处罚", penalties=[],
                               facts_found=["first_violation", "harm_slight", "corrected_in_time"])
    missing = await walk.post(case["id"], "decision", no_penalty)
    decided = await walk.ok(case["id"], "decision", no_penalty | {
        "no_penalty_ground": "初次违法且危害后果轻微并及时改正", "education_record": "已对当事人进行食品安全法律法规教育"})
    assert {b["rule"] for b in missing.json()["blocked_by"]} >= {"Q-1", "Q-3"}
    assert [e["list_type"] for e in decided["decision"]["evaluation"]["list_entries"]] == ["首违不罚"]


async def test_p21_the_decision_letter_carries_every_mandatory_content(walk):
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    refused = await walk.post(case["id"], "decision", walk.decision(case, fine="5000", remedies="", evidence_ids=[]))
    reasons = next(b["reason"] for b in refused.json()["blocked_by"] if b["rule"] == "P-21")
    assert "复议、诉讼途径和期限" in reasons and "证据" in reasons


async def test_l3_a_complex_case_is_decided_only_after_collective_discussion(walk):
    case = await walk.file(complex=True)
    await walk.evidence(case["id"])
    case = await walk.notify(case["id"], fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    refused = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert "L-3" in {b["rule"] for b in refused.json()["blocked_by"]}
    assert "L-1" in {b["rule"] for b in refused.json()["blocked_by"]}  # complex: 法制审核 too (art. 58)


async def test_p18_a_suspected_crime_is_transferred_with_its_documents(walk):
    case = await walk.file()
    await walk.evidence(case["id"])
    transferred = await walk.ok(case["id"], "transfer", {
        "transferred_on": walk.day(8), "organ": "东港市公安局", "reason": "涉嫌生产销售伪劣产品罪",
        "documents": ["涉嫌犯罪案件移送书", "案件调查报告", "涉案物品清单"]})
    later = await walk.post(case["id"], "evidence", {"type": "书证", "title": "x", "collected_on": walk.day(9),
                                                     "content_sha256": "e" * 64})
    assert transferred["stage"] == "移送司法机关" and transferred["transfer"]["organ"] == "东港市公安局"
    assert later.status_code == 409


async def test_a_decision_while_list_management_is_unreachable_is_503_and_changes_nothing(walk, case_intake,
                                                                                          monkeypatch):
    """The evaluation recorded with a decision (D-4, D-5, L-5) is list_management's: without it there is no decision."""
    _, runtime = case_intake
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    before = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    unreachable = ListManagement(httpx.AsyncClient(transport=httpx.MockTransport(refuse), base_url="http://lm"))
    monkeypatch.setattr(runtime, "services", dataclasses.replace(runtime.services, lists=unreachable))
    refused = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert refused.status_code == 503 and refused.headers["content-type"] == "application/problem+json"
    after = (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()
    assert (after["stage"], after["record"], after["decision"]) == (before["stage"], before["record"], None)
