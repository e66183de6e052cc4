"""Issue 12 item 6, acceptance as far as one service can show it: a natural person's ID number, phones, a bank card
and an address, given as a party, typed into a clue, the filing, evidence, a proposal and refused input, reach no log
line (error answers included) and no event this service writes to its outbox, and an uncleared caller reads the
address down to its county (rules K-7, P-31)."""

from datetime import date

from sqlalchemy import select

from case_intake.adapters import tables
from platform_devstack.pytest_plugin import written_logs
from platform_events.personal import find_unmasked

ID_NUMBER, PHONE, WITNESS_PHONE, CARD = "11010519491231002X", "13900002222", "13712345678", "6222021234567894"
LANDLINE, ADDRESS = "0411-88886666", "辽宁省丹东市东港市新兴路 18 号 3 单元 502 室"
KNOWN = (ID_NUMBER, PHONE, WITNESS_PHONE, CARD, "88886666")
NUMBERS = f"身份证{ID_NUMBER}，手机{PHONE}，证人电话{WITNESS_PHONE}，座机{LANDLINE}，收款卡{CARD}"


def _person(party) -> dict:
    return party(type="自然人", name="张某", credit_code=None, legal_representative=None, id_number=ID_NUMBER,
                 phone=PHONE, address=ADDRESS)


async def _outbox(runtime, keys: list[str]) -> list[str]:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(o.headers, o.payload).where(o.message_key.in_(keys)))).all()
    return [f"{r.headers}\n{bytes(r.payload).decode()}" for r in rows]


async def test_k7_p31_personal_test_data_reaches_no_log_line_and_no_event_of_case_intake(
        walk, world, tokens, party, case_intake):
    _, runtime = case_intake
    with written_logs() as lines:
        clue = (await walk.client.post("/api/v1/clues", json=walk.clue_body(
            world, description=f"群众举报：{NUMBERS}", party=_person(party)))).json()
        refused = await walk.client.post("/api/v1/clues", json=walk.clue_body(
            world, party=_person(party) | {"phone": f"{PHONE}转{LANDLINE}"}, received_at=f"1900{ID_NUMBER}"))
        case = await walk.file(party=_person(party), preliminary_evidence=f"现场笔录；{NUMBERS}")
        await walk.evidence(case["id"], title=f"证人证言（证人手机{WITNESS_PHONE}）")
        await walk.notify(case["id"], proposal=walk.proposal(facts=f"当事人在其住所 {ADDRESS} 经营；{NUMBERS}",
                                                              reasons=f"证人{WITNESS_PHONE}证实"))
        requested = await walk.post(case["id"], "review-requests", {"requested_on": walk.day(15)})
        mistyped = [await walk.client.get(f"/api/v1/{path}") for path in (f"clues/{ID_NUMBER}", f"cases/{PHONE}")]
        not_filed = await walk.client.post(f"/api/v1/clues/{clue['id']}/not-filed", json={
            "ground": "其他", "reason": f"重复举报，举报人电话{PHONE}", "decided_on": date.today().isoformat()},
            headers=world.acting)
    assert [answer.status_code for answer in mistyped] == [404, 404]  # their path and error text reach the log
    assert refused.status_code == 422 and not_filed.status_code in (200, 409) and requested.status_code == 200
    payloads = await _outbox(runtime, [clue["id"], case["id"]])
    assert any("case.review_requested.v1" in p for p in payloads)
    review = next(p for p in payloads if "case.review_requested.v1" in p)
    assert f"证人电话{WITNESS_PHONE[:3]}****{WITNESS_PHONE[-4:]}" in review  # the facts arrive, masked
    assert lines, "the requests wrote no log line at all: the capture saw nothing"
    assert any("/api/v1/clues/110***********002X" in line for line in lines)  # the mistyped path, masked
    assert find_unmasked("\n".join(lines), KNOWN) == []
    assert [find_unmasked(p, KNOWN) for p in payloads if find_unmasked(p, KNOWN)] == []
    uncleared = await tokens.headers("clues:read cases:read", agencies=[world.department], region="210681",
                                     data_scope="agency", person=world.officers[0])
    shown = (await walk.client.get(f"/api/v1/cases/{case['id']}", headers=uncleared)).json()
    assert shown["party"]["address"] == "辽宁省丹东市东港市****"
    assert (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()["party"]["address"] == ADDRESS  # cleared
