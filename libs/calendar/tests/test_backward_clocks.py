"""Backward clocks (DOMAIN §11.1, e.g. P-17): the latest date n working days before an anchor."""

from datetime import date

from platform_calendar import WorkCalendar

CAL = WorkCalendar()


def test_g1_p17_hearing_notice_seven_working_days_before_13_oct_2025() -> None:
    # Back from Mon 10-13: 10-13, Sat 10-11, 10-10, 10-09, 9-30, 9-29, Sun 9-28 (调休) → by 9-27.
    result = CAL.subtract_working_days(date(2025, 10, 13), 7)
    assert (result.due, result.rule_ids) == (date(2025, 9, 27), ("G-1",))
    assert CAL.add_working_days(result.due, 7).due == date(2025, 10, 13)


def test_g1_backward_result_is_the_latest_date_that_still_gives_full_notice() -> None:
    latest = CAL.subtract_working_days(date(2025, 3, 14), 3).due
    assert latest == date(2025, 3, 11)
    assert CAL.add_working_days(latest, 3).due == date(2025, 3, 14)
    assert CAL.add_working_days(date(2025, 3, 12), 3).due > date(2025, 3, 14)


def test_g1_backward_from_a_rest_day_anchor_lands_on_the_last_working_day_before_it() -> None:
    # Anchor 2025-10-05 (holiday): working days counted back are 9-30, 9-29.
    latest = CAL.subtract_working_days(date(2025, 10, 5), 2).due
    assert latest == date(2025, 9, 28)
    assert CAL.add_working_days(latest, 2).due == date(2025, 9, 30)


def test_g1_backward_across_the_2026_spring_festival() -> None:
    # Back from 2-25: 2-25, 2-24, Sat 2-14 (调休) → by Fri 2-13.
    assert CAL.subtract_working_days(date(2026, 2, 25), 3).due == date(2026, 2, 13)
