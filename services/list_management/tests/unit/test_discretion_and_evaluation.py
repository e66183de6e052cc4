from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from list_management.domain.discretion import check_benchmark
from list_management.domain.documents import BenchmarkBody, Tier
from list_management.domain.errors import RuleViolation
from list_management.domain.evaluation import evaluate
from list_management.domain.facts import Circumstance as C
from list_management.domain.versioning import ListVersion


def _benchmark(**tier_overrides) -> dict:
    tiers = [
        {"tier": "从轻", "circumstances": ["first_violation"], "fine": {"fine_min": "5000", "fine_max": "15000"}},
        {"tier": "一般", "circumstances": [], "fine": {"fine_min": "15000", "fine_max": "35000"}},
        {"tier": "从重", "circumstances": ["repeat_violation"], "fine": {"fine_min": "35000", "fine_max": "50000"}},
        {"tier": "减轻", "circumstances": ["reduced_harm_voluntarily"], "fine": {"fine_min": "1000", "fine_max": "5000"}},
    ]
    for i, fine in tier_overrides.items():
        tiers[int(i[1:])]["fine"] = fine
    return {"kind": "benchmark", "matter_code": "M", "violation": "违法行为", "legal_basis": "某法第一条",
            "legal_range": {"fine_min": "5000", "fine_max": "50000"}, "tiers": tiers}


def test_d7_three_steps_is_the_configured_minimum():
    body = BenchmarkBody.model_validate(_benchmark())
    check_benchmark(body, min_steps=3)
    with pytest.raises(RuleViolation) as refused:
        check_benchmark(body, min_steps=5)
    assert refused.value.rule == "D-7"


def test_d1_a_band_collapsed_onto_the_legal_maximum_is_refused():
    body = BenchmarkBody.model_validate(_benchmark(t2={"fine_min": "50000", "fine_max": "50000"}))
    with pytest.raises(RuleViolation) as refused:
        check_benchmark(body, min_steps=3)
    assert refused.value.rule == "D-1"


def test_d2_a_mitigated_band_must_stay_below_the_legal_minimum():
    body = BenchmarkBody.model_validate(_benchmark(t3={"fine_min": "3000", "fine_max": "8000"}))
    with pytest.raises(RuleViolation) as refused:
        check_benchmark(body, min_steps=3)
    assert refused.value.rule == "D-2"


def _version(body: dict) -> ListVersion:
    return ListVersion(id="v", kind=body["kind"], series_key="s", version=1, department_code="D", title="t",
                       body=body, effective_from=date(2025, 1, 1), published_at=datetime(2025, 1, 1, tzinfo=UTC))


def _suggested(facts: set[C]) -> Tier | None:
    result = evaluate(matter_code="M", facts=facts, lists=[_version(_benchmark())], party_type="organisation",
                      proposed_fine_cny=None)
    return result.benchmark.suggested.tier if result.benchmark.suggested else None


def test_q4_mandatory_mitigation_picks_the_mitigated_band_when_its_circumstance_matches():
    assert _suggested({C.reduced_harm_voluntarily, C.repeat_violation}) == Tier.mitigated


def test_d1_without_circumstances_the_normal_band_is_suggested():
    assert _suggested(set()) == Tier.normal


def test_q1_no_subjective_fault_suggests_no_band():
    assert _suggested({C.no_subjective_fault}) is None


def test_l5_review_is_required_for_a_listed_matter_whatever_the_amount():
    review = {"kind": "review_matter_list", "thresholds": {"natural_person_cny": "10000", "organisation_cny": "100000"},
              "categories": ["吊销许可证件"], "matter_codes": ["M"]}
    result = evaluate(matter_code="M", facts=set(), lists=[_version(review)], party_type="organisation",
                      proposed_fine_cny=Decimal("1"))
    assert result.review.required and "L-1" in {r.rule for r in result.reasons}


def test_l5_of_two_catalogs_in_force_the_one_that_requires_review_decides():
    county = {"kind": "review_matter_list", "thresholds": {"natural_person_cny": "10000", "organisation_cny": "100000"},
              "categories": ["较大数额罚款"], "matter_codes": []}
    agency = county | {"matter_codes": ["M"]}
    for order in ([_version(county), _version(agency)], [_version(agency), _version(county)]):
        result = evaluate(matter_code="M", facts=set(), lists=order, party_type="organisation",
                          proposed_fine_cny=Decimal("1"))
        assert result.review.required and result.review.listed
    unlisted = evaluate(matter_code="M", facts=set(), lists=[_version(county)], party_type="organisation",
                        proposed_fine_cny=None)
    assert unlisted.review is not None and not unlisted.review.required  # no amount, not listed: no review


def _leniency(list_type: str) -> dict:
    return {"kind": "leniency_list", "list_type": list_type, "entries": [
        {"entry_no": "1", "matter_code": "M", "violation": "违法行为",
         "conditions": ["first_violation", "harm_slight", "corrected_in_time"], "legal_basis": "《行政处罚法》第三十三条第一款"}]}


FIRST_OFFENCE = {C.first_violation, C.harm_slight, C.corrected_in_time}


@pytest.mark.parametrize("list_type", ["不予处罚", "首违不罚"])
def test_q1_q2_a_matching_no_penalty_entry_leaves_no_tier_suggested_whatever_the_list_order(list_type):
    for lists in ([_version(_benchmark()), _version(_leniency(list_type))],
                  [_version(_leniency(list_type)), _version(_benchmark())]):
        result = evaluate(matter_code="M", facts=FIRST_OFFENCE, lists=lists, party_type="organisation",
                          proposed_fine_cny=None)
        assert result.entries and result.benchmark.suggested is None and result.benchmark.no_penalty
        assert result.benchmark.departure is None


def test_q1_a_no_penalty_entry_whose_conditions_do_not_all_hold_leaves_the_lighter_tier():
    result = evaluate(matter_code="M", facts={C.first_violation}, lists=[_version(_benchmark()),
                      _version(_leniency("不予处罚"))], party_type="organisation", proposed_fine_cny=None)
    assert result.benchmark.suggested.tier == Tier.lighter and not result.benchmark.no_penalty


def _departure(facts: set[C], fine: str, *lists: dict):
    return evaluate(matter_code="M", facts=facts, lists=[_version(_benchmark()), *map(_version, lists)],
                    party_type="organisation", proposed_fine_cny=Decimal(fine))


def test_d5_a_proposed_fine_below_the_suggested_tier_without_a_mitigation_ground_is_flagged():
    result = _departure(set(), "8000")  # 一般 is 15,000 … 35,000
    d = result.benchmark.departure
    assert (d.rule, d.tier, d.proposed_fine_cny, d.tier_min_cny) == ("D-5", Tier.normal, 8000, 15000)
    assert d.text in {r.text for r in result.reasons if r.rule == "D-5"}
    assert _departure(set(), "20000").benchmark.departure is None
    assert _departure(set(), "40000").benchmark.departure.rule == "D-5"  # above the tier departs as well


def test_d5_below_the_tier_on_a_mitigation_ground_is_not_a_departure():
    assert _departure({C.age_14_to_18}, "3000").benchmark.departure is None  # Q-4 ground: 减轻 suggested
    mitigated_list = _leniency("减轻处罚") | {"entries": [
        {"entry_no": "1", "matter_code": "M", "violation": "违法行为", "conditions": ["first_violation"],
         "legal_basis": "《行政处罚法》第三十二条"}]}
    assert _departure({C.first_violation}, "3000", mitigated_list).benchmark.departure is None
    assert _departure({C.first_violation}, "3000").benchmark.departure.tier == Tier.lighter
