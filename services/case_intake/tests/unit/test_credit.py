"""How long a penalty stays published and when credit repair may end it early (DOMAIN §5.2, §11.3)."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from case_intake.domain.credit import (
    CreditClass,
    CreditPolicy,
    CreditRegime,
    CreditSystem,
    PeriodMonths,
    credit_class,
    expired,
    publicity_period,
    repair_eligibility,
)
from case_intake.domain.model import Decision, PenaltyItem
from case_intake.domain.vocabulary import Outcome, PenaltyKind, Procedure
from platform_calendar import WorkCalendar

CALENDAR = WorkCalendar(unknown_year="provisional")
POLICY = CreditPolicy()
ALL_MET = dict(penalty_fulfilled=True, harm_removed=True, credit_commitment=True, same_type_repeat=False,
               on_restricted_list=False)


def item(kind: PenaltyKind, amount: str | None = None) -> PenaltyItem:
    return PenaltyItem(kind=kind, amount_cny=Decimal(amount) if amount else None)


def decision(*penalties: PenaltyItem, decided_on: date = date(2026, 4, 10),
             outcome: Outcome = Outcome.penalty) -> Decision:
    return Decision(decided_on=decided_on, decision_no="杭西市监处罚〔2026〕8号", outcome=outcome,
                    penalties=list(penalties), facts="当事人销售过期食品。", legal_basis="《食品安全法》第一百二十四条",
                    agency="杭州市西湖区市场监督管理局")


FINE = item(PenaltyKind.fine, "50000")
REVOCATION = item(PenaltyKind.revoke_licence)


def period(d: Decision, system: CreditSystem, *, published_on: date = date(2026, 4, 20),
           policy: CreditPolicy = POLICY, procedure: Procedure = Procedure.general, **extra):
    return publicity_period(d, procedure, system=system, published_on=published_on, calendar=CALENDAR,
                            policy=policy, **extra)


def classify(*penalties: PenaltyItem, procedure: Procedure = Procedure.general,
             policy: CreditPolicy = POLICY) -> CreditClass:
    return credit_class(decision(*penalties), procedure, policy)[0]


def test_cr7_warnings_and_criticism_are_minor():
    assert classify(item(PenaltyKind.warning)) is CreditClass.minor
    assert classify(item(PenaltyKind.criticism)) is CreditClass.minor


def test_cr7_simple_procedure_penalties_are_minor():
    cls, rules = credit_class(decision(item(PenaltyKind.fine, "200")), Procedure.simple, POLICY)
    assert cls is CreditClass.minor
    assert "CR-7" in rules


def test_cr7_fines_and_confiscations_are_general():
    assert classify(FINE) is CreditClass.general
    assert classify(item(PenaltyKind.confiscate_gains, "8000")) is CreditClass.general
    assert classify(item(PenaltyKind.confiscate_property)) is CreditClass.general


def test_cr7_a_fine_at_or_above_the_serious_threshold_is_serious():
    policy = CreditPolicy(serious_fine_cny=Decimal("200000"))
    assert classify(item(PenaltyKind.fine, "199999.99"), policy=policy) is CreditClass.general
    assert classify(item(PenaltyKind.fine, "200000"), policy=policy) is CreditClass.serious
    assert classify(item(PenaltyKind.fine, "1000000")) is CreditClass.serious  # the ¥1,000,000 default


@pytest.mark.parametrize("kind", [PenaltyKind.revoke_licence, PenaltyKind.lower_qualification,
                                  PenaltyKind.close_down, PenaltyKind.restrict_practice,
                                  PenaltyKind.suspend_business, PenaltyKind.restrict_activities])
def test_cr7_revocation_closure_and_restrictions_are_serious(kind: PenaltyKind):
    assert classify(item(kind)) is CreditClass.serious


def test_cr7_the_heaviest_item_wins():
    assert classify(item(PenaltyKind.warning), FINE) is CreditClass.general
    assert classify(item(PenaltyKind.warning), FINE, REVOCATION) is CreditClass.serious


def test_cr7_the_class_mapping_is_configuration():
    mapping = dict(POLICY.class_mapping) | {PenaltyKind.confiscate_gains: CreditClass.serious}
    policy = CreditPolicy(class_mapping=mapping)
    assert classify(item(PenaltyKind.confiscate_gains), policy=policy) is CreditClass.serious


def test_cr7_a_decision_without_a_penalty_has_no_credit_class():
    with pytest.raises(ValueError):
        credit_class(decision(outcome=Outcome.no_penalty), Procedure.general, POLICY)


def test_cr6_the_regime_switches_on_2026_04_01():
    before = period(decision(FINE, decided_on=date(2026, 3, 31)), CreditSystem.credit_china)
    after = period(decision(FINE, decided_on=date(2026, 4, 1)), CreditSystem.credit_china)
    assert (before.regime, before.assumed) == (CreditRegime.ndrc_order_58, True)  # rule CR-4
    assert "CR-4" in before.rule_ids
    assert (after.regime, after.assumed) == (CreditRegime.ndrc_2026, False)
    assert "CR-6" in after.rule_ids
    assert (before.ends_on, after.ends_on) == (date(2027, 3, 31), date(2027, 4, 1))  # 一般: 1 year max


def test_cr6_periods_count_from_the_decision_date_not_publication():
    result = period(decision(FINE), CreditSystem.credit_china, published_on=date(2026, 5, 30))
    assert (result.anchor, result.anchor_kind) == (date(2026, 4, 10), "行政处罚决定之日")
    assert result.repair_from == date(2026, 7, 11)  # 3 months served at the end of 07-10
    assert result.ends_on == date(2027, 4, 10)
    assert "credit.periods" in result.config_keys


def test_cr5_serious_stays_one_to_three_years():
    result = period(decision(REVOCATION), CreditSystem.credit_china)
    assert (result.repair_from, result.ends_on) == (date(2027, 4, 11), date(2029, 4, 10))


def test_cr3_the_2019_regime_applies_before_2023_05_01():
    result = period(decision(REVOCATION, decided_on=date(2022, 6, 15)), CreditSystem.credit_china)
    assert result.regime is CreditRegime.ndrc_2019
    assert (result.repair_from, result.ends_on) == (date(2022, 12, 16), date(2025, 6, 15))  # 6 m–3 y
    assert period(decision(FINE, decided_on=date(2023, 5, 1)), CreditSystem.credit_china).regime is (
        CreditRegime.ndrc_order_58)


def test_cr4_order_58_periods_are_configuration_per_regime():
    tables = dict(POLICY.credit_china_periods)
    tables[CreditRegime.ndrc_order_58] = dict(tables[CreditRegime.ndrc_order_58]) | {
        CreditClass.general: PeriodMonths(minimum=6, maximum=24)}
    policy = CreditPolicy(credit_china_periods=tables)
    old = period(decision(FINE, decided_on=date(2025, 1, 15)), CreditSystem.credit_china, policy=policy)
    new = period(decision(FINE, decided_on=date(2026, 4, 1)), CreditSystem.credit_china, policy=policy)
    assert old.ends_on == date(2027, 1, 15)
    assert new.ends_on == date(2027, 4, 1)


def test_cr9_an_incomplete_period_table_is_refused():
    with pytest.raises(ValidationError):
        CreditPolicy(credit_china_periods={CreditRegime.ndrc_2026: {}})
    with pytest.raises(ValidationError):
        PeriodMonths(minimum=13, maximum=12)


def test_cr5_a_minor_record_is_unpublished_by_default_and_at_most_3_months_when_configured():
    warning = decision(item(PenaltyKind.warning))
    hidden = period(warning, CreditSystem.credit_china)
    assert hidden.published is False and hidden.ends_on is None
    assert "credit.minor_published" in hidden.config_keys
    shown = period(warning, CreditSystem.credit_china, policy=CreditPolicy(minor_published=True))
    assert (shown.published, shown.repair_from, shown.ends_on) == (True, date(2026, 4, 10), date(2026, 7, 10))


def test_cr1_samr_criticism_comes_down_3_months_after_publication():
    result = period(decision(item(PenaltyKind.criticism)), CreditSystem.samr, published_on=date(2026, 5, 10))
    assert (result.regime, result.anchor, result.anchor_kind) == (
        CreditRegime.samr_order_45, date(2026, 5, 10), "公示之日")
    assert result.ends_on == date(2026, 8, 10)
    assert result.repair_from is None  # the CR-2 minimum is longer than the whole period


def test_cr1_samr_other_penalties_come_down_after_3_years():
    result = period(decision(FINE), CreditSystem.samr, published_on=date(2026, 5, 10))
    assert result.ends_on == date(2029, 5, 10)
    assert "CR-1" in result.rule_ids


def test_cr1_a_lower_amount_fine_is_3_months_once_the_province_sets_the_amount():
    policy = CreditPolicy(lower_amount_fine_cny=Decimal("10000"))
    low = period(decision(item(PenaltyKind.fine, "10000")), CreditSystem.samr, published_on=date(2026, 5, 10),
                 policy=policy)
    high = period(decision(item(PenaltyKind.fine, "10000.01")), CreditSystem.samr,
                  published_on=date(2026, 5, 10), policy=policy)
    assert (low.ends_on, high.ends_on) == (date(2026, 8, 10), date(2029, 5, 10))
    assert "credit.lower_amount_fine_cny" in low.config_keys


def test_cr1_unset_lower_amount_means_no_fine_is_lower_amount_and_warns():
    small_fine = decision(item(PenaltyKind.fine, "100"))
    result = period(small_fine, CreditSystem.samr, published_on=date(2026, 5, 10))
    assert result.ends_on == date(2029, 5, 10)
    assert POLICY.startup_warnings() and not CreditPolicy(lower_amount_fine_cny=Decimal(1)).startup_warnings()


def test_cr1_a_restriction_longer_than_3_years_stays_for_its_length():
    restriction = decision(item(PenaltyKind.restrict_practice))
    result = period(restriction, CreditSystem.samr, published_on=date(2026, 5, 10),
                    restriction_ends_on=date(2031, 5, 9))
    assert result.ends_on == date(2031, 5, 9)
    shorter = period(restriction, CreditSystem.samr, published_on=date(2026, 5, 10),
                     restriction_ends_on=date(2027, 5, 9))
    assert shorter.ends_on == date(2029, 5, 10)


def test_g5_a_publicity_period_ends_on_the_corresponding_date_without_a_g6_roll():
    # 2025-10-04 is a National Day rest day; a period that is not a deadline for an act does not roll on.
    result = period(decision(item(PenaltyKind.criticism)), CreditSystem.samr, published_on=date(2025, 7, 4))
    assert result.ends_on == date(2025, 10, 4)


def test_cr2_repair_is_not_eligible_before_the_minimum_and_eligible_after():
    result = period(decision(FINE), CreditSystem.samr, published_on=date(2026, 5, 10))
    assert result.repair_from == date(2027, 5, 11)  # 12 months (credit.samr_minimum_months) served
    early = repair_eligibility(result, on=date(2027, 5, 10), decision=decision(FINE), **ALL_MET)
    assert early.eligible is False
    assert [u.rule_id for u in early.unmet] == ["CR-2"]
    late = repair_eligibility(result, on=date(2027, 5, 11), decision=decision(FINE), **ALL_MET)
    assert late.eligible is True and late.unmet == ()


def test_cr2_refuses_early_repair_of_a_revocation_on_the_samr_system():
    revoked = decision(REVOCATION)
    result = period(revoked, CreditSystem.samr, published_on=date(2026, 5, 10))
    assert result.repair_from is None
    verdict = repair_eligibility(result, on=date(2028, 6, 1), decision=revoked, **ALL_MET)
    assert verdict.eligible is False
    assert verdict.unmet[0].rule_id == "CR-2" and "吊销" in verdict.unmet[0].condition


def test_cr2_lists_every_unmet_condition():
    result = period(decision(FINE), CreditSystem.samr, published_on=date(2026, 5, 10))
    verdict = repair_eligibility(result, on=date(2027, 6, 1), decision=decision(FINE),
                                 penalty_fulfilled=False, harm_removed=False, credit_commitment=False,
                                 same_type_repeat=True, on_restricted_list=True)
    assert len(verdict.unmet) == 4 and {u.rule_id for u in verdict.unmet} == {"CR-2"}


def test_cr6_repair_after_the_class_minimum_once_corrected_performed_and_committed():
    d = decision(FINE)
    result = period(d, CreditSystem.credit_china)
    assert repair_eligibility(result, on=date(2026, 7, 10), decision=d, **ALL_MET).eligible is False
    assert repair_eligibility(result, on=date(2026, 7, 11), decision=d, **ALL_MET).eligible is True
    no_commitment = ALL_MET | {"credit_commitment": False}
    verdict = repair_eligibility(result, on=date(2026, 7, 11), decision=d, **no_commitment)
    assert verdict.eligible is False
    assert [u.rule_id for u in verdict.unmet] == ["CR-6"] and "信用承诺" in verdict.unmet[0].condition


def test_cr6_a_serious_record_on_credit_china_may_be_repaired_after_one_year():
    d = decision(REVOCATION)
    result = period(d, CreditSystem.credit_china)
    assert repair_eligibility(result, on=date(2027, 4, 11), decision=d, **ALL_MET).eligible is True


def test_cr6_expired_once_the_maximum_is_reached():
    result = period(decision(FINE), CreditSystem.credit_china)
    assert expired(result, date(2027, 4, 10)) is False  # the 公示截止期 is still a day online
    assert expired(result, date(2027, 4, 11)) is True
    verdict = repair_eligibility(result, on=date(2027, 4, 11), decision=decision(FINE), **ALL_MET)
    assert verdict.eligible is False and "届满" in verdict.unmet[0].condition


def test_cr1_expired_on_the_samr_system_after_three_years():
    result = period(decision(FINE), CreditSystem.samr, published_on=date(2026, 5, 10))
    assert not expired(result, date(2029, 5, 10)) and expired(result, date(2029, 5, 11))


def test_cr5_an_unpublished_minor_record_never_expires_and_needs_no_repair():
    result = period(decision(item(PenaltyKind.warning)), CreditSystem.credit_china)
    assert expired(result, date(2030, 1, 1)) is False
    verdict = repair_eligibility(result, on=date(2026, 5, 1), decision=decision(item(PenaltyKind.warning)),
                                 **ALL_MET)
    assert verdict.eligible is False and verdict.unmet[0].rule_id == "CR-5"
