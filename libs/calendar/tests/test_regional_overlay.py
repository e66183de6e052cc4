"""DOMAIN §1.2: autonomous regions' extra rest days go in an overlay, empty by default."""

from datetime import date

import pytest

from platform_calendar import WorkCalendar

REGIONAL_REST_DAY = date(2025, 6, 6)  # a Friday, nationally a working day


def test_overlay_rest_day_is_skipped_by_g1_counting() -> None:
    regional = WorkCalendar(extra_rest_days=frozenset({REGIONAL_REST_DAY}))
    assert WorkCalendar().add_working_days(date(2025, 6, 5), 1).due == REGIONAL_REST_DAY
    assert regional.add_working_days(date(2025, 6, 5), 1).due == date(2025, 6, 9)


def test_overlay_working_day_counts() -> None:
    regional = WorkCalendar(extra_working_days=frozenset({date(2025, 6, 7)}))
    assert regional.add_working_days(date(2025, 6, 6), 1).due == date(2025, 6, 7)


def test_overlay_changes_the_recorded_calendar_version() -> None:
    regional = WorkCalendar(extra_rest_days=frozenset({REGIONAL_REST_DAY}))
    assert regional.version.startswith("chinese-calendar 1.11.0+overlay.")
    assert regional.add_working_days(date(2025, 6, 5), 1).calendar_version == regional.version


def test_a_day_cannot_be_both_regional_rest_and_working() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(
            extra_rest_days=frozenset({REGIONAL_REST_DAY}),
            extra_working_days=frozenset({REGIONAL_REST_DAY}),
        )
