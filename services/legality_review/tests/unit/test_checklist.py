"""The nine checks (L-4) and the outcome they allow (L-7): pure rules."""

import pytest

from legality_review.domain.checklist import Check, CheckResult, Outcome, conclude
from platform_errors import InvalidInput, RuleViolation


def _all(**problems: str) -> list[CheckResult]:
    return [CheckResult(check=c, result="problem", note=problems[c.value]) if c.value in problems
            else CheckResult(check=c, result="pass") for c in Check]


def test_l4_there_are_nine_checks_in_the_order_of_the_rule():
    assert [c.value for c in Check] == ["subject_lawful", "officers_qualified", "procedure_lawful",
                                        "facts_and_evidence", "law_and_benchmark", "within_authority",
                                        "documents_complete", "party_rights_protected", "crime_transferred"]


def test_l4_a_missing_or_repeated_check_is_named():
    results = _all()[1:] + [CheckResult(check=Check.crime, result="pass")]
    with pytest.raises(InvalidInput) as refused:
        conclude(results, Outcome.approve, "")
    assert refused.value.rule == "L-4"
    messages = [e.message for e in refused.value.errors]
    assert any(m.startswith("subject_lawful") for m in messages)
    assert any(m.startswith("crime_transferred is answered more than once") for m in messages)


def test_l4_the_recorded_items_follow_the_rule_s_order_with_their_labels():
    items = conclude(list(reversed(_all())), Outcome.approve, "")
    assert [i["check"] for i in items] == [c.value for c in Check]
    assert items[8]["label"].startswith("⑨")


def test_l7_agreement_needs_all_nine_passed():
    with pytest.raises(RuleViolation) as refused:
        conclude(_all(crime_transferred="涉嫌生产销售伪劣产品罪，应移送公安机关"), Outcome.approve, "")
    assert refused.value.rule == "L-7" and refused.value.errors[0].field == "items.crime_transferred"


@pytest.mark.parametrize("outcome", [Outcome.reject, Outcome.revise])
def test_l7_a_disagreement_or_revision_names_a_failed_check_and_carries_the_opinion(outcome):
    with pytest.raises(RuleViolation):
        conclude(_all(), outcome, "意见")
    with pytest.raises(InvalidInput) as no_opinion:
        conclude(_all(documents_complete="缺少送达回证"), outcome, "  ")
    assert no_opinion.value.errors[0].field == "opinion"
    items = conclude(_all(documents_complete="缺少送达回证"), outcome, "补充送达回证后重新送审")
    assert [i["result"] for i in items].count("problem") == 1
