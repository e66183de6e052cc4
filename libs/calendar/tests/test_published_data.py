"""Pins the holiday data the other tests assume, so a data upgrade fails loudly here first."""

from datetime import date

import chinese_calendar

from platform_calendar import WorkCalendar

CAL = WorkCalendar()


def _rest_days(start: date, end: date) -> list[date]:
    return [d for d in chinese_calendar.get_dates(start, end) if not CAL.is_working_day(d)]


def test_data_covers_2004_to_2026_so_2027_is_unpublished() -> None:
    # Bump together with the chinese-calendar pin (README "Upgrading the data").
    assert min(chinese_calendar.holidays).year == 2004
    assert max(chinese_calendar.holidays).year == 2026
    assert CAL.version == "chinese-calendar 1.11.0"


def test_2025_spring_festival_rests_28_jan_to_4_feb_with_makeup_26_jan_and_8_feb() -> None:
    assert _rest_days(date(2025, 1, 26), date(2025, 2, 8)) == [date(2025, 1, d) for d in range(28, 32)] + [
        date(2025, 2, d) for d in range(1, 5)
    ]
    assert CAL.is_working_day(date(2025, 1, 26))  # Sunday 调休
    assert CAL.is_working_day(date(2025, 2, 8))  # Saturday 调休


def test_2025_national_day_rests_1_to_8_oct_with_makeup_28_sep_and_11_oct() -> None:
    assert _rest_days(date(2025, 9, 28), date(2025, 10, 11)) == [date(2025, 10, d) for d in range(1, 9)]
    assert CAL.is_working_day(date(2025, 9, 28))  # Sunday 调休
    assert CAL.is_working_day(date(2025, 10, 11))  # Saturday 调休


def test_2026_spring_festival_rests_15_to_23_feb_with_makeup_saturdays_14_and_28_feb() -> None:
    assert _rest_days(date(2026, 2, 14), date(2026, 2, 28)) == [date(2026, 2, d) for d in range(15, 24)]
    assert CAL.is_working_day(date(2026, 2, 14))
    assert CAL.is_working_day(date(2026, 2, 28))


def test_2026_national_day_rests_1_to_7_oct_with_makeup_20_sep_and_saturday_10_oct() -> None:
    assert _rest_days(date(2026, 9, 20), date(2026, 10, 10)) == [
        date(2026, 9, 25),  # 中秋 Fri–Sun
        date(2026, 9, 26),
        date(2026, 9, 27),
    ] + [date(2026, 10, d) for d in range(1, 8)]
    assert CAL.is_working_day(date(2026, 9, 20))  # Sunday 调休
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday 调休
