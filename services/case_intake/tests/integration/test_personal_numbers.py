"""Issue 12 item 6: a party's ID number and phone, and numbers typed into a clue's description or a case's texts,
reach an uncleared caller masked in clue answers, the case and its record chain (rules K-7, P-31); a cleared caller
reads them as stored."""

from datetime import UTC, datetime, timedelta

ID_NUMBER, PHONE, CARD = "11010519491231002X", "13900002222", "6222021234567894"
DEPARTMENT = "clues:read clues:write cases:read cases:write"


def _person(party) -> dict:
    return party(type="自然人", name="张某", credit_code=None, legal_representative=None, id_number=ID_NUMBER,
                 phone=PHONE)


async def test_k7_p31_a_clue_shows_an_uncleared_caller_the_party_and_the_description_masked(
        walk, world, tokens, clue_body, party):
    uncleared = await tokens.headers(DEPARTMENT, agencies=[world.department], region="210681", data_scope="agency",
                                     person=world.officers[0])
    description = f"群众举报：摊主张某（身份证{ID_NUMBER}，电话{PHONE}）收款卡{CARD}，罚没¥20000"
    created = await walk.client.post("/api/v1/clues", json=clue_body(world, party=_person(party),
                                                                      description=description))
    assert created.status_code == 201, created.text
    clue = created.json()
    assert (clue["party"]["id_number"], clue["description"]) == (ID_NUMBER, description)  # the default: cleared
    read = await walk.client.get(f"/api/v1/clues/{clue['id']}", headers=uncleared)
    assert read.status_code == 200
    shown = read.json()
    assert (shown["party"]["id_number"], shown["party"]["phone"]) == ("110***********002X", "139****2222")
    assert shown["description"] == ("群众举报：摊主张某（身份证110***********002X，电话139****2222）收款卡"
                                    "************7894，罚没¥20000")
    assert all(raw not in read.text for raw in (ID_NUMBER, PHONE, CARD))


async def test_k7_p31_the_case_and_its_record_chain_show_an_uncleared_caller_no_raw_id_number_or_phone(
        walk, world, tokens, party):
    uncleared = await tokens.headers(DEPARTMENT, agencies=[world.department], region="210681", data_scope="agency",
                                     person=world.officers[0])
    case = await walk.file(party=_person(party), preliminary_evidence=f"现场笔录；当事人留电话{PHONE}，证件{ID_NUMBER}",
                           filed_on=(datetime.now(UTC) - timedelta(days=2)).date().isoformat())
    record = await walk.client.get(f"/api/v1/cases/{case['id']}/record", headers=uncleared)
    read = await walk.client.get(f"/api/v1/cases/{case['id']}", headers=uncleared)
    assert (record.status_code, read.status_code) == (200, 200)
    for answer in (record, read):
        assert all(raw not in answer.text for raw in (ID_NUMBER, PHONE)), answer.text
    assert "139****2222" in record.text and "110***********002X" in record.text
    whole = await walk.client.get(f"/api/v1/cases/{case['id']}/record")  # the default caller is cleared
    assert ID_NUMBER in whole.text and PHONE in whole.text
    verified = (await walk.client.get(f"/api/v1/cases/{case['id']}/record/verification", headers=uncleared)).json()
    assert verified["intact"]  # the chain is the stored content's: masking a read breaks nothing
