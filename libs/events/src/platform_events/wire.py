"""The platform's wire types, one convention for every REST answer, webhook and event (README: Conventions):

- `Instant`: a moment, always written ISO 8601 in China Standard Time (`2026-12-03T13:08:00+08:00`), whatever
  zone it was stored or received in; naive times are refused on the way in.
- `RegionCode`: a 行政区划 code of 6 (county), 9 (township or street) or 12 (village or community) digits, as 12345
  platforms send them; `RegionPrefix` is what a filter takes (2, 4, 6, 9 or 12 digits: province down to village).
"""

from datetime import datetime, timedelta, timezone
from typing import Annotated

from pydantic import AwareDatetime, PlainSerializer, StringConstraints

CHINA_TIME = timezone(timedelta(hours=8), "CST")  # fixed +08:00 since 1991, no tzdata needed


def china_time(moment: datetime) -> str:
    """`moment` written in China Standard Time, to the second unless it carries a fraction."""
    local = moment.astimezone(CHINA_TIME)
    return local.isoformat(timespec="seconds" if not local.microsecond else "microseconds")


Instant = Annotated[AwareDatetime, PlainSerializer(china_time, return_type=str, when_used="json")]
RegionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}(\d{3}){0,2}$")]
RegionPrefix = Annotated[str, StringConstraints(pattern=r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")]

__all__ = ["CHINA_TIME", "Instant", "RegionCode", "RegionPrefix", "china_time"]
