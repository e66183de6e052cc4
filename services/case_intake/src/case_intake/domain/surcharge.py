"""Late payment: 3 % of the fine a day, never more than the fine (P-25), none during review or litigation (P-26)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from case_intake.domain.model import Pause

DAILY_RATE = Decimal("0.03")  # rule P-25 (《行政处罚法》art. 72 ¶1(1))
NO_SURCHARGE_DURING = ("复议", "诉讼")  # rule P-26 (art. 73)


def late_surcharge(fine_cny: Decimal, due: date, *, paid_on: date | None, as_of: date,
                   pauses: list[Pause] = ()) -> tuple[Decimal, int]:
    """(surcharge in yuan, days counted): from the day after `due` to payment (or `as_of`), review excluded."""
    end = paid_on or as_of
    if end <= due or fine_cny <= 0:
        return Decimal("0.00"), 0
    excluded = set()
    for p in pauses:
        if p.kind in NO_SURCHARGE_DURING:
            day, last = p.started_on, p.ended_on or end
            while day <= last:
                excluded.add(day)
                day += timedelta(days=1)
    days = sum(1 for n in range(1, (end - due).days + 1) if due + timedelta(days=n) not in excluded)
    amount = min(fine_cny * DAILY_RATE * days, fine_cny)  # capped at the fine itself
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), days
