"""The simple procedure: on the spot, for warnings and small fines where the facts are clear (P-6 … P-9)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from case_intake.domain.errors import RuleViolation
from case_intake.domain.model import PenaltyItem
from case_intake.domain.vocabulary import PartyType, PenaltyKind

REVISED_LAW_IN_FORCE = date(2021, 7, 15)  # the revised 《行政处罚法》 (regime date)


@dataclass(frozen=True)
class Threshold:
    person_cny: Decimal
    organisation_cny: Decimal


#: rule P-6 (art. 51): the threshold in force on the act date
SINCE_2021 = Threshold(Decimal(200), Decimal(3000))
BEFORE_2021 = Threshold(Decimal(50), Decimal(1000))
CASH_LIMIT_CNY = Decimal(100)  # rule P-8 (art. 68)
CASH_GROUNDS = ("事后难以执行", "边远、水上、交通不便地区")  # rule P-8 (arts. 68–69)


def threshold_on(act_date: date) -> Threshold:
    return SINCE_2021 if act_date >= REVISED_LAW_IN_FORCE else BEFORE_2021


def check_on_the_spot(penalties: list[PenaltyItem], party_type: PartyType, act_date: date) -> None:
    """Rule P-6: only a warning and/or a fine within the threshold of the act date."""
    kinds = {p.kind for p in penalties}
    if not kinds or kinds - {PenaltyKind.warning, PenaltyKind.fine}:
        raise RuleViolation(("简易程序只能给予警告或者罚款，应当适用普通程序",
                             "the simple procedure imposes only a warning or a fine; use the general procedure"),
                            rule="P-6")
    limit = threshold_on(act_date)
    cap = limit.person_cny if party_type.is_person else limit.organisation_cny
    fine = sum((p.amount_cny or Decimal(0) for p in penalties if p.kind is PenaltyKind.fine), Decimal(0))
    if fine > cap:
        raise RuleViolation((f"罚款 {fine} 元超过违法行为发生之日（{act_date}）简易程序对{party_type.value}的 {cap} 元限额"
                             "（须适用普通程序）",
                             f"a fine of {fine} yuan exceeds the simple procedure's {cap} yuan for "
                             f"{party_type.value} on {act_date} (general procedure needed)"), rule="P-6")


def check_cash(fine_cny: Decimal, ground: str | None) -> None:
    """Rule P-8: cash on the spot only for fines up to 100 yuan, or where a statutory ground applies."""
    if fine_cny > CASH_LIMIT_CNY and ground not in CASH_GROUNDS:
        raise RuleViolation((f"当场收缴罚款仅限 {CASH_LIMIT_CNY} 元以下，或者具有第六十八条、第六十九条规定的情形"
                             f"（{' / '.join(CASH_GROUNDS)}）",
                             f"cash may be collected on the spot only up to {CASH_LIMIT_CNY} yuan, or on a "
                             f"ground of art. 68–69 ({' / '.join(CASH_GROUNDS)})"), rule="P-8")
