"""Flexible enforcement measures (policies 000, 002): 行政指导 forms, 行政调解 with its 45 WD clock (K-3), a measure
taken in a case joining the case's record, and the monthly report."""


def _measure(w, party, **overrides) -> dict:
    return {"kind": "行政指导", "form": "提示", "department_code": w.department, "matter_code": w.matter,
            "party": party(), "measure_on": "2026-11-05", "officers": w.officers[:1],
            "content": "提示当事人按规定公示食品经营许可证"} | overrides


async def _post(client, world, path: str, body: dict):
    return await client.post(f"/api/v1/flexible-measures{path}", json=body, headers=world.acting)


async def test_guidance_names_one_of_its_eight_forms_and_other_measures_none(case_intake, world, party):
    client, _ = case_intake
    missing_form = await _post(client, world, "", _measure(world, party, form=None))
    stray_form = await _post(client, world, "", _measure(world, party, kind="告诫"))
    recorded = await _post(client, world, "", _measure(world, party, form="约谈"))
    assert missing_form.status_code == 422 and stray_form.status_code == 422
    assert recorded.status_code == 201 and recorded.json()["status"] == "已记录"


async def test_k3_a_mediation_runs_from_application_to_agreement_with_its_clock_from_acceptance(
        case_intake, world, party):
    client, _ = case_intake
    mediation = (await _post(client, world, "", _measure(
        world, party, kind="行政调解", form=None, content="消费者与商家就退款争议申请调解"))).json()
    wrong = await _post(client, world, f"/{mediation['id']}/mediation-steps",
                       {"action": "达成协议", "on": "2026-11-06", "note": "协议"})
    for action, on in (("受理", "2026-11-06"), ("调解", "2026-11-10")):
        await _post(client, world, f"/{mediation['id']}/mediation-steps",
                    {"action": action, "on": on, "note": f"{action}记录"})
    agreed = await _post(client, world, f"/{mediation['id']}/mediation-steps",
                         {"action": "达成协议", "on": "2026-11-12", "note": "商家退款 300 元"})
    assert wrong.status_code == 409 and "受理" in wrong.json()["allowed"]
    assert agreed.json()["status"] == "达成协议" and agreed.json()["outcome"] == "商家退款 300 元"
    assert [s["action"] for s in agreed.json()["details"]["steps"]] == ["受理", "调解", "达成协议"]


async def test_a_measure_taken_in_a_case_is_an_act_of_its_record(case_intake, world, party, walk):
    client, _ = case_intake
    case = await walk.file()
    await _post(client, world, "", _measure(world, party, kind="告诫", form=None, case_id=case["id"],
                                            measure_on=walk.day(3)))
    record = (await client.get(f"/api/v1/cases/{case['id']}/record")).json()
    assert [link["act"] for link in record["links"]] == ["立案", "柔性执法措施"]
    assert (await client.get(f"/api/v1/cases/{case['id']}/record/verification")).json()["intact"] is True


async def test_the_monthly_report_counts_measures_lists_applied_and_first_offence_exemptions(case_intake, world, party,
                                                                                             walk):
    client, _ = case_intake
    await _post(client, world, "", _measure(world, party, measure_on="2026-11-05"))
    case = await walk.file()
    case = await walk.evidence(case["id"])
    decided = await walk.ok(case["id"], "decision", walk.decision(
        case, on=6, outcome="不予行政处罚", penalties=[], no_penalty_ground="初次违法且危害后果轻微并及时改正",
        education_record="教育", facts_found=["first_violation", "harm_slight", "corrected_in_time"]))
    month = decided["decision"]["decided_on"][:7]
    report = (await client.get("/api/v1/reports/flexible-enforcement",
                               params={"year": int(month[:4]), "month": int(month[5:])})).json()
    rows = [d for d in report["decisions"] if d["department_code"] == world.department]
    assert rows and rows[0]["first_offence_exemptions"] == 1
    assert {"department_code": world.department, "list_type": "首违不罚", "cases": 1} in report["lists_applied"]
    november = (await client.get("/api/v1/reports/flexible-enforcement", params={"year": 2026, "month": 11})).json()
    assert any(r["department_code"] == world.department and r["kind"] == "行政指导" for r in november["measures"]["rows"])
