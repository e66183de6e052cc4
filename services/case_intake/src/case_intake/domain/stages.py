"""Which step may follow which (《行政处罚法》's general procedure and the simple procedure's short path).

A refused step names what is missing: the step the case has to go through first, and every step allowed now.
"""


from case_intake.domain.errors import InvalidTransition
from case_intake.domain.model import Case
from case_intake.domain.vocabulary import Procedure, Stage
from platform_events import CodedEnum

S = Stage


class Step(CodedEnum):
    assign = "指派执法人员"
    recuse = "回避"
    collect_evidence = "调查取证"
    notify = "告知"
    statement = "陈述申辩"
    hearing = "听证"
    request_review = "申请法制审核"
    review_outcome = "法制审核结论"
    discuss = "集体讨论"
    decide = "作出决定"
    serve = "送达"
    pay = "缴纳罚款"
    close = "结案"
    transfer = "移送司法机关"
    pause_clock = "中止计时"
    extend = "延长期限"
    change_decision = "变更或撤销决定"
    file_simple = "当场处罚备案"
    publicize = "公示"
    withdraw_publicity = "撤下公示"
    credit_repair = "信用修复"
    flexible_measure = "柔性执法措施"


#: step -> the stages it may be taken at (general procedure)
GENERAL: dict[Step, frozenset[Stage]] = {
    Step.assign: frozenset({S.filed, S.investigating, S.notified, S.under_review}),
    Step.recuse: frozenset({S.filed, S.investigating, S.notified, S.under_review}),
    Step.collect_evidence: frozenset({S.filed, S.investigating}),
    Step.notify: frozenset({S.investigating, S.notified, S.under_review}),  # again after P-15 or review changes
    Step.statement: frozenset({S.notified, S.under_review}),
    Step.hearing: frozenset({S.notified, S.under_review}),
    Step.request_review: frozenset({S.notified, S.under_review}),
    Step.review_outcome: frozenset({S.under_review}),
    Step.discuss: frozenset({S.investigating, S.notified, S.under_review}),
    Step.decide: frozenset({S.investigating, S.notified, S.under_review}),
    Step.serve: frozenset({S.decided}),
    Step.pay: frozenset({S.served, S.executing}),
    Step.close: frozenset({S.served, S.executing}),
    Step.transfer: frozenset({S.filed, S.investigating, S.notified, S.under_review}),
    Step.pause_clock: frozenset({S.filed, S.investigating, S.notified, S.under_review, S.served, S.executing}),
    Step.extend: frozenset({S.filed, S.investigating, S.notified, S.under_review}),
    Step.change_decision: frozenset({S.decided, S.served, S.executing, S.closed}),
    Step.publicize: frozenset({S.decided, S.served, S.executing, S.closed}),
    Step.withdraw_publicity: frozenset({S.decided, S.served, S.executing, S.closed}),
    Step.credit_repair: frozenset({S.decided, S.served, S.executing, S.closed}),
    Step.flexible_measure: frozenset(S),
}
SIMPLE: dict[Step, frozenset[Stage]] = {
    Step.file_simple: frozenset({S.served, S.executing}),
    Step.pay: frozenset({S.served, S.executing}),
    Step.close: frozenset({S.served, S.executing}),
    Step.pause_clock: frozenset({S.served, S.executing}),
    Step.change_decision: frozenset({S.served, S.executing, S.closed}),
    Step.flexible_measure: frozenset(S),
}
#: what a step needs done before it, when the stage alone does not say (the "missing step" of a refusal)
PREREQUISITE: dict[Step, Step] = {
    Step.notify: Step.collect_evidence,
    Step.statement: Step.notify,
    Step.hearing: Step.notify,
    Step.request_review: Step.notify,
    Step.serve: Step.decide,
    Step.pay: Step.serve,
    Step.close: Step.serve,
    Step.decide: Step.collect_evidence,
}
#: the rule that puts the prerequisite first, named when a step comes too early
PREREQUISITE_RULE: dict[Step, str] = {
    Step.notify: "P-14",  # the notice states the facts, grounds and evidence found
    Step.statement: "P-15",
    Step.hearing: "P-17",
    Step.request_review: "L-1",
    Step.serve: "P-22",
    Step.pay: "P-24",
    Step.close: "P-22",
    Step.decide: "P-18",  # a decision follows the investigation
}


def allowed(case: Case) -> list[str]:
    table = SIMPLE if case.procedure is Procedure.simple else GENERAL
    return [step.value for step, stages in table.items() if case.stage in stages]


def require(case: Case, step: Step) -> None:
    """Refuse a step the case's stage does not allow, naming what must come first (if it is early, not late)."""
    table = SIMPLE if case.procedure is Procedure.simple else GENERAL
    if case.stage in table.get(step, frozenset()):
        return
    missing = PREREQUISITE.get(step) if case.stage in _NOT_YET_SERVED else None
    chinese = f"{case.procedure.value}案件处于“{case.stage.value}”阶段，不能进行“{step.value}”"
    english = f"{step.value} is not allowed at stage {case.stage.value} ({case.procedure.value})"
    if missing is not None:
        chinese += f"；须先进行“{missing.value}”"
        english += f"; it needs {missing.value} first"
    raise InvalidTransition((chinese, english), rule=PREREQUISITE_RULE.get(step) if missing else None,
                            missing=missing.value if missing else None, allowed=allowed(case), stage=case.stage.value)


_NOT_YET_SERVED = frozenset({S.filed, S.investigating, S.notified, S.under_review, S.decided})
