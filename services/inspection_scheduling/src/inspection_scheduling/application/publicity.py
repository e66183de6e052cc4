"""Results publicity (R-7): the clock a completed visit starts on the platform's shared clocks, the publication
of its redacted results — pushed through the HTTP outbox to the 公示系统 endpoint in the same transaction — and the
watcher's part: a breach signalled once per due date, recomputation when the holiday calendar changes."""

from datetime import UTC, date, datetime

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain import results
from platform_calendar import shanghai_date
from platform_db import Page, UnitOfWork, keyset_page
from platform_db.clocks import ClockRef, Clocks, Schedule
from platform_errors import InvalidTransition
from platform_events.contracts import inspection_scheduling as ev
from platform_logging import get_logger
from platform_messaging import webhooks

log = get_logger(__name__)
#: The endpoint name deliveries are staged under (settings `publicity`), and their type.
ENDPOINT = "publicity"
EVENT_TYPE = "inspection_results.published"
CLOCKS = Clocks(t.clock)
SUBJECT, KIND = "visit", "results"
v, vt, o, d = t.visit.c, t.visit_task.c, t.officer_copy.c, t.department_copy.c


def ref(visit_id: str) -> ClockRef:
    return ClockRef(SUBJECT, visit_id, KIND)


def schedule(svc: Services, visited_on: date) -> Schedule:
    """Rule R-7: due `results_deadline_wd` working days after the visit, on the statutory calendar."""
    due = results.results_due(visited_on, svc.calendar, svc.rules)
    return Schedule.from_due(due, results.warn_on(due.due, svc.calendar, svc.rules),
                             rule_ids=results.PUBLICITY_RULE_IDS)


def common(visit: Row | dict) -> dict:
    """The fields every visit event carries."""
    x = visit._mapping if isinstance(visit, Row) else visit
    return {"visit_id": x["id"], "visit_code": x["visit_code"], "credit_code": x["credit_code"],
            "region_code": x["region_code"], "lead_department": x["lead_department"],
            "departments": list(x["departments"]), "inspection_type": x["inspection_type"]}


async def publish(uow: UnitOfWork, visit: dict, actor: str) -> None:
    """Publish a done visit's results once (R-7): redacted (T-6, P-31), staged for the 公示系统 endpoint, the clock
    finished (met, or late past its due date), ResultsPublished with the late flag. The caller commits."""
    if visit["status"] != "done":
        raise InvalidTransition((f"检查尚未完成（{visit['status']}），结果不能公示",
                                 f"the visit is {visit['status']}: only a done visit's results are published"),
                                allowed=[], rule="R-7")
    if visit["results_published_at"] is not None:
        raise InvalidTransition(("检查结果已公示", "the results are already published"), allowed=[], rule="R-7")
    now = datetime.now(UTC)
    clock = await CLOCKS.read(uow, ref(visit["id"]))
    late = clock is not None and now >= clock["due_at"]
    body = results.publication(visit, await _tasks(uow, visit["id"]), await _inspectors(uow, visit),
                               await _department_names(uow, visit["departments"]), shanghai_date(now), late)
    await uow.session.execute(update(t.visit).where(v.id == visit["id"]).values(
        results_published_at=now, publication=body, updated_at=now, updated_by=actor))
    await CLOCKS.finish(uow, ref(visit["id"]), now)
    await webhooks.stage(uow, t.webhook_delivery, [webhooks.Webhook(ENDPOINT, visit["id"], EVENT_TYPE, body)])
    uow.publish(ev.ResultsPublished(**common(visit), published_on=shanghai_date(now), late=late),
                subject=visit["credit_code"])


async def _tasks(uow: UnitOfWork, visit_id: str) -> list[dict]:
    rows = await uow.session.execute(select(vt.department_code, vt.matter_code, vt.result, vt.finding)
                                     .where(vt.visit_id == visit_id))
    return [dict(x) for x in rows.mappings()]


async def _inspectors(uow: UnitOfWork, visit: dict) -> list[dict]:
    """The inspectors on the visit's on-site records, by name and certificate number (T-6)."""
    people = sorted({p for record in visit["onsite_record"] or [] for p in record["inspectors"]})
    rows = await uow.session.execute(select(o.name, o.certificate_no).where(o.person_no.in_(people))
                                     .order_by(o.person_no))
    return [dict(x) for x in rows.mappings()]


async def _department_names(uow: UnitOfWork, codes: list[str]) -> dict[str, str]:
    return dict((await uow.session.execute(select(d.code, d.name).where(d.code.in_(codes)))).all())


async def published(engine: AsyncEngine, *, credit_code: str | None, region_code: str | None, year: int | None,
                    limit: int, cursor: str | None) -> Page:
    """The published results (as published, redacted), newest publication first: what the public reads (R-7)."""
    stmt = select(v.id, v.results_published_at, v.publication).where(v.results_published_at.is_not(None))
    if credit_code is not None:
        stmt = stmt.where(v.credit_code == credit_code)
    if region_code is not None:
        stmt = stmt.where(v.region_code.startswith(region_code))
    if year is not None:
        stmt = stmt.where(v.year == year)
    found = await keyset_page(engine, stmt, [(v.results_published_at, True), (v.id, False)], limit=limit,
                              cursor=cursor)
    return Page([x["publication"] for x in found.items], found.next_cursor)


class PublicityClockRules:
    """platform_db.clock_watch.ClockRules for results-publicity clocks (R-7); clocks of other kinds are not its."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    async def _visit(self, uow: UnitOfWork, clock: Row) -> Row | None:
        if (clock.subject_type, clock.kind) != (SUBJECT, KIND):
            return None
        return (await uow.session.execute(select(t.visit).where(v.id == clock.subject_id))).first()

    async def approaching(self, uow: UnitOfWork, clock: Row) -> None:
        if (visit := await self._visit(uow, clock)) is not None:
            log.info("results_publicity_approaching", visit_id=visit.id, due_on=str(clock.due_on), rule_id="R-7")

    async def breached(self, uow: UnitOfWork, clock: Row) -> None:
        """Signalled once per due date: the watcher marks the clock breached before calling this."""
        if (visit := await self._visit(uow, clock)) is not None:
            uow.publish(ev.ResultsPublicityBreached(**common(visit), due_on=clock.due_on,
                                                    provisional=clock.provisional), subject=visit.credit_code)

    async def reschedule(self, uow: UnitOfWork, clock: Row) -> Schedule | None:
        visit = await self._visit(uow, clock)
        return schedule(self.svc, visit.visited_on) if visit is not None and visit.visited_on else None

    async def changed(self, uow: UnitOfWork, clock: Row, new: Schedule) -> None:
        """The clock row's history keeps the move; VisitCompleted's publish_by is what subscribers were told."""
        log.info("results_publicity_due_moved", visit_id=clock.subject_id, due_on=str(new.due_on),
                 previous_due_on=str(clock.due_on), rule_id="R-7")

    async def sweep(self, uow: UnitOfWork, now: datetime) -> int:
        return 0
