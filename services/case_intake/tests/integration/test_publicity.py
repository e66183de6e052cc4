"""公示 and 信用修复 (DOMAIN §5, §11.3): the publish-by clock, the redacted summary, withdrawal, end dates, repair."""

from datetime import date

from sqlalchemy import select

from case_intake.adapters import tables
from case_intake.domain.publicity import REDACTION_VERSION
from platform_calendar import WorkCalendar
from platform_events.personal import find_unmasked

CAL = WorkCalendar(unknown_year="provisional")


async def _publicity(walk, case_id: str) -> dict:
    case = (await walk.client.get(f"/api/v1/cases/{case_id}")).json()
    return (await walk.client.get(f"/api/v1/publicity/{case['publicity']['id']}")).json()


async def test_t3_a_penalty_decided_on_30_september_2025_is_published_within_7_working_days_across_national_day(walk):
    case = await walk.file(received="2025-09-01", filed_on="2025-09-02", act_date="2025-08-20")
    await walk.evidence(case["id"], on="2025-09-05")
    notified = await walk.notify(case["id"], on="2025-09-10", fine="5000")
    await walk.ok(case["id"], "waivers", {"on": "2025-09-11", "statement": True})
    decided = await walk.ok(case["id"], "decision", walk.decision(notified, on="2025-09-30", fine="5000"))
    publicity = await _publicity(walk, decided["id"])
    # 10-1 … 10-8 rest; 10-9, 10-10, 10-11 (Saturday, 调休 working day), 10-13 … 10-16: the 7th working day
    assert publicity["status"] == "pending" and publicity["due_on"] == "2025-10-16"
    assert publicity["due_on"] == CAL.add_working_days(date(2025, 9, 30), 7).due.isoformat()
    assert {"T-3", "T-4"} <= set(publicity["rule_ids"])


async def test_t8_a_warning_only_decision_is_not_published(walk):
    case = await walk.file()
    await walk.evidence(case["id"])
    warning = walk.proposal(penalties=[{"kind": "警告"}])
    notified = await walk.notify(case["id"], proposal=warning)
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    decided = await walk.ok(case["id"], "decision", walk.decision(notified, penalties=[{"kind": "警告"}]))
    publicity = await _publicity(walk, decided["id"])
    assert publicity["status"] == "not_publishable" and "T-8" in publicity["rule_ids"]


async def test_p31_t12_the_published_summary_is_redacted_and_carries_every_field_of_9_2(walk, party):
    decided = await walk.decided(fine="5000", facts="当事人张三（身份证号 210681199001011234，电话 13812345678）"
                                                   "未公示许可证", trade_secret_passages=[])
    publicity = await _publicity(walk, decided["id"])
    await walk.serve(decided)
    published = await walk.client.post(f"/api/v1/publicity/{publicity['id']}/publication",
                                       json={"published_on": walk.day(33)}, headers=walk.acting)
    summary = published.json()["summary"]
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert "210681199001011234" not in str(summary) and "13812345678" not in str(summary)
    assert {"decision_no", "party", "violation_type", "penalty_content", "agency", "decided_on"} <= set(summary)
    assert summary["penalty_content"] == "罚款5000元"
    assert summary["facts"] == "当事人张三（身份证号 ******************，电话 ***********）未公示许可证"
    assert published.json()["ends_on"] and published.json()["credit_class"] == "一般"


async def test_p31_a_landline_or_bank_card_in_the_facts_is_hidden_in_the_published_summary(walk, case_intake):
    _, runtime = case_intake
    facts = "证人李某（座机 0411-82345678，家中电话 010 6512 3456）证实当事人以银行卡 6222 0212 3456 7894 收取货款"
    decided = await walk.decided(fine="5000", facts=facts, trade_secret_passages=[])
    publicity = await _publicity(walk, decided["id"])
    await walk.serve(decided)
    await walk.client.post(f"/api/v1/publicity/{publicity['id']}/publication", json={"published_on": walk.day(33)},
                           headers=walk.acting)
    public = await walk.client.get("/api/v1/published-decisions", params={"department_code": walk.world.department},
                                   headers={"Authorization": ""})
    [shown] = [item["summary"] for item in public.json()["items"] if item["id"] == publicity["id"]]
    assert shown["facts"] == "证人李某（座机 ************，家中电话 ***********）证实当事人以银行卡 **************** 收取货款"
    assert {"文中固定电话号码", "文中银行卡号"} <= set(shown["redacted"])
    assert shown["redaction_version"] == REDACTION_VERSION
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        payloads = (await conn.execute(select(o.headers, o.payload).where(
            o.message_key.in_([publicity["id"], decided["id"]])))).all()
    [event] = [bytes(r.payload).decode() for r in payloads if "publicity.published.v1" in str(r.headers)]
    assert "************" in event and "文中固定电话号码" in event
    assert find_unmasked(f"{event}\n{public.text}", ["0411-82345678", "010 6512 3456", "6222021234567894"]) == []


async def test_p27_t11_a_revoked_decision_is_withdrawn_within_3_working_days(walk):
    decided = await walk.decided(fine="5000")
    publicity = await _publicity(walk, decided["id"])
    await walk.serve(decided)
    await walk.client.post(f"/api/v1/publicity/{publicity['id']}/publication", json={"published_on": walk.day(33)},
                           headers=walk.acting)
    changed = await walk.ok(decided["id"], "decision-changes", {"change": "撤销", "changed_on": walk.day(40),
                                                                "reason": "行政复议决定撤销（东政复决〔2026〕9号）"})
    record = await _publicity(walk, decided["id"])
    assert record["withdrawal_due"] == CAL.add_working_days(date.fromisoformat(walk.day(40)), 3).due.isoformat()
    withdrawn = await walk.client.post(f"/api/v1/publicity/{publicity['id']}/withdrawal",
                                       json={"withdrawn_on": walk.day(41), "reason": "原处罚决定已被撤销"},
                                       headers=walk.acting)
    assert withdrawn.json()["status"] == "withdrawn" and changed["decision"]["changed"] == "撤销"


async def test_cr6_credit_repair_ends_publicity_early_only_after_the_minimum_with_the_conditions_met(walk):
    case = await walk.file(received="2025-05-01", filed_on="2025-05-02", act_date="2025-04-20")
    await walk.evidence(case["id"], on="2025-05-05")
    notified = await walk.notify(case["id"], on="2025-05-10", fine="5000")
    await walk.ok(case["id"], "waivers", {"on": "2025-05-12", "statement": True})
    decided = await walk.ok(case["id"], "decision", walk.decision(notified, on="2025-05-30", fine="5000"))
    publicity = await _publicity(walk, decided["id"])
    await walk.serve(decided, on="2025-06-03")
    published = (await walk.client.post(f"/api/v1/publicity/{publicity['id']}/publication",
                                        json={"published_on": "2025-06-05"}, headers=walk.acting)).json()
    application = {"decided_on": "2025-06-20", "penalty_fulfilled": True, "harm_removed": True,
                   "credit_commitment": True}
    too_early = await walk.client.post(f"/api/v1/publicity/{publicity['id']}/credit-repair", json=application,
                                       headers=walk.acting)
    repaired = await walk.client.post(f"/api/v1/publicity/{publicity['id']}/credit-repair",
                                      json=application | {"decided_on": published["repair_from"]},
                                      headers=walk.acting)
    assert too_early.status_code == 422 and too_early.json()["rule"].startswith("CR-")
    assert repaired.status_code == 200 and repaired.json()["status"] == "repaired"


async def test_cr5_t9_the_decision_is_served_with_the_credit_repair_notice_guidance_and_publicity_notice(walk):
    decided = await walk.decided(fine="5000")
    alone = await walk.post(decided["id"], "service", {"method": "直接送达", "issued_on": walk.day(31),
                                                       "documents": ["行政处罚决定书"]})
    assert alone.status_code == 422 and alone.json()["rule"] == "CR-5"
    assert set(alone.json()["missing"]) == {"信用修复告知书", "合规指导书", "公示告知"}
    served = await walk.serve(decided)
    assert served["stage"] == "送达"
