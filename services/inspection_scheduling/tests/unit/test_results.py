"""Results of a visit as rules: the on-site record's inspectors (R-10), the publicity period (R-7), what a
published result shows and hides (T-6, P-31), and what a result record must say."""

from datetime import date

import pytest
from pydantic import ValidationError

from inspection_scheduling.domain import results
from inspection_scheduling.domain.policy import InspectionPolicy
from platform_calendar import WorkCalendar
from platform_errors import RuleViolation

CAL = WorkCalendar(unknown_year="provisional")
CREDIT_CODE = "91210681MA0Y5XQ43K"
VISIT = {"id": "v-1", "credit_code": CREDIT_CODE, "entity_name": "东港市某某食品有限公司", "region_code": "210681",
         "inspection_type": "日常", "lead_department": "DG-SCJG", "departments": ["DG-SCJG", "DG-WJW"],
         "visited_on": date(2026, 5, 12)}


def test_r10_a_record_with_fewer_than_two_of_the_tasks_inspectors_is_refused():
    with pytest.raises(RuleViolation) as refused:
        results.check_inspectors("t-1", ["P1", "P9"], {"P1", "P2"})
    assert refused.value.rule == "R-10"
    results.check_inspectors("t-1", ["P1", "P2", "P9"], {"P1", "P2"})  # two of its own: enough


def test_r7_t13_results_are_due_20_working_days_after_the_visit_on_the_statutory_calendar():
    due = results.results_due(date(2025, 9, 26), CAL, InspectionPolicy())  # Friday before National Day
    # 9-28 (Sun, 调休) 9-29 9-30 = 3; 10-1 … 10-8 rest; 10-9 10-10 10-11 (Sat, 调休) = 6; 10-13 … 10-30 = 20
    assert due.due == date(2025, 10, 30) and not due.provisional


def test_r7_the_warning_comes_the_configured_working_days_before_the_due_date():
    policy = InspectionPolicy(results_warn_before_wd=3)
    assert results.warn_on(date(2026, 6, 12), CAL, policy) == date(2026, 6, 9)
    assert results.warn_on(date(2026, 6, 12), CAL, InspectionPolicy(results_warn_before_wd=0)) == date(2026, 6, 12)


def test_p31_t6_a_published_finding_masks_phone_and_id_numbers_and_keeps_the_credit_code():
    text = f"负责人 13812345678、身份证 110101199003074514 在场；企业 {CREDIT_CODE} 未公示许可证"
    shown = results.redact(text)
    assert "13812345678" not in shown and "110101199003074514" not in shown
    assert "138****5678" in shown and CREDIT_CODE in shown


def test_t6_p31_the_publication_names_inspectors_by_name_and_certificate_number_only():
    tasks = [{"department_code": "DG-SCJG", "matter_code": "JC-001", "result": "problem_found",
              "finding": "冷库温度记录缺失，联系人 13812345678"},
             {"department_code": "DG-WJW", "matter_code": "JC-009", "result": "no_problem", "finding": None}]
    people = [{"name": "检查员0001", "certificate_no": "ZF0001", "person_no": "P1", "phone": "13900000000"}]
    body = results.publication(VISIT, tasks, people, {"DG-SCJG": "东港市市场监督管理局"}, date(2026, 5, 20), False)
    assert body["inspectors"] == [{"name": "检查员0001", "certificate_no": "ZF0001"}]
    assert body["results"][0]["finding"] == "冷库温度记录缺失，联系人 138****5678"
    assert body["departments"][0] == {"code": "DG-SCJG", "name": "东港市市场监督管理局"}
    assert "13900000000" not in str(body) and body["credit_code"] == CREDIT_CODE


def test_a_problem_found_needs_a_finding_and_no_problem_has_none():
    with pytest.raises(ValidationError):
        results.TaskResult(task_id="t", result="problem_found")
    with pytest.raises(ValidationError):
        results.TaskResult(task_id="t", result="no_problem", finding="无")
    assert results.TaskResult(task_id="t", result="problem_found", finding="未公示").finding == "未公示"


def test_an_on_site_record_ends_after_it_starts():
    with pytest.raises(ValidationError):
        results.OnsiteRecord(inspectors=["P1", "P2"], started_at="2026-05-12T10:00:00+08:00",
                             ended_at="2026-05-12T09:00:00+08:00", checked="许可证公示", representative_signed=True)
