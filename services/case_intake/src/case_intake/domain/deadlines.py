"""Every clock of a case as a rule: start, length, unit, pauses and extensions, computed on the statutory calendar.

A due date is derived, never edited (DOMAIN §11.1): pauses are stored intervals, extensions approvals; both move
it. Working-day periods skip paused working days, calendar-day periods paused calendar days.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from case_intake.domain.errors import RuleViolation
from case_intake.domain.model import Extension, Pause
from case_intake.domain.policy import CasePolicy
from platform_calendar import DueDate, WorkCalendar

HEARING_REQUEST_WD = 5  # rule P-17: "5 日" are working days (G-1)
HEARING_NOTICE_WD = 7  # rule P-17: time and place announced 7 days before the hearing
SERVICE_WD = 7  # rule P-22: an absent party is served within 7 days
PUBLIC_NOTICE_CD = 30  # rule P-23: 公告送达 is complete 30 days after issue
PAYMENT_CD = 15  # rule P-24 (G-2: calendar days)


@dataclass(frozen=True)
class Clock:
    due: DueDate
    rule_ids: tuple[str, ...]
    paused: bool = False  # an open pause: the due date moves on by the day until it ends


def _intervals(pauses: Iterable[Pause], kinds: Sequence[str], as_of: date) -> list[tuple[date, date]]:
    """Merged [start, end] intervals of the pauses that count for this clock; an open one runs to `as_of`."""
    spans = sorted((p.started_on, p.ended_on or as_of) for p in pauses if p.kind in kinds)
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _paused_days(spans: list[tuple[date, date]], calendar: WorkCalendar, *, working: bool) -> int:
    if working:
        return sum(calendar.working_days_between(start - timedelta(days=1), end) for start, end in spans)
    return sum((end - start).days + 1 for start, end in spans)


def _extension_days(extensions: Iterable[Extension], clock: str) -> int:
    return sum(e.days for e in extensions if e.clock == clock)


def filing_due(received_on: date, calendar: WorkCalendar, policy: CasePolicy, *, pauses: Iterable[Pause] = (),
               extensions: Iterable[Extension] = (), as_of: date) -> Clock:
    """Rule S-1: 立案 decided within 15 WD of receipt, +15 WD once with approval; testing and appraisal excluded."""
    pauses = list(pauses)
    spans = _intervals(pauses, policy.filing_clock_pauses, as_of)
    days = policy.filing_deadline_wd + _extension_days(extensions, "filing") + _paused_days(
        spans, calendar, working=True)
    return Clock(calendar.add_working_days(received_on, days), ("S-1", "G-1"), _open(pauses, policy.filing_clock_pauses))


def decision_due(filed_on: date, calendar: WorkCalendar, policy: CasePolicy, *, pauses: Iterable[Pause] = (),
                 extensions: Iterable[Extension] = (), as_of: date) -> Clock:
    """Rules P-20, S-4: 90 days after 立案 (G-2: calendar days), extended with approval; paused periods excluded."""
    pauses = list(pauses)
    spans = _intervals(pauses, policy.decision_clock_pauses, as_of)
    days = policy.decision_deadline_cd + _extension_days(extensions, "decision") + _paused_days(
        spans, calendar, working=False)
    due = calendar.add_calendar_days(filed_on, days, civil_counting=policy.civil_counting)
    return Clock(due, ("P-20", "S-4", "G-2", *due.rule_ids), _open(pauses, policy.decision_clock_pauses))


def _open(pauses: Iterable[Pause], kinds: Sequence[str]) -> bool:
    return any(p.ended_on is None and p.kind in kinds for p in pauses)


def check_extension(extensions: Sequence[Extension], new: Extension, policy: CasePolicy) -> None:
    """S-1: the filing clock is extended once by at most 15 WD. S-4: the decision clock once by at most 30 days
    with approval; any further extension only by 集体讨论 with a set period."""
    earlier = [e for e in extensions if e.clock == new.clock]
    if new.clock == "filing":
        if earlier:
            raise RuleViolation(("立案期限已经延长过一次", "the filing clock has been extended once already"), rule="S-1")
        if new.days > policy.filing_extension_wd:
            raise RuleViolation((f"立案期限最多延长 {policy.filing_extension_wd} 个工作日",
                                 f"the filing clock is extended by at most {policy.filing_extension_wd} working days"),
                                rule="S-1")
        return
    if new.clock != "decision":
        raise RuleViolation((f"未规定 {new.clock} 期限可以延长", f"no extension is provided for the {new.clock} clock"),
                            rule="S-4")
    if earlier and not new.collective_discussion:
        raise RuleViolation(("作出决定期限再次延长须经集体讨论决定，并确定延长的期限",
                             "a further extension of the decision clock needs 集体讨论 with a set period"), rule="S-4")
    if not earlier and not new.collective_discussion and new.days > policy.decision_extension_cd:
        raise RuleViolation((f"经批准的延长最多 {policy.decision_extension_cd} 日；更长的须经集体讨论",
                             f"an approved extension adds at most {policy.decision_extension_cd} days; longer "
                             "needs 集体讨论"), rule="S-4")


def statement_due(notified_on: date, calendar: WorkCalendar, policy: CasePolicy) -> DueDate:
    """Rule P-14: the party states its case and defends itself within the window the 告知 names."""
    return calendar.add_working_days(notified_on, policy.statement_window_wd)


def hearing_request_due(notified_on: date, calendar: WorkCalendar) -> DueDate:
    """Rule P-17: a hearing is requested within 5 days (working days, G-1) of the notice."""
    return calendar.add_working_days(notified_on, HEARING_REQUEST_WD)


def hearing_notice_latest(hearing_on: date, calendar: WorkCalendar) -> DueDate:
    """Rule P-17 (a backward clock): the party is told time and place at least 7 days before the hearing."""
    return calendar.subtract_working_days(hearing_on, HEARING_NOTICE_WD)


def service_due(decided_on: date, calendar: WorkCalendar) -> DueDate:
    """Rule P-22: a decision not handed over on announcement is served within 7 days."""
    return calendar.add_working_days(decided_on, SERVICE_WD)


def public_notice_served_on(issued_on: date) -> date:
    """Rule P-23: service by public notice is complete 30 days after issue (a deemed date: no G-6 roll)."""
    return issued_on + timedelta(days=PUBLIC_NOTICE_CD)


def payment_due(served_on: date, calendar: WorkCalendar, policy: CasePolicy) -> DueDate:
    """Rule P-24: the fine is paid within 15 days of receiving the decision (G-2 calendar days, G-6 roll)."""
    return calendar.add_calendar_days(served_on, PAYMENT_CD, civil_counting=policy.civil_counting)


def simple_filing_due(decided_on: date, calendar: WorkCalendar, policy: CasePolicy) -> DueDate:
    """Rule P-7: an on-the-spot decision is filed (备案) with the agency."""
    return calendar.add_working_days(decided_on, policy.simple_filing_deadline_wd)
