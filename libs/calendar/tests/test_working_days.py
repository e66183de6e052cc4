"""Rule G-1: N working days counted from the first working day after the trigger."""

from datetime import date

import pytest

from platform_calendar import DueDate, WorkCalendar

CAL = WorkCalendar()


def test_g1_day_one_is_the_first_working_day_after_the_trigger() -> None:
    # Friday 2025-03-07 → Monday 2025-03-10 is day 1.
    assert CAL.add_working_days(date(2025, 3, 7), 1) == DueDate(
        date(2025, 3, 10), False, "chinese-calendar 1.11.0", ("G-1",)
    )


def test_g1_five_working_days_skip_the_2025_spring_festival_and_count_the_makeup_saturday() -> None:
    # 2-05, 2-06, 2-07, Sat 2-08 (调休), 2-10.
    assert CAL.add_working_days(date(2025, 1, 27), 5).due == date(2025, 2, 10)


def test_g1_makeup_sunday_before_the_2025_spring_festival_is_day_one() -> None:
    # Sun 1-26 (调休), 1-27, then 2-05, 2-06, 2-07.
    assert CAL.add_working_days(date(2025, 1, 24), 5).due == date(2025, 2, 7)


def test_g1_seven_working_days_across_the_2025_national_day() -> None:
    # Sun 9-28 (调休), 9-29, 9-30, 10-09, 10-10, Sat 10-11 (调休), 10-13.
    assert CAL.add_working_days(date(2025, 9, 26), 7).due == date(2025, 10, 13)


def test_g1_three_working_days_after_2025_national_day_eve_end_on_the_makeup_saturday() -> None:
    assert CAL.add_working_days(date(2025, 9, 30), 3).due == date(2025, 10, 11)


def test_g1_2026_spring_festival_makeup_saturdays_count_before_and_after_the_break() -> None:
    # Sat 2-14 (调休), then 2-24, 2-25 after the 2-15..2-23 break.
    assert CAL.add_working_days(date(2026, 2, 13), 3).due == date(2026, 2, 25)
    # 2-24 .. 2-27, Sat 2-28 (调休).
    assert CAL.add_working_days(date(2026, 2, 23), 5).due == date(2026, 2, 28)


def test_g1_2026_national_day_ends_three_working_days_on_the_makeup_saturday() -> None:
    # 10-08, 10-09, Sat 10-10 (调休).
    assert CAL.add_working_days(date(2026, 9, 30), 3).due == date(2026, 10, 10)


def test_g1_2026_mid_autumn_and_makeup_sunday_20_sep() -> None:
    assert CAL.add_working_days(date(2026, 9, 18), 1).due == date(2026, 9, 20)  # Sunday 调休
    assert CAL.add_working_days(date(2026, 9, 24), 1).due == date(2026, 9, 28)  # after 中秋 9-25..27


def test_g1_working_days_between_counts_the_2025_makeup_saturday() -> None:
    # (2-04, 2-10]: 2-05, 2-06, 2-07, Sat 2-08 (调休), 2-10.
    assert CAL.working_days_between(date(2025, 2, 4), date(2025, 2, 10)) == 5


def test_g1_working_days_between_is_the_inverse_of_add_working_days() -> None:
    trigger = date(2025, 9, 26)
    assert CAL.working_days_between(trigger, CAL.add_working_days(trigger, 7).due) == 7


def test_g1_working_days_between_is_zero_when_end_is_not_after_start() -> None:
    assert CAL.working_days_between(date(2025, 3, 10), date(2025, 3, 10)) == 0
    assert CAL.working_days_between(date(2025, 3, 10), date(2025, 3, 3)) == 0


def test_next_working_day_skips_the_2025_national_day_break() -> None:
    result = CAL.next_working_day(date(2025, 9, 30))
    assert (result.due, result.rule_ids) == (date(2025, 10, 9), ())


@pytest.mark.parametrize("n", [0, -1])
def test_g1_a_period_needs_at_least_one_day(n: int) -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 3, 7), n)
