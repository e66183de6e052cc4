"""The handling clock of an order as policy sets it: the region's SLA policy and the statutory calendar (H-3)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.domain.sla import Clock, Pause, SlaPolicy, handling_due
from hotline_ingestion.domain.vocabulary import RequestType, Urgency
from platform_calendar import WorkCalendar
from platform_db import clocks as shared


@dataclass(frozen=True)
class Clocks:
    policy: SlaPolicy  # the deployment's default (§10 hotline.handling_deadline_wd)
    calendar: WorkCalendar
    by_region: dict[str, SlaPolicy] = field(default_factory=dict)  # 行政区划 prefix (2 to 12 digits) → its policy

    def policy_for(self, region_code: str) -> SlaPolicy:
        """The most specific region's policy: township over county over city over province over the default
        (§10, H-3); an order's code has 6, 9 or 12 digits."""
        for length in (12, 9, 6, 4, 2):
            if (policy := self.by_region.get(region_code[:length])) is not None:
                return policy
        return self.policy

    def handling(self, received_at: datetime, request_type: str, urgency: str, region_code: str,
                 extension_wd: int = 0, paused: Sequence[Pause] = ()) -> Clock:
        return handling_due(received_at, RequestType(request_type), Urgency(urgency), self.policy_for(region_code),
                            self.calendar, extension_wd=extension_wd, paused=paused)


CLOCKS = shared.Clocks(t.clock)  # the shared clock table: one `handling` clock per order


def ref(work_order_id: str) -> shared.ClockRef:
    return shared.ClockRef("work_order", work_order_id, "handling")


def schedule(clock: Clock) -> shared.Schedule:
    """The domain's clock as the shared clock stores it: due at its expiry instant, approaching from warn_at."""
    return shared.Schedule(clock.expires_at, clock.warn_at, clock.due if type(clock.due) is date else None,
                    clock.provisional, clock.calendar_version, clock.rule_ids)
