"""Versioned lists over HTTP: lifecycle, immutability, 报备, as-of queries and the advisory evaluation."""

import pytest


@pytest.fixture
async def matter(client, build, uid) -> str:
    await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    await client.post("/api/v1/matters", json=build.matter(f"M{uid}", f"D{uid}"))
    return f"M{uid}"


async def _publish(client, department: str, body: dict, effective_from: str, title: str = "测试清单") -> dict:
    draft = await client.post("/api/v1/lists", json={"department_code": department, "title": title, "body": body})
    assert draft.status_code == 201, draft.text
    published = await client.post(f"/api/v1/lists/{draft.json()['id']}/publish",
                                  json={"effective_from": effective_from})
    assert published.status_code == 200, published.text
    return published.json()


async def _evaluate(client, matter: str, act_date: str, facts=(), **extra) -> dict:
    body = {"matter_code": matter, "act_date": act_date, "facts": list(facts)} | extra
    response = await client.post("/api/v1/evaluations", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def test_as_of_evaluation_across_two_published_versions_returns_the_one_in_force(client, build, uid, matter):
    dept = f"D{uid}"
    v1 = await _publish(client, dept, build.benchmark(matter, normal=("15000", "35000")), "2025-01-01")
    v2 = await _publish(client, dept, build.benchmark(matter, normal=("20000", "30000")), "2025-03-01")
    early = await _evaluate(client, matter, "2025-02-28")
    late = await _evaluate(client, matter, "2025-03-01")
    assert (early["benchmark"]["version"], late["benchmark"]["version"]) == (v1["version"], v2["version"])
    assert early["benchmark"]["suggested_tier"]["fine"]["fine_min"] == "15000"
    assert late["benchmark"]["suggested_tier"]["fine"]["fine_min"] == "20000"
    before_any = await _evaluate(client, matter, "2024-12-31")
    assert before_any["benchmark"] is None
    old = (await client.get(f"/api/v1/lists/{v1['id']}")).json()
    assert (old["status"], old["effective_to"]) == ("superseded", "2025-02-28")
    in_force = (await client.get("/api/v1/lists", params={"series_key": v1["series_key"],
                                                          "in_force_on": "2025-03-01"})).json()["items"]
    assert [v["version"] for v in in_force] == [v2["version"]]


async def test_d1_facts_select_the_heavier_or_lighter_step_and_explain_d4_d5(client, build, uid, matter):
    await _publish(client, f"D{uid}", build.benchmark(matter), "2025-01-01")
    heavier = await _evaluate(client, matter, "2025-05-01", ["repeat_violation"])
    lighter = await _evaluate(client, matter, "2025-05-01", ["first_violation", "cooperative"])
    mixed = await _evaluate(client, matter, "2025-05-01", ["repeat_violation", "cooperative"])
    assert heavier["benchmark"]["suggested_tier"]["tier"] == "从重"
    assert lighter["benchmark"]["suggested_tier"]["tier"] == "从轻"
    assert mixed["benchmark"]["suggested_tier"]["tier"] == "一般"
    assert {"D-4", "D-5"} <= {r["rule"] for r in heavier["explanation"]}
    assert heavier["advisory"] is True


async def test_q4_a_minor_offender_gets_a_mandatory_lighter_step_even_with_aggravation(client, build, uid, matter):
    await _publish(client, f"D{uid}", build.benchmark(matter), "2025-01-01")
    result = await _evaluate(client, matter, "2025-05-01", ["age_14_to_18", "repeat_violation"])
    assert result["benchmark"]["suggested_tier"]["tier"] == "从轻"
    assert "Q-4" in {r["rule"] for r in result["explanation"]}


async def test_q1_statutory_grounds_mean_no_penalty_step_at_all(client, build, uid, matter):
    await _publish(client, f"D{uid}", build.benchmark(matter), "2025-01-01")
    result = await _evaluate(client, matter, "2025-05-01", ["under_14"])
    assert result["benchmark"]["suggested_tier"] is None
    assert "Q-1" in {r["rule"] for r in result["explanation"]}


async def test_q1_q3_a_no_penalty_entry_applies_only_when_every_condition_holds_and_asks_for_education(
    client, build, uid, matter
):
    await _publish(client, f"D{uid}", build.no_penalty_list(matter), "2025-01-01")
    partial = await _evaluate(client, matter, "2025-05-01", ["first_violation", "harm_slight"])
    full = await _evaluate(client, matter, "2025-05-01", ["first_violation", "harm_slight", "corrected_in_time"])
    assert partial["list_entries"] == []
    assert [e["list_type"] for e in full["list_entries"]] == ["不予处罚"]
    assert {"Q-1", "Q-3"} <= {r["rule"] for r in full["explanation"]}


async def test_l1_l5_a_fine_at_the_organisation_threshold_requires_legality_review(client, build, uid, matter):
    await _publish(client, f"D{uid}", build.review_list(), "2025-01-01", title="法制审核目录")
    big = await _evaluate(client, matter, "2025-05-01", party_type="organisation", proposed_fine_cny="100000")
    small = await _evaluate(client, matter, "2025-05-01", party_type="organisation", proposed_fine_cny="99999")
    person = await _evaluate(client, matter, "2025-05-01", party_type="natural_person", proposed_fine_cny="10000")
    assert (big["legality_review"]["required"], small["legality_review"]["required"]) == (True, False)
    assert person["legality_review"]["required"] is True
    assert {"L-1", "L-5"} <= {r["rule"] for r in big["explanation"]}


async def test_d7_a_benchmark_with_fewer_than_three_steps_is_refused_with_the_rule_id(client, build, uid, matter):
    body = build.benchmark(matter)
    body["tiers"] = body["tiers"][:2]
    response = await client.post("/api/v1/lists", json={"department_code": f"D{uid}", "title": "两档基准", "body": body})
    assert response.status_code == 422
    assert response.json()["rule"] == "D-7"


async def test_d1_a_step_outside_the_legal_range_is_refused_naming_the_tier(client, build, uid, matter):
    body = build.benchmark(matter)
    body["tiers"][2]["fine"]["fine_max"] = "60000"  # the law caps the fine at 50,000
    response = await client.post("/api/v1/lists", json={"department_code": f"D{uid}", "title": "超限基准", "body": body})
    assert response.status_code == 422
    assert response.json()["rule"] == "D-1"
    assert response.json()["errors"][0]["field"] == "body.tiers[2].fine"


async def test_published_versions_are_immutable_and_republishing_is_refused(client, build, uid, matter):
    v1 = await _publish(client, f"D{uid}", build.benchmark(matter), "2025-01-01")
    edit = await client.put(f"/api/v1/lists/{v1['id']}", json={"title": "修改标题", "body": build.benchmark(matter)})
    again = await client.post(f"/api/v1/lists/{v1['id']}/publish", json={"effective_from": "2025-06-01"})
    assert (edit.status_code, again.status_code) == (409, 409)


async def test_a_new_version_cannot_take_effect_before_the_one_it_replaces(client, build, uid, matter):
    await _publish(client, f"D{uid}", build.benchmark(matter), "2025-03-01")
    draft = (await client.post("/api/v1/lists", json={"department_code": f"D{uid}", "title": "回溯",
                                                      "body": build.benchmark(matter)})).json()
    backdated = await client.post(f"/api/v1/lists/{draft['id']}/publish", json={"effective_from": "2025-02-01"})
    assert backdated.status_code == 409


async def test_filing_moves_through_filed_to_accepted_and_refuses_skipping(client, build, uid, matter):
    v1 = await _publish(client, f"D{uid}", build.no_penalty_list(matter), "2025-01-01")
    skip = await client.post(f"/api/v1/lists/{v1['id']}/filing", json={"filing_status": "accepted"})
    filed = await client.post(f"/api/v1/lists/{v1['id']}/filing", json={"filing_status": "filed", "note": "报市司法局"})
    accepted = await client.post(f"/api/v1/lists/{v1['id']}/filing", json={"filing_status": "accepted"})
    assert skip.status_code == 409
    assert (filed.json()["filing_status"], accepted.json()["filing_status"]) == ("filed", "accepted")


async def test_a_draft_created_twice_with_one_idempotency_key_is_stored_once(client, build, uid, matter):
    body = {"department_code": f"D{uid}", "title": "幂等", "body": build.no_penalty_list(matter)}
    first = await client.post("/api/v1/lists", json=body, headers={"Idempotency-Key": f"k-{uid}"})
    again = await client.post("/api/v1/lists", json=body, headers={"Idempotency-Key": f"k-{uid}"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]


async def test_a_list_citing_an_unknown_matter_is_refused_with_the_code_named(client, build, uid, matter):
    body = build.no_penalty_list(f"NOPE{uid}")
    response = await client.post("/api/v1/lists", json={"department_code": f"D{uid}", "title": "错误清单", "body": body})
    assert response.status_code == 422
    assert f"NOPE{uid}" in response.json()["errors"][0]["message"]


async def test_l5_a_county_catalog_binds_the_agencies_of_its_region_and_no_other(client, build, uid):
    """A 重大执法决定法制审核目录 applies to the agencies of the region it is published in; of several that bind
    (the county's, the agency's own), any that lists the matter or whose threshold is reached requires review."""
    county, elsewhere = f"8{int(uid, 16) % 10**5:05d}", f"7{int(uid, 16) % 10**5:05d}"
    for code, region in ((f"A{uid}", county), (f"J{uid}", county), (f"X{uid}", elsewhere)):
        created = await client.post("/api/v1/departments", json=build.department(code, region_code=region))
        assert created.status_code == 201, created.text
    await client.post("/api/v1/matters", json=build.matter(f"M{uid}", f"A{uid}"))
    await _publish(client, f"X{uid}", build.review_list([f"M{uid}"]), "2025-01-01", title="外县法制审核目录")
    foreign = await _evaluate(client, f"M{uid}", "2025-05-01", proposed_fine_cny="500")
    assert foreign["legality_review"] is None
    await _publish(client, f"J{uid}", build.review_list(), "2025-01-01", title="本县法制审核目录")
    by_amount = await _evaluate(client, f"M{uid}", "2025-05-01", proposed_fine_cny="500")
    large = await _evaluate(client, f"M{uid}", "2025-05-01", proposed_fine_cny="100000")
    assert by_amount["legality_review"]["required"] is False
    assert by_amount["legality_review"]["series_key"].startswith(f"J{uid}/")
    assert large["legality_review"]["required"] is True
    await _publish(client, f"A{uid}", build.review_list([f"M{uid}"]), "2025-01-01", title="本局法制审核目录")
    listed = await _evaluate(client, f"M{uid}", "2025-05-01", proposed_fine_cny="500")
    no_fine = await _evaluate(client, f"M{uid}", "2025-05-01")  # e.g. 吊销许可证件: listed matters need no amount
    assert listed["legality_review"]["required"] is True and listed["legality_review"]["series_key"].startswith(f"A{uid}/")
    assert no_fine["legality_review"]["required"] is True
    assert "执法事项列入目录" in {r["text"] for r in listed["explanation"] if r["rule"] == "L-5"}
