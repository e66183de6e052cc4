"""The full-process record (P-13): every act appended to a per-case hash chain that no API rewrites and that
detects what is done to it directly in the database."""

import pytest
from sqlalchemy import text


async def _walked(walk) -> dict:
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    return await walk.ok(case["id"], "decision", walk.decision(case, fine="5000"))


async def test_p13_every_step_is_an_act_of_the_record_and_the_chain_verifies(walk):
    case = await _walked(walk)
    record = (await walk.client.get(f"/api/v1/cases/{case['id']}/record")).json()
    verification = (await walk.client.get(f"/api/v1/cases/{case['id']}/record/verification")).json()
    assert [link["act"] for link in record["links"]] == ["立案", "调查取证", "告知", "陈述申辩", "作出决定"]
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(record["links"], record["links"][1:], strict=False))
    assert verification == {"case_id": case["id"], "intact": True, "links": 5, "head": record["head"]["hash"],
                            "first_broken_link": None, "rule": "P-13"}
    assert case["record"] == record["head"]


async def test_p13_the_record_is_append_only_in_the_database_itself(walk, case_intake):
    _, runtime = case_intake
    case = await _walked(walk)
    async with runtime.engine.connect() as conn:
        with pytest.raises(Exception, match="append-only"):
            await conn.execute(text("UPDATE case_record SET actor = 'x' WHERE case_id = :id"), {"id": case["id"]})


@pytest.mark.parametrize("tamper, broken_seq", [
    ("UPDATE case_record SET content = jsonb_set(content, '{on}', '\"2000-01-01\"') WHERE case_id = :id AND seq = 3", 3),
    ("UPDATE case_record SET actor = 'someone else' WHERE case_id = :id AND seq = 2", 2),
    ("DELETE FROM case_record WHERE case_id = :id AND seq = 4", 4),
    ("DELETE FROM case_record WHERE case_id = :id AND seq = 5", 5),
])
async def test_p13_an_act_altered_or_removed_directly_in_the_database_is_named_by_the_verifier(
        walk, case_intake, tamper, broken_seq):
    """An insider with the database owner's rights switches the trigger off: the chain still tells."""
    _, runtime = case_intake
    case = await _walked(walk)
    async with runtime.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE case_record DISABLE TRIGGER case_record_append_only"))
        await conn.execute(text(tamper), {"id": case["id"]})
        await conn.execute(text("ALTER TABLE case_record ENABLE TRIGGER case_record_append_only"))
    verification = (await walk.client.get(f"/api/v1/cases/{case['id']}/record/verification")).json()
    assert verification["intact"] is False
    assert verification["first_broken_link"]["seq"] == broken_seq
    if "UPDATE" in tamper:
        async with runtime.engine.connect() as conn:
            record_id = (await conn.execute(text("SELECT id FROM case_record WHERE case_id = :id AND seq = :seq"),
                                            {"id": case["id"], "seq": broken_seq})).scalar_one()
        assert verification["first_broken_link"]["record_id"] == record_id

