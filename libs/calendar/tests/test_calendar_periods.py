"""Rules G-5 and G-6: calendar-day and month periods, rolled off rest days."""

from datetime import date

from platform_calendar import WorkCalendar

CAL = WorkCalendar()


def test_g5_calendar_days_start_the_day_after_the_trigger() -> None:
    result = CAL.add_calendar_days(date(2025, 3, 3), 15)
    assert (result.due, result.rule_ids) == (date(2025, 3, 18), ("G-5", "G-6"))


def test_g6_a_calendar_day_deadline_landing_on_national_day_rolls_to_9_oct() -> None:
    # 2025-09-16 + 15 = 2025-10-01 (rest until 10-08).
    assert CAL.add_calendar_days(date(2025, 9, 16), 15).due == date(2025, 10, 9)


def test_g6_a_deadline_landing_on_a_plain_sunday_rolls_to_monday() -> None:
    assert CAL.add_calendar_days(date(2025, 3, 1), 15).due == date(2025, 3, 17)


def test_g6_does_not_roll_off_a_makeup_saturday() -> None:
    # 2025-09-26 + 15 = Sat 2025-10-11, a 调休 working day.
    assert CAL.add_calendar_days(date(2025, 9, 26), 15).due == date(2025, 10, 11)


def test_g6_not_applied_without_civil_counting() -> None:
    result = CAL.add_calendar_days(date(2025, 9, 16), 15, civil_counting=False)
    assert (result.due, result.rule_ids) == (date(2025, 10, 1), ("G-5",))


def test_g5_january_31_plus_one_month_ends_on_the_last_day_of_february() -> None:
    assert CAL.add_months(date(2025, 1, 31), 1).due == date(2025, 2, 28)
    assert CAL.add_months(date(2024, 1, 31), 1).due == date(2024, 2, 29)  # leap year


def test_g5_months_end_on_the_corresponding_date_across_a_year() -> None:
    assert CAL.add_months(date(2025, 8, 15), 6).due == date(2026, 2, 24)  # 2-15 is in the break
    assert CAL.add_months(date(2025, 8, 15), 6, civil_counting=False).due == date(2026, 2, 15)


def test_g5_g6_six_months_landing_on_national_day_rolls_to_9_oct() -> None:
    result = CAL.add_months(date(2025, 4, 1), 6)
    assert (result.due, result.rule_ids) == (date(2025, 10, 9), ("G-5", "G-6"))


def test_g5_month_end_on_the_2026_makeup_saturday_stays() -> None:
    # 2026-01-31 + 1 month = Sat 2026-02-28, a 调休 working day.
    assert CAL.add_months(date(2026, 1, 31), 1).due == date(2026, 2, 28)
