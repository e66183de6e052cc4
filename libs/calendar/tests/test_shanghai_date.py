"""DOMAIN §1.1: dates are counted in Asia/Shanghai."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from platform_calendar import shanghai_date


def test_utc_1559_is_still_the_same_shanghai_day() -> None:
    instant = datetime(2025, 1, 27, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Shanghai
    assert shanghai_date(instant).isoformat() == "2025-01-27"


def test_utc_1600_is_the_next_shanghai_day() -> None:
    instant = datetime(2025, 1, 27, 16, 0, tzinfo=UTC)  # 00:00 in Shanghai
    assert shanghai_date(instant).isoformat() == "2025-01-28"


def test_other_zones_convert_through_the_instant() -> None:
    new_york_evening = datetime(2025, 9, 30, 20, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert shanghai_date(new_york_evening).isoformat() == "2025-10-01"


def test_naive_datetime_refused() -> None:
    with pytest.raises(ValueError):
        shanghai_date(datetime(2025, 1, 27, 23, 0))
