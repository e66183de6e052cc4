"""One rule for receipt times (hotline intake, clue registration): never later than now beyond the clock skew."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from platform_calendar import DEFAULT_CLOCK_SKEW, future_receipt

NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))


def test_s1_a_receipt_up_to_the_tolerance_ahead_is_accepted_and_later_is_refused_naming_the_field():
    assert DEFAULT_CLOCK_SKEW == timedelta(minutes=5)
    assert future_receipt(NOW - timedelta(days=3), now=NOW) is None
    assert future_receipt(NOW + DEFAULT_CLOCK_SKEW, now=NOW) is None
    zh, en = future_receipt(NOW + timedelta(minutes=6), now=NOW)
    assert zh.startswith("received_at ") and "future" in en
    assert future_receipt(NOW + timedelta(minutes=6), now=NOW, tolerance=timedelta(minutes=10)) is None


def test_s1_the_comparison_is_between_instants_whatever_their_zone():
    assert future_receipt(datetime(2026, 12, 3, 14, 4, tzinfo=CST), now=NOW) is None  # 06:04 UTC
    assert future_receipt(datetime(2026, 12, 3, 14, 30, tzinfo=CST), now=NOW) is not None
    with pytest.raises(ValueError):
        future_receipt(datetime(2026, 12, 3, 14, 0), now=NOW)
