"""When a failed delivery is tried again, and when it is given up on (pure: time and randomness passed in)."""

import random
from datetime import datetime
from email.utils import parsedate_to_datetime

from platform_settings import WebhookSettings

#: Answers whose Retry-After says when the receiver wants to hear from us again (RFC 9110 §10.2.3).
HONOURS_RETRY_AFTER = frozenset({429, 503})


def retry_after_s(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from `now`: delay-seconds or an HTTP-date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - now).total_seconds(), 0.0) if when.tzinfo is not None else None


def retry_delay(attempts: int, settings: WebhookSettings, *, status: int | None, retry_after: str | None,
                now: datetime, rng: random.Random) -> float:
    """Seconds until the next attempt after `attempts` failed ones.

    A 429/503 with Retry-After waits exactly that long (up to `max_retry_after_s`); otherwise exponential backoff
    (backoff, 2×, 4× …, up to `max_backoff_s`) with equal jitter — half fixed, half random — so receivers coming
    back from an outage are not hit by every sender at the same instant.
    """
    asked = retry_after_s(retry_after, now) if status in HONOURS_RETRY_AFTER else None
    if asked is not None:
        return min(asked, settings.max_retry_after_s)
    ceiling = min(settings.backoff_s * 2 ** max(attempts - 1, 0), settings.max_backoff_s)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def gives_up(attempts: int, age_s: float, settings: WebhookSettings) -> bool:
    """Attempts used up, or failing for too long since it was staged or replayed: send_failed."""
    return attempts >= settings.max_attempts or age_s >= settings.max_age_s
