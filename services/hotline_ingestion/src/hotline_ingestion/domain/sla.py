"""How long a 12345 order may take: a handling clock in working days or hours, with pauses and extensions (H-3)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

from hotline_ingestion.domain.vocabulary import RequestType, Urgency
from platform_calendar import WorkCalendar, shanghai_date
from platform_events import CodedEnum

# Fixed UTC+8 equals Asia/Shanghai for every date handled (no DST since 1991), as in platform_calendar.
SHANGHAI = timezone(timedelta(hours=8), "CST")
DEFAULT_HANDLING_WD = 5  # rule H-7 (Weifang art. 20), the §10 default of hotline.handling_deadline_wd
# rule H-11: another locality's per-type limits; opt in with SlaPolicy.h11_example()
H11_HANDLING_WD = {
    RequestType.consultation: 3,
    RequestType.help: 3,
    RequestType.complaint: 13,
    RequestType.suggestion: 13,
}
DEFAULT_URGENT_HOURS = {Urgency.urgent: 24, Urgency.very_urgent: 2}  # rule H-3: no national number, open


class ClockUnit(CodedEnum):
    working_days = "WD", "工作日", "working days"
    hours = "hour", "小时", "hours"


class ClockState(CodedEnum):
    running = "running", "计时中"
    due_soon = "due_soon", "即将到期"
    overdue = "overdue", "已超期"


class SlaPolicy(BaseModel):
    """hotline.handling_deadline_wd by type and urgency (§10); the caller picks the region/sector scope."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    handling_wd: PositiveInt = DEFAULT_HANDLING_WD  # rule H-7, for types not in handling_wd_by_type
    handling_wd_by_type: dict[RequestType, PositiveInt] = Field(default_factory=dict)  # rule H-11 shape
    hours_by_urgency: dict[Urgency, PositiveInt] = Field(default_factory=lambda: dict(DEFAULT_URGENT_HOURS))
    due_soon_fraction: float = Field(0.8, gt=0, lt=1)  # §11.1 due_soon signal: 80 % of the time elapsed
    due_soon_wd_left: int = Field(1, ge=0)  # … or the last N working days begun (0 = fraction only)

    @classmethod
    def h11_example(cls) -> "SlaPolicy":
        """The H-11 local example: 咨询/求助 3 WD, 投诉/建议 13 WD, other types the H-7 default."""
        return cls(handling_wd_by_type=H11_HANDLING_WD)


@dataclass(frozen=True)
class Clock:
    started_at: datetime
    unit: ClockUnit
    length: int  # as configured, before extensions and pauses
    due: date | datetime  # last working day (WD) or the exact instant (hours)
    expires_at: datetime  # in time up to and including this instant (24:00 of the due day for WD)
    warn_at: datetime  # due_soon from this instant
    rule_ids: tuple[str, ...]
    calendar_version: str | None = None
    provisional: bool = False


Pause = tuple[datetime, datetime]


def handling_due(received_at: datetime, request_type: RequestType, urgency: Urgency, policy: SlaPolicy,
                 calendar: WorkCalendar, extension_wd: int = 0, paused: Sequence[Pause] = ()) -> Clock:
    """The handling clock the policy sets for this type and urgency (H-3, H-7, H-11)."""
    shanghai_date(received_at)  # refuses a naive datetime before any arithmetic
    _check_pauses(paused)
    if extension_wd < 0:
        raise ValueError(f"an extension cannot be negative, got {extension_wd}")
    hours = policy.hours_by_urgency.get(urgency)
    if hours is not None:
        return _hours_clock(received_at, hours, policy, calendar, extension_wd, paused)
    if request_type in policy.handling_wd_by_type:
        length, rules = policy.handling_wd_by_type[request_type], ("H-3", "H-11")
    else:
        length, rules = policy.handling_wd, ("H-3", "H-7")
    return _wd_clock(received_at, length, rules, policy, calendar, extension_wd, paused)


def clock_state(clock: Clock, now: datetime) -> ClockState:
    """running, due_soon or overdue: the §11.1 signals that raise reminders and 督办 (H-10)."""
    if now > clock.expires_at:
        return ClockState.overdue
    if now >= clock.warn_at:
        return ClockState.due_soon
    return ClockState.running


def _wd_clock(received_at: datetime, length: int, rules: tuple[str, ...], policy: SlaPolicy,
              calendar: WorkCalendar, extension_wd: int, paused: Sequence[Pause]) -> Clock:
    """Day 1 is the first working day after receipt (G-1); pauses add the working days they covered."""
    paused_wd = sum(calendar.working_days_between(shanghai_date(s), shanghai_date(e)) for s, e in paused)
    due = calendar.add_working_days(shanghai_date(received_at), length + extension_wd + paused_wd)
    expires_at = _start_of(due.due + timedelta(days=1))
    warn_at = _fraction_point(received_at, expires_at, policy.due_soon_fraction)
    if policy.due_soon_wd_left:
        last_days = calendar.subtract_working_days(due.due, policy.due_soon_wd_left).due + timedelta(days=1)
        warn_at = min(warn_at, _start_of(last_days))
    return Clock(received_at, ClockUnit.working_days, length, due.due, expires_at, warn_at,
                 rules + due.rule_ids, due.calendar_version, due.provisional)


def _hours_clock(received_at: datetime, hours: int, policy: SlaPolicy, calendar: WorkCalendar,
                 extension_wd: int, paused: Sequence[Pause]) -> Clock:
    """Hours are absolute elapsed time (§1.1): holidays do not stop them, pauses add their length."""
    due = received_at + timedelta(hours=hours) + sum((e - s for s, e in paused), timedelta())
    version, provisional, rules = None, False, ("H-3",)
    if extension_wd:  # an approved extension moves the instant by working days, same time of day (H-7)
        moved = calendar.add_working_days(shanghai_date(due), extension_wd)
        due += timedelta(days=(moved.due - shanghai_date(due)).days)
        version, provisional, rules = moved.calendar_version, moved.provisional, ("H-3", "H-7") + moved.rule_ids
    warn_at = _fraction_point(received_at, due, policy.due_soon_fraction)
    return Clock(received_at, ClockUnit.hours, hours, due, due, warn_at, rules, version, provisional)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def _fraction_point(start: datetime, end: datetime, fraction: float) -> datetime:
    return start + (end - start) * fraction


def _check_pauses(paused: Sequence[Pause]) -> None:
    """Pauses are stored intervals (§11.1); an inverted or naive one is a caller bug."""
    for start, end in paused:
        shanghai_date(start), shanghai_date(end)
        if end < start:
            raise ValueError(f"a pause ends before it starts: {start} > {end}")
