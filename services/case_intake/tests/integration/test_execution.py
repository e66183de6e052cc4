"""送达, the fine and 结案: service methods (P-22, P-23), payment (P-24), late surcharge (P-25, P-26), closing."""

from datetime import UTC, date, datetime, timedelta

from platform_calendar import WorkCalendar, shanghai_date

CAL = WorkCalendar(unknown_year="provisional")


async def test_p22_a_decision_not_handed_over_is_served_within_7_days_and_electronic_service_needs_consent(walk):
    decided = await walk.decided()
    service = next(c for c in decided["clocks"] if c["kind"] == "送达期限")
    assert service["due_on"] == CAL.add_working_days(date.fromisoformat(walk.day(30)), 7).due.isoformat()
    documents = ["行政处罚决定书", "信用修复告知书", "合规指导书", "公示告知"]
    refused = await walk.post(decided["id"], "service", {"method": "电子送达", "issued_on": walk.day(31),
                                                         "documents": documents})
    served = await walk.serve(decided, method="电子送达", electronic_consent_ref="送达地址确认书〔2026〕5号")
    assert (refused.status_code, refused.json()["rule"]) == (422, "P-22")
    assert next(c for c in served["clocks"] if c["kind"] == "送达期限")["state"] == "met"


async def test_p23_service_by_public_notice_is_complete_30_days_after_issue_and_p24_payment_runs_from_it(walk):
    decided = await walk.decided()
    served = await walk.serve(decided, on=31, method="公告送达")
    served_on = date.fromisoformat(walk.day(31)) + timedelta(days=30)
    assert served["service"]["served_on"] == served_on.isoformat()
    assert served["payment_due"] == CAL.add_calendar_days(served_on, 15).due.isoformat()


async def test_p24_the_deciding_agency_is_never_the_payee(walk):
    decided = await walk.decided()
    served = await walk.serve(decided)
    refused = await walk.post(served["id"], "payments", {"paid_on": walk.day(35), "amount_cny": "5000",
                                                         "receipt_ref": "NO.1", "payee": walk.decision(served)["agency"]})
    assert (refused.status_code, refused.json()["rule"]) == (422, "P-24")


async def test_p25_late_payment_adds_3_percent_a_day_capped_at_the_fine_and_closing_needs_it_paid(walk):
    decided = await walk.decided(fine="1000")
    served = await walk.serve(decided, on=31)  # paid 15 days after service at the latest; today is far later
    due = date.fromisoformat(served["payment_due"])
    owed = (await walk.client.get(f"/api/v1/cases/{served['id']}")).json()["amount_due"]
    today = shanghai_date(datetime.now(UTC))  # the service counts in China's dates
    days = (today - due).days
    assert owed["surcharge_days"] == days
    assert owed["late_surcharge_cny"] == f"{min(30 * days, 1000)}.00"  # 3 % of 1,000 a day, never above 1,000
    assert owed["owed_cny"] == f"{1000 + min(30 * days, 1000)}.00"
    close_early = await walk.post(served["id"], "closure", {"closed_on": today.isoformat(), "ground": "执行完毕"})
    assert (close_early.status_code, close_early.json()["rule"]) == (422, "P-25")
    await walk.ok(served["id"], "payments", {"paid_on": today.isoformat(), "amount_cny": owed["owed_cny"],
                                             "receipt_ref": "东港农行 0001", "payee": "中国农业银行东港支行（代收罚款）"})
    closed = await walk.ok(served["id"], "closure", {"closed_on": today.isoformat(), "ground": "执行完毕"})
    assert closed["stage"] == "结案"


async def test_p26_no_surcharge_accrues_while_administrative_review_runs(walk):
    decided = await walk.decided(fine="1000")
    served = await walk.serve(decided, on=31)
    due = date.fromisoformat(served["payment_due"])
    await walk.ok(served["id"], "clock-pauses", {"kind": "复议", "started_on": (due + timedelta(days=1)).isoformat(),
                                                 "reason": "当事人申请行政复议"})
    owed = (await walk.client.get(f"/api/v1/cases/{served['id']}")).json()["amount_due"]
    assert owed["surcharge_days"] == 0 and owed["late_surcharge_cny"] == "0.00"


async def test_a_no_penalty_decision_is_served_and_closed_without_payment(walk):
    case = await walk.file()
    case = await walk.evidence(case["id"])
    decided = await walk.ok(case["id"], "decision", walk.decision(
        case, on=6, outcome="不予行政处罚", penalties=[], no_penalty_ground="初次违法且危害后果轻微并及时改正",
        education_record="已对当事人进行法制教育", facts_found=["first_violation", "harm_slight", "corrected_in_time"]))
    served = await walk.serve(decided, on=7, documents=["不予行政处罚决定书"])
    closed = await walk.ok(served["id"], "closure", {"closed_on": walk.day(8), "ground": "不予行政处罚"})
    assert closed["stage"] == "结案" and closed["publicity"]["status"] == "not_publishable"


async def test_p24_an_over_payment_shows_in_the_amount_due_and_the_surcharge_stops_with_the_payment(walk):
    decided = await walk.decided(fine="1000")
    served = await walk.serve(decided, on=31)
    owed = (await walk.client.get(f"/api/v1/cases/{served['id']}")).json()["amount_due"]
    today = shanghai_date(datetime.now(UTC))
    paid = f"{float(owed['owed_cny']) + 100:.2f}"
    await walk.ok(served["id"], "payments", {"paid_on": today.isoformat(), "amount_cny": paid,
                                             "receipt_ref": "东港农行 0002", "payee": "中国农业银行东港支行（代收罚款）"})
    after = (await walk.client.get(f"/api/v1/cases/{served['id']}")).json()["amount_due"]
    assert (after["fine_cny"], after["confiscated_gains_cny"]) == ("1000.00", "0.00")
    assert (after["owed_cny"], after["overpaid_cny"], after["paid_cny"]) == ("0.00", "100.00", paid)
