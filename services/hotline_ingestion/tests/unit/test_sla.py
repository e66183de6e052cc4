"""Handling clocks of 12345 orders (H-3, H-7, H-11) over the 2025–2026 holidays and 调休 days (G-1, §1.2).

Every expected date was checked against chinese_calendar 1.11.0: 2025 Spring Festival rest 01-28..02-04,
make-up Sun 01-26 and Sat 02-08; 2025 National Day rest 10-01..10-08, make-up Sun 09-28 and Sat 10-11;
2026 Spring Festival rest 02-15..02-23, make-up Sat 02-14 and Sat 02-28; 2026 National Day rest
10-01..10-07, make-up Sun 09-20 and Sat 10-10.
"""

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from hotline_ingestion.domain.sla import ClockState, ClockUnit, SlaPolicy, clock_state, handling_due
from hotline_ingestion.domain.vocabulary import RequestType, Urgency
from platform_calendar import UnknownCalendarYear, WorkCalendar

SH = timezone(timedelta(hours=8))
CAL = WorkCalendar()
DEFAULT, H11 = SlaPolicy(), SlaPolicy.h11_example()
COMPLAINT, CONSULTATION, HELP = RequestType.complaint, RequestType.consultation, RequestType.help
NORMAL = Urgency.normal


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SH)


def due(received: str, request_type=COMPLAINT, policy=DEFAULT, **kwargs) -> date:
    return handling_due(at(received), request_type, NORMAL, policy, CAL, **kwargs).due


def test_h7_default_is_five_working_days_counted_from_the_day_after_receipt():
    clock = handling_due(at("2025-03-03"), COMPLAINT, NORMAL, DEFAULT, CAL)  # a Monday
    assert (clock.unit, clock.length, clock.due) == (ClockUnit.working_days, 5, date(2025, 3, 10))
    assert clock.rule_ids == ("H-3", "H-7", "G-1")
    assert clock.calendar_version == CAL.version and not clock.provisional


def test_h7_every_type_gets_five_working_days_unless_configured():
    assert {due("2025-03-03", t) for t in RequestType} == {date(2025, 3, 10)}


def test_h11_example_gives_consultations_three_and_complaints_thirteen_working_days():
    assert due("2025-03-03", CONSULTATION, H11) == date(2025, 3, 6)
    assert due("2025-03-03", COMPLAINT, H11) == date(2025, 3, 20)
    clock = handling_due(at("2025-03-03"), RequestType.report, NORMAL, H11, CAL)
    assert clock.due == date(2025, 3, 10) and "H-7" in clock.rule_ids  # 举报 falls back to H-7


def test_g1_2025_national_day_counts_the_make_up_sunday_and_skips_the_eight_rest_days():
    assert due("2025-09-26", CONSULTATION, H11) == date(2025, 9, 30)  # Sun 09-28 is day 1
    assert due("2025-09-26") == date(2025, 10, 10)


def test_g1_2025_national_day_counts_the_make_up_saturday_after_the_holiday():
    assert due("2025-09-30") == date(2025, 10, 14)  # 10-09, 10-10, Sat 10-11, 10-13, 10-14


def test_g1_2025_spring_festival_counts_both_make_up_days():
    assert due("2025-01-24", HELP, H11) == date(2025, 2, 5)  # Sun 01-26, 01-27, then 02-05
    assert due("2025-01-24") == date(2025, 2, 7)


def test_g1_2026_spring_festival_counts_make_up_saturday_0214_and_skips_nine_rest_days():
    assert due("2026-02-12") == date(2026, 2, 26)  # 02-13, Sat 02-14, 02-24, 02-25, 02-26


def test_h11_2026_complaint_received_before_spring_festival_counts_make_up_saturday_0228():
    clock = handling_due(at("2026-02-13"), COMPLAINT, NORMAL, H11, CAL)
    assert clock.due == date(2026, 3, 10) and clock.rule_ids == ("H-3", "H-11", "G-1")


def test_g1_2026_national_day_counts_make_up_sunday_0920_and_saturday_1010():
    assert due("2026-09-18", HELP, H11) == date(2026, 9, 22)
    assert due("2026-09-30") == date(2026, 10, 13)


def test_g1_receipt_is_dated_in_shanghai_so_a_late_utc_saturday_is_a_make_up_sunday():
    received = datetime(2025, 9, 27, 17, 0, tzinfo=timezone.utc)  # 2025-09-28 01:00 in Shanghai
    assert handling_due(received, COMPLAINT, NORMAL, DEFAULT, CAL).due == date(2025, 10, 11)


def test_h3_very_urgent_orders_run_two_hours_of_elapsed_time_even_on_a_holiday():
    clock = handling_due(at("2026-02-16"), COMPLAINT, Urgency.very_urgent, DEFAULT, CAL)
    assert (clock.unit, clock.due, clock.expires_at) == (ClockUnit.hours, at("2026-02-16", 12), at("2026-02-16", 12))
    assert clock.rule_ids == ("H-3",) and clock.calendar_version is None


def test_h3_urgent_orders_run_twenty_four_hours_through_national_day():
    clock = handling_due(at("2025-10-01", 9), CONSULTATION, Urgency.urgent, H11, CAL)
    assert clock.due == at("2025-10-02", 9)


def test_h3_urgent_hours_are_configurable():
    policy = SlaPolicy(hours_by_urgency={"紧急": 12, "特急": 1})
    assert handling_due(at("2025-03-03"), COMPLAINT, Urgency.urgent, policy, CAL).due == at("2025-03-03", 22)


def test_h3_a_pause_shifts_the_due_date_by_the_working_days_it_covered():
    pause = (at("2025-09-29"), at("2025-10-09"))  # covers 09-30 and 10-09: two working days
    assert due("2025-09-26", paused=[pause]) == date(2025, 10, 13)


def test_h3_an_hours_clock_is_shifted_by_the_elapsed_pause():
    clock = handling_due(at("2025-03-03"), COMPLAINT, Urgency.very_urgent, DEFAULT, CAL,
                         paused=[(at("2025-03-03", 11), at("2025-03-03", 11, 30))])
    assert clock.due == at("2025-03-03", 12, 30)


def test_h7_an_approved_extension_adds_working_days_across_the_holiday():
    assert due("2025-09-26", extension_wd=3) == date(2025, 10, 14)  # 8 WD incl. both make-up days


def test_h7_an_extended_hours_clock_keeps_its_time_of_day_on_a_later_working_day():
    clock = handling_due(at("2025-09-30", 9), COMPLAINT, Urgency.urgent, DEFAULT, CAL, extension_wd=1)
    assert clock.due == at("2025-10-09", 9) and clock.rule_ids == ("H-3", "H-7", "G-1")


def test_clock_runs_until_eighty_percent_elapsed_then_is_due_soon():
    clock = handling_due(at("2026-02-13"), COMPLAINT, NORMAL, H11, CAL)  # due 2026-03-10
    assert clock_state(clock, at("2026-03-02")) == ClockState.running
    assert clock_state(clock, at("2026-03-06")) == ClockState.due_soon  # 80 % of the span gone


def test_clock_is_due_soon_on_the_last_working_day_even_before_eighty_percent():
    policy = SlaPolicy(due_soon_fraction=0.99)
    clock = handling_due(at("2025-03-03"), COMPLAINT, NORMAL, policy, CAL)  # due Mon 2025-03-10
    assert clock.warn_at == at("2025-03-10", 0)
    assert clock_state(clock, at("2025-03-09", 23, 59)) == ClockState.running


def test_clock_is_in_time_on_the_due_day_and_overdue_after_its_midnight():
    clock = handling_due(at("2025-03-03"), COMPLAINT, NORMAL, DEFAULT, CAL)
    assert clock_state(clock, at("2025-03-10", 23, 59)) == ClockState.due_soon
    assert clock_state(clock, at("2025-03-11", 0, 1)) == ClockState.overdue


def test_h3_an_hours_clock_is_overdue_after_its_instant():
    clock = handling_due(at("2025-03-03"), COMPLAINT, Urgency.very_urgent, DEFAULT, CAL)
    assert clock_state(clock, at("2025-03-03", 12)) == ClockState.due_soon
    assert clock_state(clock, at("2025-03-03", 12, 1)) == ClockState.overdue


def test_g1_an_unpublished_year_is_refused_or_marked_provisional():
    with pytest.raises(UnknownCalendarYear):
        due("2026-12-28")
    clock = handling_due(at("2026-12-28"), COMPLAINT, NORMAL, DEFAULT, WorkCalendar(unknown_year="provisional"))
    assert clock.provisional


def test_h3_policy_refuses_nonsense_configuration():
    with pytest.raises(ValidationError):
        SlaPolicy(handling_wd=0)
    with pytest.raises(ValidationError):
        SlaPolicy(due_soon_fraction=1.0)


def test_g1_naive_times_and_inverted_pauses_are_refused():
    with pytest.raises(ValueError):
        handling_due(datetime(2025, 3, 3, 10), COMPLAINT, NORMAL, DEFAULT, CAL)
    with pytest.raises(ValueError):
        due("2025-03-03", paused=[(at("2025-03-05"), at("2025-03-04"))])
