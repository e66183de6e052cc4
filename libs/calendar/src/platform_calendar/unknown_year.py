"""What happens when a deadline needs a year the holiday data does not cover."""

from typing import Literal

# "error": refuse (UnknownCalendarYear). "provisional": statutory holidays + weekends, flagged.
UnknownYearPolicy = Literal["error", "provisional"]


class UnknownCalendarYear(LookupError):
    """A day in `year` was needed but no holiday arrangement is known for it.

    Raised rather than guessing Monday–Friday, because a silently wrong working-day count
    makes a deadline (and the act it gates) unlawful.
    """

    def __init__(self, year: int, reason: str) -> None:
        super().__init__(f"no holiday calendar for {year}: {reason}")
        self.year = year
