"""Checks every recorded act shares: its date is real (not in the future, not before the case began)."""

from datetime import date

from case_intake.domain.errors import InvalidInput
from case_intake.domain.model import Case
from platform_errors import FieldProblem


def check_date(on: date, *, today: date, not_before: date | None = None, field: str = "on") -> None:
    if on > today:
        raise InvalidInput((f"{field} {on} 晚于今日：执法行为应在发生后记录",
                            f"{field} {on} is in the future: an act is recorded when it has happened"),
                           errors=[FieldProblem(field, "after today (Asia/Shanghai)")])
    if not_before is not None and on < not_before:
        raise InvalidInput((f"{field} {on} 早于其前一环节的发生日期 {not_before}",
                            f"{field} {on} is before {not_before}, when the step it follows happened"),
                           errors=[FieldProblem(field, f"before {not_before}")])


def last_act_on(case: Case) -> date:
    """The latest date the case file records: a new act cannot be dated before it."""
    dates = [case.filed_on]
    dates += [e.collected_on for e in case.evidence]
    if case.notice:
        dates.append(case.notice.notified_on)
    if case.decision:
        dates.append(case.decision.decided_on)
    if case.service:
        dates.append(case.service.issued_on)
    return max(dates)
