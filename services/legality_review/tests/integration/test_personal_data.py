"""Issue 12 item 6: a natural person's ID number, phones, card and address in review materials (the party's, a
witness's), in a reassignment reason and in the conclusion reach a caller without the confidential clearance masked,
and no log line or event of legality_review unmasked; a cleared caller reads them as submitted (rules K-7, P-31)."""

from sqlalchemy import select

from legality_review.adapters import tables
from platform_devstack.pytest_plugin import written_logs
from platform_events.personal import find_unmasked

ID_NUMBER, PHONE, WITNESS_PHONE, CARD = "11010519491231002X", "13900002222", "13712345678", "6222021234567894"
ADDRESS = "辽宁省丹东市东港市新兴路 18 号 3 单元 502 室"
KNOWN = (ID_NUMBER, PHONE, WITNESS_PHONE, CARD)


def _materials() -> dict:
    return {"party_type": "自然人", "party_name": "张某",
            "proposal": {"outcome": "给予行政处罚", "penalties": [{"kind": "罚款", "amount_cny": "150000"}],
                         "party": {"name": "张某", "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS},
                         "facts": f"当事人张某（身份证{ID_NUMBER}，手机{PHONE}）以卡{CARD}收取货款"},
            "evidence": [{"type": "证人证言", "title": f"证人李某证言（电话{WITNESS_PHONE}）", "sha256": "ab" * 32,
                          "witness": {"name": "李某", "phone": WITNESS_PHONE, "address": ADDRESS}}]}


async def _outbox(runtime, case_id: str) -> list[str]:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(o.headers, o.payload).where(o.message_key == case_id))).all()
    return [f"{r.headers}\n{bytes(r.payload).decode()}" for r in rows]


async def test_k7_p31_an_uncleared_caller_reads_review_materials_and_conclusion_masked_and_nothing_leaks(
        legality_review, staff, submit, conclude, checks, tokens):
    client, runtime = legality_review
    with written_logs() as lines:
        review = await submit(staff, **_materials())
        reassigned = await client.post(f"/api/v1/reviews/{review['id']}/reassignment", json={
            "reviewer": staff.second, "reason": f"原审核人与当事人（电话{PHONE}）系亲属，回避"})
        assert reassigned.status_code == 200, reassigned.text
        concluded = await conclude(staff, reassigned.json(), {
            "items": checks(facts_and_evidence=f"证人{WITNESS_PHONE}证言与现场笔录不一致"), "outcome": "建议修改后提交",
            "opinion": f"请核实当事人身份证{ID_NUMBER}", "signed_by": "法制科科长 王某"})
        assert concluded.status_code == 200, concluded.text
        mistyped = await client.get(f"/api/v1/cases/{ID_NUMBER}/reviews")  # the path reaches the log
    uncleared = await tokens.headers("reviews:read", agencies=[staff.department], region=staff.region)
    read = await client.get(f"/api/v1/reviews/{review['id']}", headers=uncleared)
    listed = await client.get(f"/api/v1/reviews?case_id={review['case_id']}", headers=uncleared)
    assert (read.status_code, listed.status_code, mistyped.status_code) == (200, 200, 200)
    for answer in (read, listed):
        assert find_unmasked(answer.text, KNOWN) == [] and "新兴路" not in answer.text, answer.text
    shown = read.json()
    assert shown["snapshot"]["proposal"]["party"] == {"name": "张某", "id_number": "110***********002X",
                                                      "phone": "139****2222", "address": "辽宁省丹东市东港市****"}
    assert shown["snapshot"]["evidence"][0]["witness"]["phone"] == "137****5678"
    assert shown["opinion"] == "请核实当事人身份证110***********002X" and shown["party_name"] == "张某"
    assert shown["assignments"][-1]["reason"] == "原审核人与当事人（电话139****2222）系亲属，回避"
    cleared = (await client.get(f"/api/v1/reviews/{review['id']}")).text  # the default caller is cleared
    assert find_unmasked(cleared, KNOWN) == list(KNOWN) and ADDRESS in cleared
    payloads = await _outbox(runtime, review["case_id"])
    assert any("review.revision_requested.v1" in p and "证人137****5678" in p for p in payloads)
    assert [p for p in payloads if find_unmasked(p, KNOWN)] == []
    assert any(f"/api/v1/cases/{ID_NUMBER[:3]}" in line for line in lines)
    assert find_unmasked("\n".join(lines), KNOWN) == []
