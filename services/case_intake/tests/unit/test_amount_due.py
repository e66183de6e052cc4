"""What a party pays in (P-24): the fine and the confiscated illegal gains; the late surcharge on the fine alone
(P-25); a payment beyond everything due is flagged as over-paid."""

from datetime import date
from decimal import Decimal

from case_intake.application.execution import amount_due
from case_intake.domain.model import Case, Decision, Party, Payment, PenaltyItem, Service
from case_intake.domain.vocabulary import Outcome, PartyType, PenaltyKind, Procedure, ServiceMethod, Stage

DUE = date(2026, 3, 1)


def _case(penalties: list[PenaltyItem], payments: list[Payment] = ()) -> Case:
    decision = Decision(decided_on=date(2026, 2, 1), decision_no="罚〔2026〕1号", outcome=Outcome.penalty,
                        penalties=penalties, facts="超范围经营", legal_basis="《食品安全法》第一百二十二条",
                        agency="某局")
    service = Service(method=ServiceMethod.direct, issued_on=date(2026, 2, 14), served_on=date(2026, 2, 14),
                      documents=["行政处罚决定书"])
    return Case(id="c", case_no="D〔2026〕1号", procedure=Procedure.general, stage=Stage.served, department_code="D",
                matter_code="M", party=Party(type=PartyType.legal_person, name="某公司", address="某地"),
                act_date=date(2026, 1, 1), discovered_on=date(2026, 1, 5), filed_on=date(2026, 1, 6),
                decision=decision, service=service, payment_due=DUE, payments=list(payments))


def _paid(on: date, amount: str) -> Payment:
    return Payment(paid_on=on, amount_cny=Decimal(amount), receipt_ref="NO.1", payee="中国农业银行东港支行")


FINE = PenaltyItem(kind=PenaltyKind.fine, amount_cny=Decimal(1000))
GAINS = PenaltyItem(kind=PenaltyKind.confiscate_gains, amount_cny=Decimal(3000))
PROPERTY = PenaltyItem(kind=PenaltyKind.confiscate_property, amount_cny=Decimal(800), detail="假冒商品 20 件")


def test_p24_confiscated_illegal_gains_are_due_with_the_fine_but_confiscated_property_is_not_money_due():
    due = amount_due(_case([FINE, GAINS, PROPERTY]), DUE)
    assert (due.fine, due.confiscated_gains, due.owed, due.overpaid) == (1000, 3000, 4000, 0)


def test_p25_the_late_surcharge_runs_on_the_fine_alone_not_on_the_confiscated_gains():
    due = amount_due(_case([FINE, GAINS]), date(2026, 3, 11))  # 10 days late
    assert (due.surcharge, due.surcharge_days) == (Decimal("300.00"), 10)  # 3 % of 1,000, not of 4,000
    assert due.owed == Decimal("4300.00")
    gains_only = amount_due(_case([GAINS]), date(2026, 6, 1))
    assert (gains_only.surcharge, gains_only.owed) == (0, 3000)


def test_p25_the_surcharge_stops_once_the_fine_is_paid_and_an_unpaid_confiscation_draws_none():
    case = _case([FINE, GAINS], [_paid(date(2026, 3, 5), "1120")])  # the fine and 4 days' surcharge
    due = amount_due(case, date(2026, 6, 1))
    assert (due.surcharge_days, due.surcharge, due.paid) == (4, Decimal("120.00"), 1120)
    assert due.owed == Decimal("3000.00")  # the gains still owed, without a surcharge of their own


def test_p24_an_over_payment_is_flagged_and_nothing_is_owed():
    due = amount_due(_case([FINE, GAINS], [_paid(date(2026, 2, 20), "4500")]), date(2026, 6, 1))
    assert (due.owed, due.overpaid, due.surcharge) == (0, 500, 0)


def test_p25_a_fine_paid_in_full_and_on_time_draws_no_surcharge_however_late_the_reading():
    due = amount_due(_case([FINE], [_paid(date(2026, 2, 20), "1000")]), date(2026, 12, 1))
    assert (due.owed, due.surcharge, due.overpaid) == (0, 0, 0)
