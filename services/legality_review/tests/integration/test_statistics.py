"""Statistics for supervisors: rounds per agency, pass rates, corrections by check, review time, overdue."""

from datetime import date, timedelta

from platform_events.contracts import list_management as lm


async def test_review_statistics_per_agency(legality_review, staff, submit, checks, conclude):
    client, runtime = legality_review
    cal, today = runtime.services.calendar, runtime.services.today()
    received = today - timedelta(days=6)
    first = await submit(staff, officers=[staff.officer], received_on=received.isoformat())
    revise = await submit(staff, officers=[staff.officer])
    late = await submit(staff, officers=[staff.officer], received_on=(today - timedelta(days=40)).isoformat())

    async def concluded(review: dict, outcome: str, items: list) -> None:
        response = await conclude(staff, review, {"outcome": outcome, "items": items, "opinion": "意见",
                                                  "signed_by": "法制科科长 王某"})
        assert response.status_code == 200, response.text

    await concluded(first, "同意", checks())
    await concluded(revise, "建议修改后提交", checks(law_and_benchmark="未说明选择从重阶次的理由", documents_complete="缺页"))
    resubmitted = await submit(staff, officers=[staff.officer], case_id=revise["case_id"], round=2)
    await concluded(resubmitted, "同意", checks())

    stats = (await client.get("/api/v1/statistics/reviews", params={
        "received_from": (today - timedelta(days=60)).isoformat(), "received_to": today.isoformat(),
        "department_code": staff.department})).json()
    (mine,) = stats["departments"]
    assert (mine["received"], mine["concluded"], mine["open"]) == (4, 3, 1)
    assert mine["outcomes"] == {"同意": 2, "建议修改后提交": 1}
    assert mine["pass_rate"] == round(2 / 3, 4) and mine["first_round_pass_rate"] == 0.5
    corrections = {c["check"]: c["count"] for c in mine["corrections_by_check"]}
    assert corrections["law_and_benchmark"] == 1 and corrections["documents_complete"] == 1
    assert sum(corrections.values()) == 2 and len(corrections) == 9
    assert mine["average_review_wd"] == round(cal.working_days_between(received, today) / 3, 2)
    assert mine["overdue"] == 1 and mine["open_overdue"] == 1
    assert late["due_on"] < today.isoformat()
    assert stats["total"]["received"] == 4


async def test_statistics_need_a_period(legality_review):
    client, _ = legality_review
    response = await client.get("/api/v1/statistics/reviews", params={"received_from": date.today().isoformat()})
    assert response.status_code == 422 and response.json()["errors"][0]["field"].endswith("received_to")


async def test_l8_an_agency_with_too_few_legal_reviewers_is_warned_never_refused(
        legality_review, staff, submit, emit, eventually):
    client, _ = legality_review
    thin = f"{staff.department}T"  # 25 enforcement officers, one of them 法制审核: 4 % < 5 %
    for i in range(25):
        await emit(lm.PersonnelRegistered(
            person_no=f"{thin}-{i:02d}", name=f"执法员{i:02d}", department_code=thin, certificate_no=f"ZF{thin}{i}",
            certificate_type="行政执法证", status="valid", legal_professional_qualification=i == 0, auxiliary=False,
            enforcement_areas=["市场监管", "法制审核"] if i == 0 else ["市场监管"]), f"{thin}-{i:02d}",
            source="/services/list_management")

    async def counted() -> list:
        answer = (await client.get("/api/v1/statistics/reviewer-staffing", params={"department_code": thin})).json()
        return [d for d in answer["departments"] if d["enforcement_staff"] == 25]

    (short,) = await eventually(counted)
    assert (short["reviewers"], short["ratio"], short["warning"]) == (1, 0.04, True)
    answer = (await client.get("/api/v1/statistics/reviewer-staffing",
                               params={"department_code": staff.department})).json()
    (mine,) = answer["departments"]
    # valid, not auxiliary: qualified, second, first_timer, officer — all marked 法制审核 in the staff fixture
    assert (mine["enforcement_staff"], mine["reviewers"], mine["warning"]) == (4, 4, False)
    assert answer["rule"] == "L-8" and answer["threshold"] == 0.05
    neighbour = (await client.get("/api/v1/statistics/reviewer-staffing",
                                  params={"department_code": staff.neighbour})).json()["departments"]
    assert neighbour[0]["ratio"] == 1.0
    review = await submit(staff, officers=[staff.officer])
    assert review["reviewer"]  # a warning never blocks a review
