"""The limitation period (P-5): no penalty for a violation not discovered within 2 years (5 with safety harm)."""

from dataclasses import dataclass
from datetime import date

from platform_calendar import WorkCalendar

LIMITATION_YEARS = 2  # rule P-5 (《行政处罚法》art. 36 ¶1)
SAFETY_LIMITATION_YEARS = 5  # rule P-5: life, health or financial safety involved and harm occurred


@dataclass(frozen=True)
class Limitation:
    ends_on: date
    years: int
    expired: bool


def limitation(act_date: date, discovered_on: date, *, safety_harm: bool, calendar: WorkCalendar,
               civil_counting: bool = True) -> Limitation:
    """Counted from the act, or from the end of a continuing act (`act_date`), to its discovery."""
    years = SAFETY_LIMITATION_YEARS if safety_harm else LIMITATION_YEARS
    ends_on = calendar.add_months(act_date, 12 * years, civil_counting=civil_counting).due  # rules G-5, G-6
    return Limitation(ends_on, years, discovered_on > ends_on)
