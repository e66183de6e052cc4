"""The result of every deadline computation: the date plus what it was computed from."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DueDate:
    """A computed due date.

    `provisional` is True when any day consulted lies in a year whose holiday notice was not in the
    data (DOMAIN §1.2 "Unpublished year"); such a date must be recomputed when the data arrives.
    `calendar_version` identifies the holiday data (and regional overlay) used, so a stored
    deadline can be traced and recomputed. `rule_ids` name the counting rules applied.
    """

    due: date
    provisional: bool
    calendar_version: str
    rule_ids: tuple[str, ...]
