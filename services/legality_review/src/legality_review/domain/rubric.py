"""案卷评查 scoring (policy 003 item 4(2)): each aspect scored within its weight, the total graded 优秀/合格/不合格."""


from legality_review.domain.policy import FileReviewPolicy
from platform_errors import FieldProblem, InvalidInput
from platform_events import CodedEnum


class Grade(CodedEnum):
    excellent = "优秀"
    passed = "合格"
    failed = "不合格"


def grade(scores: dict[str, float], policy: FileReviewPolicy) -> tuple[float, Grade]:
    """The total and its grade; refuses a missing, unknown or out-of-range aspect, naming each."""
    problems = [FieldProblem(f"scores.{aspect}", "not scored") for aspect in policy.rubric if aspect not in scores]
    problems += [FieldProblem(f"scores.{aspect}", f"not an aspect of the rubric ({', '.join(policy.rubric)})")
                 for aspect in scores if aspect not in policy.rubric]
    problems += [FieldProblem(f"scores.{aspect}", f"between 0 and {policy.rubric[aspect]:g}")
                 for aspect, points in scores.items()
                 if aspect in policy.rubric and not 0 <= points <= policy.rubric[aspect]]
    if problems:
        raise InvalidInput(("评查标准的每一项均须在其分值范围内评分",
                            "every aspect of the rubric is scored within its weight"), errors=problems)
    total = round(sum(scores.values()), 2)
    if total >= policy.excellent_from:
        return total, Grade.excellent
    return total, Grade.passed if total >= policy.pass_from else Grade.failed
