"""The edge's answers to hostile or out-of-range input (issue 12 item 5), installed by create_service_app: bodies
above the size limit are 413 before anything reads them, and a date the holiday calendar cannot count is 422 naming
the field, never 500."""

import json
import re
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from platform_calendar import UnknownCalendarYear
from platform_calendar.supported_years import SUPPORTED_YEARS
from platform_http import BodyLimitMiddleware, BodyTooLarge, edge_problem
from platform_http.body_limit import RAW_BODY, too_large
from platform_settings import ServiceSettings

#: SUPPORTED_YEARS (platform_calendar.supported_years): request models refuse a date outside it field by field
#: (platform_events.wire.SupportedDate); this mapping is the safety net for a date that reaches the calendar anyway.
__all__ = ["SUPPORTED_YEARS", "install_input_guards"]
_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}")


def install_input_guards(app: FastAPI, settings: ServiceSettings) -> None:
    """Added after every middleware that reads the body (NulGuardMiddleware) so that it runs before them."""
    app.add_middleware(BodyLimitMiddleware, default_limit=settings.http.max_body_bytes, routes=lambda: app.routes)
    app.add_exception_handler(BodyTooLarge, _body_too_large)
    app.add_exception_handler(UnknownCalendarYear, _date_out_of_range)


async def _body_too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
    return too_large(exc.limit)


async def _date_out_of_range(request: Request, exc: UnknownCalendarYear) -> JSONResponse:
    """The calendar refused a year deep in a use case, before anything was committed: the request named a date
    the platform cannot count from. The fields holding a date in that year are named from the request itself."""
    first, last = SUPPORTED_YEARS[0], SUPPORTED_YEARS[-1]
    fields = sorted(set(_fields_in_year(request, exc.year))) or ["body"]
    message = (f"{exc.year} 年不在平台可计算期限的范围（{first}–{last} 年）内",
               f"{exc.year} is outside the years the platform counts deadlines in ({first}–{last})")
    return edge_problem("date-out-of-range", message, supported_years=f"{first}-{last}",
                        errors=[{"field": field, "message": message[1]} for field in fields])


def _fields_in_year(request: Request, year: int) -> Iterator[str]:
    for name, value in request.query_params.items():
        if (found := _DATE.match(value)) and int(found[1]) == year:
            yield name
    chunks = request.scope.get("state", {}).get(RAW_BODY) or []
    try:
        body = json.loads(b"".join(chunks)) if chunks else None
    except (ValueError, RecursionError):
        return
    yield from _walk(body, "", year)


def _walk(value: object, path: str, year: int) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key), year)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}.{index}" if path else str(index), year)
    elif isinstance(value, str) and (found := _DATE.match(value)) and int(found[1]) == year:
        yield path
