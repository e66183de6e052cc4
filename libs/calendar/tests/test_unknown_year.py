"""DOMAIN §1.2 "Unpublished year": refuse, or count statutory holidays only and flag provisional."""

from datetime import date

import chinese_calendar
import pytest

from platform_calendar import UnknownCalendarYear, WorkCalendar
from platform_calendar.lunar_holidays import LUNAR_HOLIDAYS
from platform_calendar.statutory_holidays import statutory_holidays

STRICT = WorkCalendar()
PROVISIONAL = WorkCalendar(unknown_year="provisional")


def test_g1_working_days_into_2027_refused_when_unknown_year_is_error() -> None:
    with pytest.raises(UnknownCalendarYear) as raised:
        STRICT.add_working_days(date(2026, 12, 30), 5)
    assert raised.value.year == 2027
    assert isinstance(raised.value, LookupError)


def test_g6_roll_check_in_2027_refused_when_unknown_year_is_error() -> None:
    with pytest.raises(UnknownCalendarYear):
        STRICT.add_calendar_days(date(2026, 12, 20), 30)


def test_g5_without_civil_counting_needs_no_calendar_so_2027_is_exact() -> None:
    result = STRICT.add_calendar_days(date(2026, 12, 20), 30, civil_counting=False)
    assert (result.due, result.provisional) == (date(2027, 1, 19), False)


def test_years_before_the_data_are_refused_even_when_provisional() -> None:
    with pytest.raises(UnknownCalendarYear) as raised:
        PROVISIONAL.is_working_day(date(2003, 6, 2))
    assert raised.value.year == 2003


def test_the_lunar_holiday_table_agrees_with_the_published_2025_and_2026_notices() -> None:
    for year in (2025, 2026):
        for day in LUNAR_HOLIDAYS[year]:
            assert chinese_calendar.is_holiday(day), day


def test_years_beyond_the_lunar_table_are_refused_even_when_provisional() -> None:
    with pytest.raises(UnknownCalendarYear):
        PROVISIONAL.is_working_day(date(max(LUNAR_HOLIDAYS) + 1, 3, 3))


def test_provisional_2027_has_the_13_statutory_holidays_of_the_2025_list() -> None:
    assert sorted(statutory_holidays(2027)) == [
        date(2027, 1, 1),  # 元旦
        date(2027, 2, 5),  # 除夕
        date(2027, 2, 6),  # 初一
        date(2027, 2, 7),
        date(2027, 2, 8),  # 初三
        date(2027, 4, 5),  # 清明
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),  # 端午
        date(2027, 9, 15),  # 中秋
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    ]


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holiday_formula_agrees_with_published_2025_and_2026_rest_days(year: int) -> None:
    holidays = statutory_holidays(year)
    assert len(holidays) == 13
    assert not any(STRICT.is_working_day(d) for d in holidays)


def test_g1_provisional_2027_spring_festival_skips_eve_to_third_day_and_the_weekend() -> None:
    # Thu 2-04 → Fri 2-05 除夕, Sat/Sun, Mon 2-08 初三 rest → Tue 2-09.
    result = PROVISIONAL.add_working_days(date(2027, 2, 4), 1)
    assert (result.due, result.provisional) == (date(2027, 2, 9), True)


def test_g1_provisional_flag_set_when_a_count_crosses_into_2027() -> None:
    # Thu 2026-12-31 (1), Fri 2027-01-01 元旦, 1-04 .. 1-07.
    result = PROVISIONAL.add_working_days(date(2026, 12, 30), 5)
    assert (result.due, result.provisional) == (date(2027, 1, 7), True)


def test_g1_provisional_flag_clear_when_a_count_stays_in_published_years() -> None:
    assert PROVISIONAL.add_working_days(date(2026, 12, 28), 3).provisional is False


def test_provisional_mode_never_assumes_weekdays_only() -> None:
    assert not PROVISIONAL.is_working_day(date(2027, 9, 15))  # Wednesday, 中秋
    assert PROVISIONAL.is_working_day(date(2027, 9, 16))


def test_g6_provisional_roll_over_2027_national_day() -> None:
    result = PROVISIONAL.add_calendar_days(date(2027, 9, 16), 15)  # 10-01 Fri; 10-02/03 weekend
    assert (result.due, result.rule_ids, result.provisional) == (date(2027, 10, 4), ("G-5", "G-6"), True)
