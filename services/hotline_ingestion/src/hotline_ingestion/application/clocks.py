"""The handling clock of an order, computed from policy and the statutory calendar, stored as data."""

from dataclasses import dataclass
from datetime import date, datetime

from hotline_ingestion.domain.sla import Clock, ClockUnit, SlaPolicy, clock_state, handling_due
from hotline_ingestion.domain.vocabulary import RequestType, Urgency
from platform_calendar import WorkCalendar


@dataclass(frozen=True)
class Clocks:
    policy: SlaPolicy
    calendar: WorkCalendar

    def handling(self, received_at: datetime, request_type: str, urgency: str, extension_wd: int = 0) -> Clock:
        return handling_due(received_at, RequestType(request_type), Urgency(urgency), self.policy, self.calendar,
                            extension_wd=extension_wd)


def stored(clock: Clock) -> dict:
    return {"started_at": clock.started_at.isoformat(), "unit": clock.unit.value, "length": clock.length, "due": clock.due.isoformat(),
            "expires_at": clock.expires_at.isoformat(), "warn_at": clock.warn_at.isoformat(),
            "rule_ids": list(clock.rule_ids), "calendar_version": clock.calendar_version,
            "provisional": clock.provisional}


def restored(saved: dict) -> Clock:
    due = saved["due"]
    return Clock(
        started_at=datetime.fromisoformat(saved["started_at"]), unit=ClockUnit(saved["unit"]), length=saved["length"],
        due=datetime.fromisoformat(due) if "T" in due else date.fromisoformat(due),
        expires_at=datetime.fromisoformat(saved["expires_at"]), warn_at=datetime.fromisoformat(saved["warn_at"]),
        rule_ids=tuple(saved["rule_ids"]), calendar_version=saved["calendar_version"], provisional=saved["provisional"],
    )


def state_now(saved: dict | None, now: datetime) -> str | None:
    """running | due_soon | overdue for a stored clock, by the domain's own rule (no recomputation on read)."""
    return clock_state(restored(saved), now).value if saved else None
