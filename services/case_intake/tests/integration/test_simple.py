"""简易程序: on the spot within P-6's thresholds, certificates shown (P-2), cash rules (P-8, P-9), 备案 (P-7)."""

from datetime import date


def _on_the_spot(w, make_party, **overrides) -> dict:
    return {"department_code": w.department, "matter_code": w.matter, "party": make_party(type="自然人", name="李四",
                                                                                           credit_code=None),
            "act_date": "2026-11-10", "decided_on": "2026-11-10", "place": "东港市新兴路农贸市场",
            "form_no": f"{w.department}-0001", "facts": "占道经营", "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
            "penalties": [{"kind": "罚款", "amount_cny": "200"}], "remedies": "六十日内申请复议或六个月内提起诉讼",
            "agency": "东港市综合行政执法局", "officers": w.officers[:2], "certificates_shown": True} | overrides


async def _act(client, world, path: str, body: dict):
    return await client.post(f"/api/v1/cases/{path}", json=body, headers=world.acting)


async def test_p6_a_person_is_fined_on_the_spot_up_to_200_yuan_an_organisation_up_to_3000(case_intake, world, party):
    client, _ = case_intake
    person_over = await _act(client, world, "on-the-spot", _on_the_spot(
        world, party, penalties=[{"kind": "罚款", "amount_cny": "201"}]))
    organisation = await _act(client, world, "on-the-spot", _on_the_spot(
        world, party, party=party(), form_no=f"{world.department}-0002",
        penalties=[{"kind": "罚款", "amount_cny": "3000"}]))
    not_a_simple_penalty = await _act(client, world, "on-the-spot", _on_the_spot(
        world, party, penalties=[{"kind": "没收违法所得", "amount_cny": "50"}]))
    assert (person_over.status_code, person_over.json()["rule"]) == (422, "P-6")
    assert organisation.status_code == 201 and organisation.json()["procedure"] == "简易程序"
    assert (not_a_simple_penalty.status_code, not_a_simple_penalty.json()["rule"]) == (422, "P-6")


async def test_p6_before_the_2021_revision_the_thresholds_were_50_and_1000_yuan(case_intake, world, party):
    client, _ = case_intake
    refused = await _act(client, world, "on-the-spot", _on_the_spot(
        world, party, act_date="2021-07-14", decided_on="2021-07-14", penalties=[{"kind": "罚款", "amount_cny": "60"}]))
    assert (refused.status_code, refused.json()["rule"]) == (422, "P-6")


async def test_p2_no_on_the_spot_decision_without_showing_the_certificates(case_intake, world, party):
    client, _ = case_intake
    refused = await _act(client, world, "on-the-spot", _on_the_spot(world, party, certificates_shown=False))
    assert (refused.status_code, refused.json()["rule"]) == (422, "P-2")


async def test_p8_p9_cash_over_100_yuan_needs_a_ground_and_cash_needs_the_official_receipt(case_intake, world, party):
    client, _ = case_intake
    over = await _act(client, world, "on-the-spot", _on_the_spot(world, party, cash_collected=True,
                                                                             cash_receipt_no="辽财票 0001"))
    no_receipt = await _act(client, world, "on-the-spot", _on_the_spot(
        world, party, penalties=[{"kind": "罚款", "amount_cny": "50"}], cash_collected=True))
    remote = await _act(client, world, "on-the-spot", _on_the_spot(
        world, party, cash_collected=True, cash_ground="边远、水上、交通不便地区", cash_receipt_no="辽财票 0002"))
    assert (over.status_code, over.json()["rule"]) == (422, "P-8")
    assert (no_receipt.status_code, no_receipt.json()["rule"]) == (422, "P-9")
    assert remote.status_code == 201 and remote.json()["payments"][0]["amount_cny"] == "200"


async def test_p7_an_on_the_spot_decision_is_filed_with_the_agency_within_its_clock(case_intake, world, party):
    client, _ = case_intake
    case = (await _act(client, world, "on-the-spot", _on_the_spot(world, party))).json()
    clock = next(c for c in case["clocks"] if c["kind"] == "当场处罚备案期限")
    assert clock["due_on"] == "2026-11-13" and case["stage"] == "送达"  # 3 WD after Tuesday 2026-11-10
    filed = await _act(client, world, f"{case['id']}/simple-filing", {"filed_on": "2026-11-11"})
    assert next(c for c in filed.json()["clocks"] if c["kind"] == "当场处罚备案期限")["state"] == "met"
    again = await _act(client, world, f"{case['id']}/simple-filing", {"filed_on": "2026-11-12"})
    assert again.status_code == 422
    notice = await _act(client, world, f"{case['id']}/notice", {"notified_on": "2026-11-12", "proposal": {}})
    assert notice.status_code in (409, 422)
    assert date.fromisoformat(case["payment_due"]) == date(2026, 11, 25)  # 15 days after the decision (P-24)
