"""Who may act (P-1, E-1, P-3), the limitation period (P-5), the simple procedure's limits (P-6, P-8)."""

from datetime import date
from decimal import Decimal

import pytest

from case_intake.domain.errors import RuleViolation
from case_intake.domain.limitation import limitation
from case_intake.domain.model import PenaltyItem
from case_intake.domain.officers import Certificate, check_acting
from case_intake.domain.simple_procedure import check_cash, check_on_the_spot
from case_intake.domain.vocabulary import PartyType, PenaltyKind
from platform_calendar import WorkCalendar

CAL = WorkCalendar(unknown_year="provisional")


def _officer(person_no: str, *, auxiliary=False, valid_to=date(2030, 1, 1), statuses=()) -> Certificate:
    return Certificate(person_no, person_no, "D", None if auxiliary else f"ZF{person_no}", date(2020, 1, 1), valid_to,
                       auxiliary, False, tuple(statuses))


OFFICERS = {"a": _officer("a"), "b": _officer("b"), "aux": _officer("aux", auxiliary=True),
            "old": _officer("old", valid_to=date(2024, 12, 31)),
            "sus": _officer("sus", statuses=[(date(2020, 1, 1), "valid"), (date(2026, 5, 1), "suspended")])}


def test_p1_two_officers_with_valid_certificates_may_act():
    assert check_acting(["a", "b"], OFFICERS, date(2026, 3, 1), recused=set(), act="x") == ["a", "b"]


@pytest.mark.parametrize("people", [["a"], ["a", "old"], ["a", "sus"], ["a", "unknown"]])
def test_p1_fewer_than_two_certified_on_the_date_is_refused(people):
    with pytest.raises(RuleViolation) as refused:
        check_acting(people, OFFICERS, date(2026, 6, 1), recused=set(), act="x")
    assert refused.value.rule == "P-1"


def test_p1_a_suspension_counts_from_its_effective_date():
    assert check_acting(["a", "sus"], OFFICERS, date(2026, 4, 30), recused=set(), act="x")
    with pytest.raises(RuleViolation):
        check_acting(["a", "sus"], OFFICERS, date(2026, 5, 1), recused=set(), act="x")


def test_e1_auxiliary_staff_are_never_counted_and_never_act_alone():
    with pytest.raises(RuleViolation) as refused:
        check_acting(["a", "aux"], OFFICERS, date(2026, 3, 1), recused=set(), act="x")
    assert any("E-1" in p.message for p in refused.value.errors)


def test_p3_an_officer_granted_recusal_does_not_count():
    with pytest.raises(RuleViolation):
        check_acting(["a", "b"], OFFICERS, date(2026, 3, 1), recused={"b"}, act="x")


def test_p5_two_years_from_the_act_and_five_with_safety_harm():
    assert not limitation(date(2024, 3, 1), date(2026, 3, 2), safety_harm=False, calendar=CAL).expired  # G-6: Sun
    assert limitation(date(2024, 3, 1), date(2026, 3, 3), safety_harm=False, calendar=CAL).expired
    assert not limitation(date(2022, 3, 1), date(2026, 3, 3), safety_harm=True, calendar=CAL).expired


def _fine(amount: str) -> list[PenaltyItem]:
    return [PenaltyItem(kind=PenaltyKind.fine, amount_cny=Decimal(amount))]


def test_p6_the_on_the_spot_thresholds_follow_the_act_date():
    check_on_the_spot(_fine("200"), PartyType.natural_person, date(2026, 1, 1))
    check_on_the_spot(_fine("3000"), PartyType.legal_person, date(2026, 1, 1))
    check_on_the_spot(_fine("50"), PartyType.natural_person, date(2021, 7, 14))
    for penalties, party, on in ((_fine("200.01"), PartyType.individual_business, date(2026, 1, 1)),
                                 (_fine("1001"), PartyType.legal_person, date(2021, 7, 14)),
                                 ([PenaltyItem(kind=PenaltyKind.revoke_licence)], PartyType.legal_person,
                                  date(2026, 1, 1))):
        with pytest.raises(RuleViolation) as refused:
            check_on_the_spot(penalties, party, on)
        assert refused.value.rule == "P-6"


def test_p8_cash_on_the_spot_up_to_100_yuan_unless_a_statutory_ground():
    check_cash(Decimal(100), None)
    check_cash(Decimal(150), "边远、水上、交通不便地区")
    with pytest.raises(RuleViolation) as refused:
        check_cash(Decimal(101), None)
    assert refused.value.rule == "P-8"
