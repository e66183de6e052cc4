"""The review period as a rule (L-6), counted in working days after receipt (G-1)."""

from datetime import date

import pytest

from legality_review.domain.deadlines import check_extension, review_due, warn_on
from legality_review.domain.policy import ReviewPolicy
from platform_calendar import WorkCalendar
from platform_errors import RuleViolation

CAL = WorkCalendar(unknown_year="provisional")


def test_g1_l6_the_period_is_ten_working_days_counted_from_the_day_after_receipt() -> None:
    # Received Thursday 2025-09-25: the National Day rest (1–8 Oct) is skipped; Sunday 28 Sep and Saturday 11 Oct
    # are 调休 working days and count.
    due = review_due(date(2025, 9, 25), CAL, ReviewPolicy())
    assert due.due == date(2025, 10, 15) and not due.provisional


def test_l6_an_extension_adds_working_days_and_the_warning_comes_two_working_days_before() -> None:
    policy = ReviewPolicy()
    due = review_due(date(2025, 3, 3), CAL, policy, extended_wd=3)
    assert due.due == date(2025, 3, 20)
    assert warn_on(due.due, CAL, policy) == date(2025, 3, 18)  # approaching for its last two working days


def test_l6_extensions_beyond_the_configured_total_are_refused() -> None:
    assert check_extension(4, 6, ReviewPolicy()) == 10
    with pytest.raises(RuleViolation) as refused:
        check_extension(4, 7, ReviewPolicy())
    assert refused.value.rule == "L-6"


def test_l6_a_period_reaching_2027_is_provisional_until_its_notice_is_loaded() -> None:
    assert review_due(date(2026, 12, 24), CAL, ReviewPolicy()).provisional
