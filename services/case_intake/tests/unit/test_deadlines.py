"""Clocks as rules (DOMAIN §11.1): lengths, units, the statutory calendar, pauses and extensions."""

from datetime import date

import pytest

from case_intake.domain.deadlines import (
    check_extension,
    decision_due,
    filing_due,
    hearing_notice_latest,
    hearing_request_due,
    payment_due,
    public_notice_served_on,
    service_due,
)
from case_intake.domain.errors import RuleViolation
from case_intake.domain.model import Extension, Pause
from case_intake.domain.policy import CasePolicy
from platform_calendar import WorkCalendar

CAL, RULES, TODAY = WorkCalendar(unknown_year="provisional"), CasePolicy(), date(2026, 12, 1)


def _extension(days: int, *, clock: str = "decision", collective: bool = False) -> Extension:
    return Extension(clock=clock, days=days, approval_ref="审批表", approved_by="局长", approved_on=date(2026, 1, 5),
                     collective_discussion=collective)


def test_s1_the_filing_clock_is_15_working_days_over_the_spring_festival():
    # from Fri 2026-02-13: 02-14 (Sat, 调休) = 1; 02-15 … 02-23 rest; 02-24 … 02-27 = 5; 02-28 (Sat, 调休) = 6;
    # 03-02 … 03-06 = 11; 03-09 … 03-12 = 15
    assert filing_due(date(2026, 2, 13), CAL, RULES, as_of=TODAY).due.due == date(2026, 3, 12)


def test_s1_testing_time_is_skipped_in_working_days():
    pause = Pause(kind="鉴定", started_on=date(2026, 11, 9), ended_on=date(2026, 11, 13))
    plain = filing_due(date(2026, 11, 2), CAL, RULES, as_of=TODAY).due.due
    paused = filing_due(date(2026, 11, 2), CAL, RULES, pauses=[pause], as_of=TODAY).due.due
    assert (plain, paused) == (date(2026, 11, 23), date(2026, 11, 30))


def test_s1_an_open_pause_flags_the_clock_paused():
    pause = Pause(kind="检测", started_on=date(2026, 11, 9))
    assert filing_due(date(2026, 11, 2), CAL, RULES, pauses=[pause], as_of=TODAY).paused


def test_p20_g2_g6_the_decision_is_due_90_calendar_days_after_filing_rolled_past_a_rest_day():
    clock = decision_due(date(2026, 6, 1), CAL, RULES, as_of=TODAY)  # day 90 is Sunday 08-30
    assert clock.due.due == date(2026, 8, 31) and {"P-20", "G-2", "G-6"} <= set(clock.rule_ids)
    assert decision_due(date(2026, 6, 3), CAL, RULES, as_of=TODAY).due.due == date(2026, 9, 1)  # a Tuesday


def test_s4_suspension_and_hearing_days_are_not_counted_and_overlaps_count_once():
    pauses = [Pause(kind="听证", started_on=date(2026, 6, 10), ended_on=date(2026, 6, 19)),
              Pause(kind="中止", started_on=date(2026, 6, 15), ended_on=date(2026, 6, 24))]
    # 06-10 … 06-24 merged: 15 days; 90 + 15 = 105 days after 06-01 is Monday 09-14
    assert decision_due(date(2026, 6, 1), CAL, RULES, pauses=pauses, as_of=TODAY).due.due == date(2026, 9, 14)


def test_s4_a_review_period_outside_the_configured_pauses_is_not_excluded():
    other = Pause(kind="其他", started_on=date(2026, 6, 10), ended_on=date(2026, 6, 19))
    assert decision_due(date(2026, 6, 1), CAL, RULES, pauses=[other], as_of=TODAY).due.due == date(2026, 8, 31)


def test_s4_the_first_extension_is_at_most_30_days_and_further_ones_need_collective_discussion():
    check_extension([], _extension(30), RULES)
    with pytest.raises(RuleViolation) as too_long:
        check_extension([], _extension(31), RULES)
    with pytest.raises(RuleViolation) as second:
        check_extension([_extension(30)], _extension(10), RULES)
    check_extension([_extension(30)], _extension(60, collective=True), RULES)
    assert too_long.value.rule == second.value.rule == "S-4"


def test_s1_the_filing_clock_is_extended_once():
    check_extension([], _extension(15, clock="filing"), RULES)
    with pytest.raises(RuleViolation):
        check_extension([_extension(15, clock="filing")], _extension(1, clock="filing"), RULES)


def test_g1_p17_the_hearing_is_requested_within_5_working_days_and_noticed_7_working_days_before():
    # 10-1 … 10-8 rest; 10-9, 10-10, 10-11 (Sat, 调休), 10-13, 10-14
    assert hearing_request_due(date(2025, 9, 30), CAL).due == date(2025, 10, 14)
    latest = hearing_notice_latest(date(2026, 11, 20), CAL).due  # 11-12 … 11-20 are the 7 working days
    assert latest == date(2026, 11, 11) and CAL.add_working_days(latest, 7).due == date(2026, 11, 20)


def test_p22_service_within_7_working_days_and_p23_public_notice_complete_after_30_days():
    # 2026 National Day: 10-1 … 10-7 rest; 10-8, 10-9, 10-10 (Sat, 调休), 10-12 … 10-15
    assert service_due(date(2026, 9, 30), CAL).due == date(2026, 10, 15)
    assert public_notice_served_on(date(2026, 1, 10)) == date(2026, 2, 9)


def test_p24_the_fine_is_due_15_calendar_days_after_service_on_a_working_day():
    assert payment_due(date(2026, 9, 20), CAL, RULES).due == date(2026, 10, 8)  # 10-5 is a holiday: rolled (G-6)
