"""The platform's wire types, one convention for every REST answer, webhook and event (README: Conventions):

- `Instant`: a moment, always written ISO 8601 in China Standard Time (`2026-12-03T13:08:00+08:00`), whatever
  zone it was stored or received in; naive times are refused on the way in.
- `Day`: a calendar date, ISO 8601 (`2026-12-03`). Neither it nor `Instant` takes a number as Unix time.
- `SupportedDate`, `SupportedInstant`: a date or moment a request gives, refused (422 naming the field) when its year
  lies outside the years the holiday calendar counts in (platform_calendar.SUPPORTED_YEARS, 2004–2035).
- `CodedEnum`: stable codes that never change with the language, each with a Chinese and an English label.
- `RegionCode`: a 行政区划 code of 6 (county), 9 (township or street) or 12 (village or community) digits, as 12345
  platforms send them; `RegionPrefix` is what a filter takes (2, 4, 6, 9 or 12 digits: province down to village).
"""

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from platform_calendar.supported_years import SUPPORTED_YEARS

CHINA_TIME = timezone(timedelta(hours=8), "CST")  # fixed +08:00 since 1991, no tzdata needed


def china_time(moment: datetime) -> str:
    """`moment` written in China Standard Time, to the second unless it carries a fraction."""
    local = moment.astimezone(CHINA_TIME)
    return local.isoformat(timespec="seconds" if not local.microsecond else "microseconds")


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _iso_text(value: object) -> object:
    """pydantic alone reads a number, or text that is one (`?received_to=0.5`), as Unix time: 1970, silently.
    A moment or a date on this platform's wire is ISO 8601 text, so a number is refused naming the field."""
    if (isinstance(value, int | float | Decimal) and not isinstance(value, bool)) or (
            isinstance(value, str | bytes) and _NUMBER.fullmatch(value if isinstance(value, str) else value.decode())):
        raise PydanticCustomError("iso_8601_required",
                                  "Input should be ISO 8601 text (2026-12-03 or 2026-12-03T13:08:00+08:00), not a number")
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_iso_text),
                    PlainSerializer(china_time, return_type=str, when_used="json")]
#: a calendar date, ISO 8601 (`2026-12-03`); a number is refused (pydantic alone would read it as Unix time)
Day = Annotated[date, BeforeValidator(_iso_text)]
_FIRST_YEAR, _LAST_YEAR = SUPPORTED_YEARS[0], SUPPORTED_YEARS[-1]
_RANGE_NOTE = {"x-supported-years": f"{_FIRST_YEAR}-{_LAST_YEAR}"}


def _year_supported(year: int) -> None:
    if year not in SUPPORTED_YEARS:
        raise PydanticCustomError(
            "date_out_of_range",
            "{year} is outside the years the platform counts deadlines in ({first}-{last})",
            {"year": year, "first": _FIRST_YEAR, "last": _LAST_YEAR},
        )


def _supported_date(day: date) -> date:
    _year_supported(day.year)
    return day


def _supported_instant(moment: datetime) -> datetime:
    _year_supported(moment.astimezone(CHINA_TIME).year)  # the year is China's: 2035-12-31T23:00Z is 2036
    return moment


SupportedDate = Annotated[Day, AfterValidator(_supported_date), Field(json_schema_extra=_RANGE_NOTE)]
SupportedInstant = Annotated[Instant, AfterValidator(_supported_instant), Field(json_schema_extra=_RANGE_NOTE)]
RegionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}(\d{3}){0,2}$")]
RegionPrefix = Annotated[str, StringConstraints(pattern=r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")]

__all__ = ["CHINA_TIME", "CodedEnum", "Day", "Instant", "RegionCode", "RegionPrefix", "SupportedDate", "SupportedInstant",
           "china_time"]


class CodedEnum(StrEnum):
    """An enumeration of stable codes, each with a Chinese and an English label: `valid = "valid", "有效", "valid"`.

    The code is what travels (never translated); the labels are what a screen shows, published in the JSON Schema
    as `x-enum-labels` so a client generated from OpenAPI or AsyncAPI has them. A member written with its code
    alone is labelled by it (a Chinese statutory term such as `受理` is its own Chinese label).
    """

    label: str
    label_en: str

    def __new__(cls, code: str, label: str | None = None, label_en: str | None = None) -> "CodedEnum":
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label or code
        member.label_en = label_en or (code if code.isascii() else "")
        return member

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core_schema))
        schema["x-enum-labels"] = {m.value: {"zh": m.label, "en": m.label_en or m.value} for m in cls}
        return schema
