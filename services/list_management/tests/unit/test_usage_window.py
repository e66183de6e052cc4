"""The window over which a matter's use in cases is counted (list_management.application.usage)."""

from datetime import date

from list_management.application.usage import usage_window_start


def test_g5_a_year_period_ends_on_the_corresponding_date_or_the_last_day_of_the_month():
    assert usage_window_start(date(2026, 12, 1), 3) == date(2023, 12, 1)
    assert usage_window_start(date(2028, 2, 29), 1) == date(2027, 2, 28)  # no 29 February in 2027
    assert usage_window_start(date(2028, 2, 29), 4) == date(2024, 2, 29)
