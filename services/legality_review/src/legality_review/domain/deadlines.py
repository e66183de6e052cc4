"""The review period as a rule (L-6): its length, its warning days and its approved extensions, counted on the
statutory calendar. No national deadline exists; the default follows market regulation's 10 working days (S-4)."""

from datetime import date

from legality_review.domain.policy import ReviewPolicy
from platform_calendar import DueDate, WorkCalendar
from platform_errors import FieldProblem, RuleViolation

RULE_IDS = ("L-6", "G-1")


def review_due(received_on: date, calendar: WorkCalendar, policy: ReviewPolicy, *, extended_wd: int = 0) -> DueDate:
    """Rule L-6: `review_deadline_wd` working days after receipt (day 1 the first working day after it, G-1), plus
    the approved extensions."""
    return calendar.add_working_days(received_on, policy.review_deadline_wd + extended_wd)


def warn_on(due: date, calendar: WorkCalendar, policy: ReviewPolicy) -> date:
    """The reviewer is reminded `warn_before_wd` working days before the due date (0: on the due date)."""
    n = policy.warn_before_wd
    return calendar.subtract_working_days(due, n).due if n else due


def check_extension(extended_wd: int, more_wd: int, policy: ReviewPolicy) -> int:
    """Rule L-6: approved extensions stay within `max_extension_wd` in all; returns the new total."""
    total = extended_wd + more_wd
    if total > policy.max_extension_wd:
        raise RuleViolation((f"延期合计 {total} 个工作日，超过上限 {policy.max_extension_wd} 个工作日",
                             f"extensions total {total} working days; at most {policy.max_extension_wd}"),
                            rule="L-6", errors=[FieldProblem("working_days", "beyond the allowed extension")])
    return total
