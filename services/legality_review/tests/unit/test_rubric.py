"""案卷评查 scoring, grading and sampling (policy 003 item 4): pure rules."""

import pytest
from pydantic import ValidationError

from legality_review.domain.policy import DEFAULT_RUBRIC, FileReviewPolicy
from legality_review.domain.rubric import Grade, grade
from legality_review.domain.sampling import draw
from platform_errors import InvalidInput

POLICY = FileReviewPolicy()


def test_the_default_rubric_has_the_seven_aspects_of_policy_003_and_totals_100():
    assert list(DEFAULT_RUBRIC) == ["卷宗装订", "卷宗材料", "执法程序", "事实认定", "证据采信", "适用法律", "执法效果"]
    assert sum(DEFAULT_RUBRIC.values()) == 100


@pytest.mark.parametrize(("lost", "expected"), [(0, Grade.excellent), (10, Grade.excellent), (11, Grade.passed),
                                                (40, Grade.passed), (41, Grade.failed)])
def test_the_grade_follows_the_total(lost, expected):
    scores, left = dict(DEFAULT_RUBRIC), lost
    for aspect, weight in DEFAULT_RUBRIC.items():  # points lost aspect by aspect
        taken = min(weight, left)
        scores[aspect], left = weight - taken, left - taken
    assert grade(scores, POLICY) == (100 - lost, expected)


def test_every_aspect_is_scored_within_its_weight():
    with pytest.raises(InvalidInput) as refused:
        grade(dict(DEFAULT_RUBRIC) | {"执法效果": 11, "装订": 1}, POLICY)
    assert {e.field for e in refused.value.errors} == {"scores.执法效果", "scores.装订"}


def test_a_locality_sets_its_own_rubric_and_thresholds_consistently():
    own = FileReviewPolicy(rubric={"程序": 50, "实体": 50}, excellent_from=85, pass_from=70)
    assert grade({"程序": 40, "实体": 40}, own) == (80, Grade.passed)
    with pytest.raises(ValidationError):
        FileReviewPolicy(rubric={"程序": 50}, excellent_from=90, pass_from=60)  # thresholds above the total


def test_the_draw_takes_submitted_then_changed_then_a_reproducible_random_sample():
    closed = [f"C{i}" for i in range(20)]
    chosen = draw(closed, {"C3", "C7"}, ["C7", "C9"], 4, seed=42)
    assert [(s.case_id, s.selection) for s in chosen[:3]] == [("C7", "选送"), ("C9", "选送"), ("C3", "重点评查")]
    randoms = [s.case_id for s in chosen if s.selection == "随机抽取"]
    assert len(randoms) == 4 and not {"C3", "C7", "C9"} & set(randoms)
    assert randoms == [s.case_id for s in draw(closed, {"C3", "C7"}, ["C7", "C9"], 4, seed=42)[3:]]
    assert len(draw(closed[:2], set(), [], 10, seed=1)) == 2  # never more than there are
