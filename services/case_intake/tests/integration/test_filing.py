"""立案: S-2's conditions, the limitation period (P-5), two certified officers (P-1, E-1), the decision clock (P-20)."""

from datetime import date, timedelta

from platform_calendar import WorkCalendar

CAL = WorkCalendar(unknown_year="provisional")


async def _file(client, world, clue_body, filing_body, *, clue=None, **filing):
    registered = (await client.post("/api/v1/clues", json=clue_body(world, **(clue or {})))).json()
    return await client.post(f"/api/v1/clues/{registered['id']}/case", json=filing_body(world, **filing),
                             headers=world.acting), registered


async def test_p5_a_violation_discovered_more_than_two_years_after_it_ended_is_not_filed(
        case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    act = (date.today() - timedelta(days=2 * 366 + 10)).isoformat()
    refused, clue = await _file(client, world, clue_body, filing_body, act_date=act)
    assert refused.status_code == 422 and refused.json()["rule"] == "P-5"
    assert (await client.get(f"/api/v1/clues/{clue['id']}")).json()["status"] == "待核查"  # nothing written


async def test_p5_the_limitation_is_five_years_where_life_health_or_financial_safety_was_harmed(
        case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    act = (date.today() - timedelta(days=3 * 365)).isoformat()
    filed, _ = await _file(client, world, clue_body, filing_body, act_date=act, safety_harm=True)
    assert filed.status_code == 201, filed.text


async def test_p1_a_case_is_handled_by_two_officers_holding_a_certificate_valid_on_the_filing_date(
        case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    refused, _ = await _file(client, world, clue_body, filing_body, officers=[world.expired])  # expired 2021-12-31
    body = refused.json()
    assert refused.status_code == 422 and body["rule"] == "P-1"
    assert any(world.expired in e["message"] for e in body["errors"])


async def test_e1_auxiliary_staff_never_count_towards_the_two_officers(case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    refused, _ = await _file(client, world, clue_body, filing_body, officers=[world.auxiliary])
    assert refused.status_code == 422 and refused.json()["rule"] == "P-1"
    assert any("E-1" in e["message"] for e in refused.json()["errors"])


async def test_s2_filing_needs_jurisdiction_and_a_catalog_matter_of_the_department(
        case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    no_jurisdiction, _ = await _file(client, world, clue_body, filing_body, jurisdiction=False)
    unknown_matter, _ = await _file(client, world, clue_body, filing_body, matter_code="NOPE-001")
    assert (no_jurisdiction.status_code, no_jurisdiction.json()["rule"]) == (422, "S-2")
    assert unknown_matter.status_code == 422 and unknown_matter.json()["errors"][0]["field"] == "matter_code"


async def test_p20_filing_starts_the_decision_clock_of_90_calendar_days_and_stops_the_filing_clock(
        case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    filed, clue = await _file(client, world, clue_body, filing_body, clue={"received_at": "2026-05-25T09:00:00+08:00"},
                              filed_on="2026-06-01", act_date="2026-05-20")
    case = filed.json()
    decision = next(c for c in case["clocks"] if c["kind"] == "作出决定期限")
    assert decision["due_on"] == CAL.add_calendar_days(date(2026, 6, 1), 90).due.isoformat() == "2026-08-31"
    assert "P-20" in decision["rule_ids"]
    assert case["case_no"].startswith(f"{world.department}〔2026〕")
    after = (await client.get(f"/api/v1/clues/{clue['id']}")).json()
    assert after["status"] == "已立案" and after["case_id"] == case["id"]
    assert after["filing_clock"]["state"] == "met"


async def test_a_future_filing_date_is_refused_with_the_field_named(case_intake, world, clue_body, filing_body):
    client, _ = case_intake
    refused, _ = await _file(client, world, clue_body, filing_body,
                             filed_on=(date.today() + timedelta(days=3)).isoformat())
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "filed_on"

