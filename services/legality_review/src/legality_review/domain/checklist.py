"""The nine checks of 法制审核 (L-4) and the outcome they allow (L-7).

A reviewer answers every check with pass or a problem (and says what the problem is). 同意 is open only when all
nine pass; 不同意 and 建议修改后提交 must name at least one problem, so a refusal always says why. Which of the two
follows a problem is the reviewer's conclusion, not the platform's.
"""

from typing import Literal

from pydantic import BaseModel, Field

from platform_errors import FieldProblem, InvalidInput, RuleViolation
from platform_events import CodedEnum


class Check(CodedEnum):
    subject = "subject_lawful", "① 执法主体是否合法"
    officers = "officers_qualified", "② 执法人员是否具备执法资格"
    procedure = "procedure_lawful", "③ 执法程序是否合法"
    facts = "facts_and_evidence", "④ 案件事实是否清楚，证据是否合法充分"
    law = "law_and_benchmark", "⑤ 适用法律、法规、规章是否准确，裁量基准运用是否适当"
    authority = "within_authority", "⑥ 执法是否超越执法机关法定权限"
    documents = "documents_complete", "⑦ 行政执法文书是否完备、规范"
    rights = "party_rights_protected", "⑧ 当事人陈述申辩、听证等权利是否得到保障"
    crime = "crime_transferred", "⑨ 违法行为是否涉嫌犯罪、需要移送司法机关"


LABELS: dict[Check, str] = {check: check.label for check in Check}  # L-4: the nine 审核事项 as written


class Outcome(CodedEnum):
    """L-7."""

    approve = "同意"
    reject = "不同意"
    revise = "建议修改后提交"


class CheckResult(BaseModel):
    check: Check = Field(description="审核事项 (L-4)")
    result: Literal["pass", "problem"] = Field(description="通过 / 存在问题")
    note: str = Field("", max_length=2000, description="问题及修改意见")


def conclude(results: list[CheckResult], outcome: Outcome, opinion: str) -> list[dict]:
    """The checked items as recorded and sent with the outcome event; refuses an incomplete or inconsistent one."""
    problems = _completeness(results)
    if problems:
        raise InvalidInput(("九项审核事项须逐项作答，每项只答一次",
                            "every one of the nine checks is answered exactly once"), rule="L-4", errors=problems)
    failed = [r for r in results if r.result == "problem"]
    if outcome is Outcome.approve and failed:
        raise RuleViolation((f"作出同意结论须九项审核事项全部通过，{'、'.join(r.check.value for r in failed)} 存在问题",
                             f"同意 needs all nine checks passed; {', '.join(r.check.value for r in failed)} "
                             "found a problem"), rule="L-7",
                            errors=[FieldProblem(f"items.{r.check.value}", "a problem rules out 同意") for r in failed])
    if outcome is not Outcome.approve and not failed:
        raise RuleViolation((f"{outcome.value}结论须指明存在问题的审核事项，但九项均已通过",
                             f"{outcome.value} names the check that failed: all nine passed"), rule="L-7",
                            errors=[FieldProblem("outcome", "with every check passed the conclusion is 同意")])
    if outcome is not Outcome.approve and not opinion.strip():
        raise InvalidInput(("作出不同意或建议修改后提交结论的，须载明审核意见",
                            "a 不同意 or 建议修改后提交 conclusion carries the review opinion"), rule="L-7",
                           errors=[FieldProblem("opinion", "required unless the outcome is 同意")])
    order = list(Check)
    return [{"check": r.check.value, "label": LABELS[r.check], "result": r.result, "note": r.note}
            for r in sorted(results, key=lambda r: order.index(r.check))]


def _completeness(results: list[CheckResult]) -> list[FieldProblem]:
    given = [r.check for r in results]
    problems = [FieldProblem("items", f"{c.value} ({LABELS[c]}) is not answered") for c in Check if c not in given]
    problems += [FieldProblem("items", f"{c.value} is answered more than once")
                 for c in dict.fromkeys(given) if given.count(c) > 1]
    problems += [FieldProblem(f"items.{r.check.value}.note", "a problem says what it is")
                 for r in results if r.result == "problem" and not r.note.strip()]
    return problems
