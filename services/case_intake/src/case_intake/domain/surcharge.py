"""Late payment: 3 % of the fine a day, never more than the fine (P-25), none during review or litigation (P-26)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from case_intake.domain.model import Decision, Pause, Payment

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


@dataclass(frozen=True)
class Dues:
    """What a decision orders paid and where the payments stand, as of a day (P-24, P-25, P-26)."""

    fine: Decimal
    confiscated_gains: Decimal
    surcharge: Decimal
    surcharge_days: int
    paid: Decimal
    owed: Decimal  # still to pay: fine + confiscated gains + surcharge − paid, never below 0
    overpaid: Decimal  # paid beyond everything due (to be refunded), 0 when not


def dues(decision: Decision, payments: list[Payment], due: date | None, *, as_of: date,
         pauses: list[Pause] = ()) -> Dues:
    """The fine and the confiscated illegal gains are both paid in (P-24); the late surcharge runs on the fine alone
    (P-25), stops on the day the payments cover the fine (a payment goes to the fine first, so an unpaid
    confiscation never draws a surcharge), and pauses during review or litigation (P-26)."""
    fine, gains = decision.fine_total(), decision.confiscated_gains_total()
    payments = [p for p in payments if p.paid_on <= as_of]
    fine_paid_on, running = None, Decimal(0)
    for p in sorted(payments, key=lambda p: p.paid_on):
        running += p.amount_cny
        if running >= fine:
            fine_paid_on = p.paid_on
            break
    surcharge, days = (late_surcharge(fine, due, paid_on=fine_paid_on, as_of=as_of, pauses=pauses)
                       if due else (Decimal("0.00"), 0))
    paid = sum((p.amount_cny for p in payments), Decimal(0))
    total = fine + gains + surcharge
    def cents(x: Decimal) -> Decimal:
        return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    return Dues(fine=cents(fine), confiscated_gains=cents(gains), surcharge=surcharge, surcharge_days=days,
                paid=cents(paid), owed=cents(max(total - paid, Decimal(0))),
                overpaid=cents(max(paid - total, Decimal(0))))
