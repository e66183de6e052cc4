"""Yearly inspection caps per enterprise (E-3 per agency, E-4 all agencies together) and what counts towards them.

What counts: one visit is one entry into the enterprise. A joint visit (综合查一次) counts once towards the combined
cap and once for each agency taking part, however many matters each checks — that is the point of joining them.
Routine inspections (日常, 专项) are capped; 个案 inspections (a 12345 lead, a complaint, a referral, a rectification
check … E-4, H-13) are never refused but are recorded and counted, so the counts shown are what the enterprise lived.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from inspection_scheduling.domain.policy import AnnualCap

ROUTINE = ("日常", "专项")
CASE_TRIGGERED = "个案"
INSPECTION_TYPES = (*ROUTINE, CASE_TRIGGERED)


@dataclass
class YearCounts:
    """One enterprise's visits of one year: routine ones per agency and combined, and 个案 ones."""

    by_agency: dict[str, int] = field(default_factory=dict)
    combined: int = 0
    case_triggered: int = 0

    def agency(self, department: str) -> int:
        return self.by_agency.get(department, 0)


@dataclass(frozen=True)
class CapReached:
    rule: str  # E-3 (one agency's cap) or E-4 (the combined cap)
    department: str | None
    used: int
    cap: int

    @property
    def detail(self) -> str:
        who = f"{self.department} " if self.department else "all agencies "
        return f"{who}already inspected it {self.used} time(s) this year (cap {self.cap})"


def cap_reached(counts: YearCounts, departments: Iterable[str], caps: dict[str, AnnualCap],
                joins_existing_visit: bool = False) -> CapReached | None:
    """The first cap one more routine visit by `departments` would pass, or None (E-3, E-4).

    `caps` gives each department's cap (its sector's). Joining a visit already counted adds no entry to the
    combined count, only the departments not yet in it (the caller passes just those)."""
    for department in sorted(departments):
        cap = caps[department]
        if counts.agency(department) >= cap.agency:
            return CapReached("E-3", department, counts.agency(department), cap.agency)
    if not joins_existing_visit and caps:
        combined = min(cap.combined for cap in caps.values())
        if counts.combined >= combined:
            return CapReached("E-4", None, counts.combined, combined)
    return None
