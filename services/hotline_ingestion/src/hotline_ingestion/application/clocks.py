"""The handling clock of an order, computed from policy and the statutory calendar, stored as data."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from hotline_ingestion.domain.sla import Clock, ClockUnit, Pause, SlaPolicy, clock_state, handling_due
from hotline_ingestion.domain.vocabulary import RequestType, Urgency
from platform_calendar import WorkCalendar


@dataclass(frozen=True)
class Clocks:
    policy: SlaPolicy  # the deployment's default (§10 hotline.handling_deadline_wd)
    calendar: WorkCalendar
    by_region: dict[str, SlaPolicy] = field(default_factory=dict)  # 行政区划 prefix (2/4/6 digits) → its policy

    def policy_for(self, region_code: str) -> SlaPolicy:
        """The most specific region's policy: county over city over province over the default (§10, H-3)."""
        for length in (6, 4, 2):
            if (policy := self.by_region.get(region_code[:length])) is not None:
                return policy
        return self.policy

    def handling(self, received_at: datetime, request_type: str, urgency: str, region_code: str,
                 extension_wd: int = 0, paused: Sequence[Pause] = ()) -> Clock:
        return handling_due(received_at, RequestType(request_type), Urgency(urgency), self.policy_for(region_code),
                            self.calendar, extension_wd=extension_wd, paused=paused)


def stored(clock: Clock, paused: Sequence[Pause] = ()) -> dict:
    """The clock as data; pauses are kept beside it so the due date can be re-derived (§11.1)."""
    return {"pauses": [[s.isoformat(), e.isoformat()] for s, e in paused],
            "started_at": clock.started_at.isoformat(), "unit": clock.unit.value, "length": clock.length,
            "due": clock.due.isoformat(),
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
    """running | due_soon | overdue | paused for a stored clock, by the domain's rule (no recomputation on read)."""
    if not saved:
        return None
    return "paused" if saved.get("paused_since") else clock_state(restored(saved), now).value
