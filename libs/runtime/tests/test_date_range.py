"""Issue 12 item 5: a date outside the years the calendar counts is 422 naming the field, never 500, and nothing is
written (schemathesis found `received_at` 2000-01-01 → 500)."""

from datetime import date

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel

from platform_calendar import WorkCalendar
from platform_runtime import create_service_app
from platform_runtime.hostile_input import SUPPORTED_YEARS
from platform_settings import ServiceSettings


class Review(BaseModel):
    title: str
    received_on: date


def _app(written: list[date]):
    router = APIRouter()
    calendar = WorkCalendar(unknown_year="provisional")

    @router.post("/reviews", status_code=201)
    async def receive(body: Review) -> dict:
        due = calendar.add_working_days(body.received_on, 10)  # the use case counts its deadline first
        written.append(body.received_on)
        return {"due": due.due.isoformat(), "provisional": due.provisional}

    @router.get("/reviews/due")
    async def due(received_on: date) -> dict:
        return {"due": calendar.add_working_days(received_on, 10).due.isoformat()}

    return create_service_app(ServiceSettings(service_name="demo"), lambda s: None, title="demo", description="d",
                              routers=[router], publishes=[])


def test_the_supported_range_is_the_published_data_to_the_last_computable_lunar_year():
    assert (SUPPORTED_YEARS[0], SUPPORTED_YEARS[-1]) == (2004, 2035)


@pytest.mark.parametrize("day", ["1900-01-01", "2000-01-01", "2200-01-01"])
async def test_a_date_the_calendar_cannot_count_is_a_422_naming_the_field_and_nothing_is_written(day: str):
    written: list[date] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(written)), base_url="http://t") as c:
        answer = await c.post("/api/v1/reviews", json={"title": "审核", "received_on": day})
        english = await c.post("/api/v1/reviews", json={"title": "审核", "received_on": day},
                               headers={"Accept-Language": "en"})
        query = await c.get("/api/v1/reviews/due", params={"received_on": day})
    problem = answer.json()
    assert (answer.status_code, answer.headers["content-type"]) == (422, "application/problem+json")
    assert (problem["type"], problem["supported_years"]) == ("/problems/date-out-of-range", "2004-2035")
    assert [e["field"] for e in problem["errors"]] == ["received_on"]
    assert day[:4] in problem["detail"] and english.json()["title"] == "Date outside the supported range"
    assert (query.status_code, query.json()["errors"][0]["field"]) == (422, "received_on")
    assert written == []


async def test_a_date_in_a_year_without_a_notice_inside_the_range_is_counted_provisionally():
    written: list[date] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(written)), base_url="http://t") as c:
        answer = await c.post("/api/v1/reviews", json={"title": "审核", "received_on": "2030-03-04"})
    assert (answer.status_code, answer.json()["provisional"], written) == (201, True, [date(2030, 3, 4)])
