"""The result of every deadline computation: the date plus what it was computed from."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


class Count(NamedTuple):
    """How a due date was counted, so it can be counted again with newer holiday data (`WorkCalendar.recount`)."""

    method: str  # add_working_days | subtract_working_days | add_calendar_days | add_months
    start: date  # the trigger (or the anchor of a backward clock)
    n: int
    civil_counting: bool = True

    def as_json(self) -> dict:
        return {"method": self.method, "start": self.start.isoformat(), "n": self.n,
                "civil_counting": self.civil_counting}

    @classmethod
    def from_json(cls, data: dict) -> "Count":
        return cls(data["method"], date.fromisoformat(data["start"]), int(data["n"]), bool(data["civil_counting"]))


@dataclass(frozen=True, slots=True)
class DueDate:
    """A computed due date.

    `provisional` is True when any day consulted lies in a year whose holiday notice was not in the
    data (DOMAIN §1.2 "Unpublished year"); such a date must be recomputed when the data arrives.
    `calendar_version` identifies the holiday data (and regional overlay) used, so a stored
    deadline can be traced and recomputed. `rule_ids` name the counting rules applied. `count` says how it was
    counted (not part of equality): store it with the deadline and `WorkCalendar.recount` it later.
    """

    due: date
    provisional: bool
    calendar_version: str
    rule_ids: tuple[str, ...]
    count: Count | None = field(default=None, compare=False)
