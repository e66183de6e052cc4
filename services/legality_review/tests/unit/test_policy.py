"""The §10 defaults of legality review: configuration, documented, never constants in the code."""

from datetime import date

from legality_review.domain.policy import ReviewPolicy
from legality_review.settings import Settings
from platform_calendar import WorkCalendar


def test_s4_l6_the_default_review_period_is_ten_working_days_after_receipt():
    policy = ReviewPolicy()
    assert policy.review_deadline_wd == 10 and policy.pooled_online is False  # DOMAIN §10 review.*
    # received Friday 2026-09-25; 2026 notice: 10-01..10-07 off, Saturday 10-10 worked (调休). Counting:
    # 09-28, 09-29, 09-30, 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15 — weekdays alone would say 10-09.
    due = WorkCalendar().add_working_days(date(2026, 9, 25), policy.review_deadline_wd).due
    assert due == date(2026, 10, 15)


def test_a_locality_sets_the_review_numbers_in_the_environment(monkeypatch):
    monkeypatch.setenv("LEGALITY_REVIEW_RULES__REVIEW_DEADLINE_WD", "7")
    monkeypatch.setenv("LEGALITY_REVIEW_RULES__POOLED_ONLINE", "true")
    monkeypatch.setenv("LEGALITY_REVIEW_FILE_REVIEW__PASS_FROM", "70")
    settings = Settings()
    assert settings.rules.review_deadline_wd == 7 and settings.rules.pooled_online is True
    assert settings.file_review.pass_from == 70 and settings.http.port == 8003
