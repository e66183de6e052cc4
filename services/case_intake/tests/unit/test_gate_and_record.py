"""The decision gate (DOMAIN §11.2), the stage machine, the hash chain (P-13), the late surcharge (P-25, P-26),
the hearing right (P-16) and mediation's states (policy 002)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from case_intake.domain import stages
from case_intake.domain.decision_gate import Evaluation, blockers, review_grounds
from case_intake.domain.errors import InvalidTransition
from case_intake.domain.hearing import hearing_grounds
from case_intake.domain.mediation import MediationAction, MediationStatus, next_status
from case_intake.domain.model import (
    Case,
    Decision,
    Evidence,
    Notice,
    Party,
    Pause,
    PenaltyItem,
    Proposal,
    ReviewRound,
)
from case_intake.domain.policy import CasePolicy
from case_intake.domain.record_chain import GENESIS, StoredLink, link_hash, verify
from case_intake.domain.surcharge import late_surcharge
from case_intake.domain.vocabulary import EvidenceType, Outcome, PartyType, PenaltyKind, Procedure, Stage

FINE = [PenaltyItem(kind=PenaltyKind.fine, amount_cny=Decimal(5000))]
PROPOSAL = Proposal(penalties=FINE, facts="未公示许可证", legal_basis="《食品安全法》第一百二十六条")


def _case(**overrides) -> Case:
    base = dict(id="c", case_no="D〔2026〕1号", procedure=Procedure.general, stage=Stage.notified, department_code="D",
                matter_code="M", party=Party(type=PartyType.legal_person, name="某公司", address="某地"),
                act_date=date(2026, 1, 1), discovered_on=date(2026, 1, 5), filed_on=date(2026, 1, 6),
                evidence=[Evidence(id="e1", type=EvidenceType.documentary, title="t", collected_on=date(2026, 1, 7),
                                   collected_by=["a", "b"], content_sha256="0" * 64)],
                notice=Notice(notified_on=date(2026, 1, 10), proposal=PROPOSAL, hearing_offered=False,
                              statement_due=date(2026, 1, 16)))
    return Case(**(base | overrides))


def _decision(**overrides) -> Decision:
    return Decision(**({"decided_on": date(2026, 2, 1), "decision_no": "罚〔2026〕1号", "outcome": Outcome.penalty,
                        "penalties": FINE, "facts": "未公示许可证", "legal_basis": "《食品安全法》第一百二十六条",
                        "evidence_ids": ["e1"], "performance": "十五日内缴纳", "remedies": "六十日内复议",
                        "agency": "某局", "chosen_tier": "一般", "benchmark_explanation": "一般阶次"} | overrides))


def _rules(found) -> set[str]:
    return {b.rule for b in found}


def test_a_decision_that_meets_every_rule_passes_the_gate():
    assert blockers(_case(), _decision(), Evaluation(suggested_tier="一般", has_benchmark=True),
                    limitation_expired=False) == []


def test_p14_no_notice_no_penalty_and_an_open_window_blocks():
    assert "P-14" in _rules(blockers(_case(notice=None), _decision(), Evaluation(), limitation_expired=False))
    assert "P-14" in _rules(blockers(_case(), _decision(decided_on=date(2026, 1, 16)), Evaluation(),
                                     limitation_expired=False))


def test_p15_heavier_than_notified_blocks():
    heavier = [PenaltyItem(kind=PenaltyKind.fine, amount_cny=Decimal(6000))]
    extra_kind = FINE + [PenaltyItem(kind=PenaltyKind.warning)]
    for penalties in (heavier, extra_kind):
        assert "P-15" in _rules(blockers(_case(), _decision(penalties=penalties), Evaluation(),
                                         limitation_expired=False))


def test_l1_l5_review_grounds_of_article_58_and_the_local_major_decision_catalog():
    assert review_grounds(_case(), Evaluation()) == []
    assert review_grounds(_case(complex=True), Evaluation()) and review_grounds(_case(), Evaluation(
        review_required=True))
    assert review_grounds(_case(major_rights=True), Evaluation()) == []  # only with a hearing held


def test_l1_only_an_approved_round_covering_the_decision_opens_the_gate():
    rounds = {"none": [], "requested": [ReviewRound(round=1, requested_on=date(2026, 1, 20), proposal=PROPOSAL)],
              "approved": [ReviewRound(round=1, requested_on=date(2026, 1, 20), proposal=PROPOSAL, status="approved")]}
    evaluation = Evaluation(review_required=True)
    discussion = {"held_on": date(2026, 1, 25), "participants": ["局长"], "conclusion": "同意"}
    for name, reviews in rounds.items():
        found = _rules(blockers(_case(reviews=reviews, discussion=discussion), _decision(), evaluation,
                                limitation_expired=False))
        assert ("L-1" in found) is (name != "approved")


def test_d4_d5_q3_p21_p5_each_block_with_their_rule():
    evaluation = Evaluation(suggested_tier="一般", has_benchmark=True)
    assert "D-4" in _rules(blockers(_case(), _decision(benchmark_explanation=""), evaluation, limitation_expired=False))
    assert "D-5" in _rules(blockers(_case(), _decision(chosen_tier="从轻"), evaluation, limitation_expired=False))
    no_penalty = _decision(outcome=Outcome.no_penalty, penalties=[])
    assert {"Q-1", "Q-3"} <= _rules(blockers(_case(), no_penalty, evaluation, limitation_expired=False))
    assert "P-21" in _rules(blockers(_case(), _decision(performance=""), evaluation, limitation_expired=False))
    assert "P-5" in _rules(blockers(_case(), _decision(), evaluation, limitation_expired=True))


def test_illegal_steps_name_the_missing_one_and_what_is_allowed():
    with pytest.raises(InvalidTransition) as refused:
        stages.require(_case(stage=Stage.filed), stages.Step.serve)
    assert refused.value.extra["missing"] == "作出决定" and "调查取证" in refused.value.extra["allowed"]


def _chain(n: int) -> list[StoredLink]:
    links, previous = [], GENESIS
    at = datetime(2026, 1, 1, tzinfo=UTC)
    for seq in range(1, n + 1):
        digest = link_hash(previous, seq, "act", "actor", at, {"seq": seq, "amount": "5000.00"})
        links.append(StoredLink(seq, seq, "act", "actor", at, {"seq": seq, "amount": "5000.00"}, previous, digest))
        previous = digest
    return links


def test_p13_an_intact_chain_verifies_and_any_change_names_its_link():
    links = _chain(4)
    assert verify(links, head_seq=4, head_hash=links[-1].hash).intact
    altered = links[:2] + [StoredLink(3, 3, "act", "actor", links[2].at, {"seq": 3, "amount": "1.00"},
                                      links[2].prev_hash, links[2].hash)] + links[3:]
    assert verify(altered, head_seq=4, head_hash=links[-1].hash).first_break.seq == 3
    assert verify(links[:1] + links[2:], head_seq=4, head_hash=links[-1].hash).first_break.seq == 2
    assert verify(links[:3], head_seq=4, head_hash=links[-1].hash).first_break.seq == 4  # the tail cut off


def test_p25_three_percent_a_day_capped_at_the_fine_and_p26_none_during_review():
    assert late_surcharge(Decimal(1000), date(2026, 1, 10), paid_on=date(2026, 1, 15), as_of=date(2026, 2, 1)) == (
        Decimal("150.00"), 5)
    assert late_surcharge(Decimal(1000), date(2026, 1, 10), paid_on=None, as_of=date(2026, 6, 1))[0] == Decimal(
        "1000.00")
    review = [Pause(kind="复议", started_on=date(2026, 1, 12), ended_on=date(2026, 1, 14))]
    assert late_surcharge(Decimal(1000), date(2026, 1, 10), paid_on=date(2026, 1, 15), as_of=date(2026, 2, 1),
                          pauses=review) == (Decimal("60.00"), 2)


def test_p16_s5_the_hearing_threshold_is_configuration_per_party_type():
    policy = CasePolicy()
    proposal = Proposal(penalties=[PenaltyItem(kind=PenaltyKind.fine, amount_cny=Decimal(2000))], facts="x x",
                        legal_basis="依据")
    assert hearing_grounds(proposal, PartyType.natural_person, policy)
    assert hearing_grounds(proposal, PartyType.legal_person, policy) == []
    assert hearing_grounds(proposal, PartyType.legal_person, CasePolicy(hearing_large_amount_organisation_cny=2000))
    revoke = Proposal(penalties=[PenaltyItem(kind=PenaltyKind.revoke_licence)], facts="x x", legal_basis="依据")
    assert hearing_grounds(revoke, PartyType.legal_person, policy)


def test_mediation_moves_only_along_its_states():
    assert next_status(MediationStatus.applied, MediationAction.accept) is MediationStatus.accepted
    assert next_status(MediationStatus.mediating, MediationAction.end) is MediationStatus.ended
    with pytest.raises(InvalidTransition):
        next_status(MediationStatus.agreed, MediationAction.session)


@pytest.mark.parametrize(("stage", "step", "rule"), [
    (Stage.filed, stages.Step.serve, "P-22"),  # serving needs a decision first
    (Stage.filed, stages.Step.decide, "P-18"),  # a decision follows the investigation
    (Stage.filed, stages.Step.hearing, "P-17"),  # a hearing follows the notice
])
def test_p17_p18_p22_a_step_taken_too_early_names_the_rule_that_puts_its_prerequisite_first(stage, step, rule):
    with pytest.raises(InvalidTransition) as refused:
        stages.require(_case(stage=stage, notice=None, evidence=[]), step)
    assert refused.value.rule == rule and refused.value.extra["missing"]
    assert refused.value.status == 409  # a state conflict, whatever rule orders the steps
