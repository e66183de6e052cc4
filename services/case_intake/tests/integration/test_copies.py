"""The local copies of list_management's personnel: a certificate's status on the date of each act (P-1)."""

from datetime import date

from platform_events.contracts import list_management as lm


async def test_p1_a_certificate_suspended_from_a_date_counts_before_it_and_not_after(walk, emit, eventually,
                                                                                      case_intake):
    client, _ = case_intake
    officer = walk.world.officers[2]
    case = await walk.file(officers=[officer])
    await emit(lm.CertificateStatusChanged(person_no=officer, certificate_no=f"ZF{officer}", previous_status="valid",
                                           status="suspended", effective_on=date.fromisoformat(walk.day(20)),
                                           reason="年度考核不合格"), officer, source="/services/list_management")

    async def suspended() -> bool:
        attempt = await walk.post(case["id"], "evidence", {
            "type": "书证", "title": "试探", "collected_on": walk.day(21), "content_sha256": "f" * 64,
            "collected_by": [walk.world.officers[0], officer]})
        return attempt.status_code == 422

    await eventually(suspended)
    before_suspension = await walk.post(case["id"], "evidence", {
        "type": "书证", "title": "补录：暂扣前的询问笔录", "collected_on": walk.day(19), "content_sha256": "1" * 64,
        "collected_by": [walk.world.officers[0], officer]})
    after_suspension = await walk.post(case["id"], "evidence", {
        "type": "书证", "title": "询问笔录", "collected_on": walk.day(21), "content_sha256": "2" * 64,
        "collected_by": [walk.world.officers[0], officer]})
    assert before_suspension.status_code == 200, before_suspension.text
    assert after_suspension.status_code == 422 and after_suspension.json()["rule"] == "P-1"
