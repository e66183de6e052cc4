"""One rule for a receipt time (来电、收到或发现的时间) everywhere: it cannot lie in the future.

Deadlines run from receipt (S-1's filing clock, the 12345 handling clock), so a receipt time later than now would
push a due date out; like the acts whose dates case_intake refuses when after today, it is refused. A small
tolerance, configured per service, absorbs the clock skew between the sending system and this one.
"""

from datetime import UTC, datetime, timedelta

#: the default tolerance for another system's clock running ahead of ours
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)


def future_receipt(at: datetime, *, now: datetime | None = None, tolerance: timedelta = DEFAULT_CLOCK_SKEW,
                   field: str = "received_at") -> tuple[str, str] | None:
    """The refusal (Chinese, English) when the aware instant `at` is later than `now` plus `tolerance`, else None."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("naive datetime: a receipt time carries its zone")
    now = now or datetime.now(UTC)
    if at <= now + tolerance:
        return None
    return (f"{field} {at.isoformat()} 晚于当前时间：收到的时间不能在将来",
            f"{field} {at.isoformat()} is in the future: a receipt is recorded once it has happened")
