"""The outbox as a ledger over REST: what a consumer reconciles against, and how lost events are sent again.

Every service serves these (platform_messaging.outbox_ledger, reconcile). `events:reconcile` is the scope of the
platform's own service clients: day digests and event ids carry no content, and republishing chosen ids can only
repeat deliveries every consumer deduplicates. Republishing a whole time range is an operator's act
(`outbox:republish`), written to the audit log like any change.
"""

from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, model_validator

from platform_db.audit import record_change
from platform_db.paging import decode_cursor, encode_cursor
from platform_errors import FieldProblem, InvalidInput
from platform_events.wire import SupportedDate, SupportedInstant
from platform_identity import Caller
from platform_logging import get_logger
from platform_messaging import metrics
from platform_messaging.outbox_ledger import (
    MAX_REPUBLISH_IDS,
    TIME_ZONE,
    day_digests,
    republish,
    sent_event_ids,
)
from platform_runtime.dependencies import RuntimeDep, require

log = get_logger(__name__)
_CHINA = ZoneInfo(TIME_ZONE)
#: The longest span one digest request covers.
MAX_DAYS = 31

EventTypes = Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]],
                       Query(min_length=1, max_length=50, description="ce_type of the events (repeat the parameter)")]


class DayDigestRead(BaseModel):
    day: date = Field(description="calendar day in Beijing time of the events' commit")
    count: int = Field(description="sent events of the asked types committed that day")
    sha256: str = Field(description="hex SHA-256 of the day's event ids in ascending order, joined by a newline")


class DayDigestPage(BaseModel):
    items: list[DayDigestRead]
    next_cursor: str | None = Field(None, description="always null: one answer covers the whole span")


class EventIdPage(BaseModel):
    items: list[str] = Field(description="event ids (ce_id), ascending")
    next_cursor: str | None


class RepublishIds(BaseModel):
    event_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=MAX_REPUBLISH_IDS, description="ce_id of each event to send again")


class RepublishRange(BaseModel):
    since: SupportedInstant = Field(description="events committed at or after this moment")
    until: SupportedInstant = Field(description="… and before this one")
    topic: str | None = Field(None, max_length=249, description="only this topic")
    event_types: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=50, description="only these ce_types")

    @model_validator(mode="after")
    def _ordered(self) -> "RepublishRange":
        if self.until <= self.since:
            raise ValueError("until must be later than since")
        return self


class Republished(BaseModel):
    republished: int = Field(description="sent rows marked to be sent again (ids no longer kept are not counted)")


def outbox_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/outbox/digests", response_model=DayDigestPage,
                summary="Per day, how many events of some types this service sent, and a hash over their ids")
    async def outbox_digests(runtime: RuntimeDep, caller: Annotated[Caller, require("events:reconcile")],
                             event_type: EventTypes, since: SupportedDate, until: SupportedDate) -> DayDigestPage:
        start, end = _day_span(since, until)
        digests = await day_digests(runtime.engine, runtime.outbox, event_types=event_type, since=start, until=end)
        return DayDigestPage(items=[DayDigestRead(**d.__dict__) for d in digests])

    @router.get("/outbox/event-ids", response_model=EventIdPage,
                summary="Ids of the events of some types this service sent on one day (ascending)")
    async def outbox_event_ids(runtime: RuntimeDep, caller: Annotated[Caller, require("events:reconcile")],
                               event_type: EventTypes, day: SupportedDate,
                               before: SupportedInstant | None = Query(
                                   None, description="only events committed before this moment"),
                               cursor: str | None = None,
                               limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> EventIdPage:
        start, end = _day_span(day, day)
        if before is not None:
            end = min(end, before)
        ids = await sent_event_ids(runtime.engine, runtime.outbox, event_types=event_type, since=start, until=end,
                                   after=decode_cursor(cursor), limit=limit + 1)
        more = len(ids) > limit
        return EventIdPage(items=ids[:limit], next_cursor=encode_cursor(ids[limit - 1]) if more else None)

    @router.post("/outbox/republish", response_model=Republished,
                 summary="Send chosen events again (a consumer that found them missing); duplicates are harmless")
    async def republish_events(runtime: RuntimeDep, caller: Annotated[Caller, require("events:reconcile")],
                               body: RepublishIds) -> Republished:
        count = await republish(runtime.engine, runtime.outbox, event_ids=body.event_ids)
        return _done(runtime.settings.service_name, caller, count, f"outbox: {len(body.event_ids)} event ids asked, {count} marked")

    @router.post("/outbox/republish-range", response_model=Republished,
                 summary="Send every event committed in a time range again (an operator, after a broker lost data)")
    async def republish_range(runtime: RuntimeDep, caller: Annotated[Caller, require("outbox:republish")],
                              body: RepublishRange) -> Republished:
        count = await republish(runtime.engine, runtime.outbox, since=body.since, until=body.until, topic=body.topic,
                                event_types=body.event_types)
        await record_change(runtime.engine, runtime.audit_log, f"outbox {body.since.isoformat()}/"
                            f"{body.until.isoformat()} topic={body.topic or '*'}", event_count=count)
        return _done(runtime.settings.service_name, caller, count, "outbox range")

    return router


def _done(service: str, caller: Caller, count: int, what: str) -> Republished:
    metrics.OUTBOX_REPUBLISHED.labels(service).inc(count)
    log.info("outbox_republished", rows=count, by=caller.actor, what=what)
    return Republished(republished=count)


def _day_span(first: date, last: date) -> tuple[datetime, datetime]:
    if last < first:
        raise InvalidInput(("until 不得早于 since", "until must not be before since"),
                           errors=[FieldProblem("until", "must not be before since")])
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput((f"一次最多 {MAX_DAYS} 天", f"at most {MAX_DAYS} days at once"),
                           errors=[FieldProblem("until", f"at most {MAX_DAYS} days after since")])
    return (datetime.combine(first, time(), _CHINA), datetime.combine(last + timedelta(days=1), time(), _CHINA))
