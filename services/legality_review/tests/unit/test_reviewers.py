"""Who may review (L-2, P-3, L-9) and who gets the round (balanced by open workload): pure rules."""

from dataclasses import replace

from legality_review.domain.policy import ReviewPolicy
from legality_review.domain.reviewers import Candidate, Subject, balanced_pick, refusal

POLICY = ReviewPolicy()
SUBJECT = Subject("DG-SCJG", "210681", ("P-1", "P-2"))
ALICE = Candidate("R-1", "王某", "DG-SCJG", "210681", "valid", False, True, ("市场监管", "法制审核"), False, 0)


def test_l2_a_qualified_reviewer_of_the_agency_may_review():
    assert refusal(ALICE, SUBJECT, POLICY) is None


def test_l2_a_first_time_reviewer_needs_the_legal_professional_qualification():
    first_timer = replace(ALICE, legal_qualification=False)
    assert refusal(first_timer, SUBJECT, POLICY).rule == "L-2"
    assert refusal(replace(first_timer, experienced=True), SUBJECT, POLICY) is None  # 初次从事 only


def test_l2_only_legal_review_staff_with_a_valid_status_and_never_auxiliaries():
    assert refusal(replace(ALICE, areas=("市场监管",)), SUBJECT, POLICY).rule == "L-2"
    assert refusal(replace(ALICE, auxiliary=True), SUBJECT, POLICY).rule == "L-2"
    assert refusal(replace(ALICE, status="revoked"), SUBJECT, POLICY).rule == "L-2"


def test_p3_an_officer_of_the_case_never_reviews_it():
    assert refusal(replace(ALICE, person_no="P-2"), SUBJECT, POLICY).rule == "P-3"


def test_l9_another_agency_reviews_only_where_reviewers_are_pooled_within_the_region():
    neighbour = replace(ALICE, department_code="DG-ZHZF")
    assert refusal(neighbour, SUBJECT, POLICY).rule == "L-9"
    pooled = POLICY.model_copy(update={"pooled_online": True})
    assert refusal(neighbour, SUBJECT, pooled) is None
    assert refusal(replace(neighbour, region_code="330100"), SUBJECT, pooled).rule == "L-9"


def test_the_round_goes_to_the_eligible_reviewer_with_the_fewest_open_reviews():
    busy, free = replace(ALICE, open_reviews=3), replace(ALICE, person_no="R-2", open_reviews=1)
    unqualified = replace(ALICE, person_no="R-0", open_reviews=0, legal_qualification=False)
    assert balanced_pick([busy, free, unqualified], SUBJECT, POLICY) == free
    assert balanced_pick([busy, free], SUBJECT, POLICY, exclude="R-2") == busy
    assert balanced_pick([unqualified], SUBJECT, POLICY) is None
