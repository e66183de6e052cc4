"""The platform's wire types, one convention for every REST answer, webhook and event (README: Conventions):

- `Instant`: a moment, always written ISO 8601 in China Standard Time (`2026-12-03T13:08:00+08:00`), whatever
  zone it was stored or received in; naive times are refused on the way in.
- `SupportedDate`, `SupportedInstant`: a date or moment a request gives, refused (422 naming the field) when its year
  lies outside the years the holiday calendar counts in (platform_calendar.SUPPORTED_YEARS, 2004–2035).
- `CodedEnum`: stable codes that never change with the language, each with a Chinese and an English label.
- `RegionCode`: a 行政区划 code of 6 (county), 9 (township or street) or 12 (village or community) digits, as 12345
  platforms send them; `RegionPrefix` is what a filter takes (2, 4, 6, 9 or 12 digits: province down to village).
"""

from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
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


Instant = Annotated[AwareDatetime, PlainSerializer(china_time, return_type=str, when_used="json")]
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


SupportedDate = Annotated[date, AfterValidator(_supported_date), Field(json_schema_extra=_RANGE_NOTE)]
SupportedInstant = Annotated[Instant, AfterValidator(_supported_instant), Field(json_schema_extra=_RANGE_NOTE)]
RegionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}(\d{3}){0,2}$")]
RegionPrefix = Annotated[str, StringConstraints(pattern=r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")]

__all__ = ["CHINA_TIME", "CodedEnum", "Instant", "RegionCode", "RegionPrefix", "SupportedDate", "SupportedInstant",
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
