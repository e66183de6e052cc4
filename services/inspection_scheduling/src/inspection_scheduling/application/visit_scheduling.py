"""Scheduling visits, the one way a visit comes to be: every department's routine tasks for one enterprise whose
windows meet become one visit with a lead department (综合查一次, R-9), within the yearly caps (E-3, E-4) — 个案
inspections exempt but counted (E-4, H-13) — with a warning when the enterprise is visited again too soon (E-14).
A completed draw schedules its selection here in one call; a 个案 or single routine inspection does too.

Set-based: one call takes any number of enterprises with a handful of queries, whatever their number; concurrent
callers for one enterprise are serialised by a transaction-scoped advisory lock on its credit code."""

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import String, bindparam, func, insert, literal_column, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.adapters.visit_counts import COUNTED, year_counts
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.caps import (
    CASE_TRIGGERED,
    INSPECTION_TYPES,
    CapReached,
    YearCounts,
    cap_reached,
)
from platform_db import UnitOfWork
from platform_errors import FieldProblem, InvalidInput, NotFound
from platform_events.contracts import inspection_scheduling as ev

v = t.visit.c
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed by enterprises (E-10)


@dataclass(frozen=True)
class TaskRequest:
    department_code: str
    matter_code: str
    inspectors: tuple[str, ...] = ()
    draw_id: str | None = None
    plan_id: str | None = None
    stratum: str | None = None


@dataclass(frozen=True)
class VisitRequest:
    credit_code: str
    tasks: tuple[TaskRequest, ...]
    lead_department: str
    inspection_type: str  # 日常 | 专项 | 个案
    window_from: date
    window_to: date
    trigger: str | None = None  # 个案: what triggered it (E-4, H-13)
    trigger_ref: str | None = None


@dataclass(frozen=True)
class Scheduled:
    credit_code: str
    visit_id: str | None = None
    visit_code: str | None = None
    joined: bool = False  # the tasks joined a visit already scheduled (综合查一次)
    refused: CapReached | None = None  # a routine visit over a yearly cap (E-3 / E-4): nothing written


@dataclass
class _Pending:
    """What one call writes at its end: new visits and tasks in two statements, then the events."""

    visits: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    touched: dict[str, dict] = field(default_factory=dict)  # visit id → its row as it now is


def visit_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


async def schedule(uow: UnitOfWork, svc: Services, requests: Sequence[VisitRequest], actor: str) -> list[Scheduled]:
    """Schedule (or join) one visit per request, in order; a request over a cap is refused and writes nothing."""
    for r in requests:
        _check(r, svc)
    codes = sorted({r.credit_code for r in requests})
    s = uow.session
    await s.execute(select(func.pg_advisory_xact_lock(func.hashtext(literal_column("c"))))
                    .select_from(func.unnest(bindparam("codes", codes, ARRAY(String))).alias("c")))
    entities = {row.credit_code: row for row in
                await s.execute(select(t.entity).where(t.entity.c.credit_code.in_(codes)))}
    if missing := [c for c in codes if c not in entities]:
        raise NotFound((f"检查对象 {missing[0]} 不在名录库中", f"{missing[0]} is not in the object pool"))
    caps = await _caps(s, svc, {task.department_code for r in requests for task in r.tasks})
    counts = {year: await year_counts(s, year, codes) for year in {r.window_from.year for r in requests}}
    open_visits = await _open_visits(s, codes)
    pending, done = _Pending(), []
    for r in requests:
        done.append(_place(r, entities[r.credit_code], caps, counts[r.window_from.year]
                           .setdefault(r.credit_code, YearCounts()), open_visits, pending, svc, actor))
    await _write(s, pending, actor)
    await _announce(uow, svc, pending, counts, [r for r, d in zip(requests, done, strict=True) if not d.refused])
    return done


def _check(r: VisitRequest, svc: Services) -> None:
    problems = []
    if r.inspection_type not in INSPECTION_TYPES:
        problems.append(FieldProblem("inspection_type", f"one of {', '.join(INSPECTION_TYPES)} (E-14)"))
    if r.inspection_type == CASE_TRIGGERED and r.trigger not in svc.rules.cap_exempt_triggers:
        problems.append(FieldProblem("trigger", "a 个案 inspection names its trigger: one of "
                                     f"{', '.join(svc.rules.cap_exempt_triggers)} (E-4, H-13)"))
    if r.window_to < r.window_from or not r.tasks:
        problems.append(FieldProblem("window_to" if r.tasks else "tasks",
                                     "the window ends on or after it starts" if r.tasks else "at least one task"))
    if problems:
        raise InvalidInput(("检查无法安排", "the visit cannot be scheduled"), errors=problems)


async def _caps(s, svc: Services, departments: set[str]) -> dict:  # noqa: ANN001 - the unit of work's session
    d = t.department_copy.c
    sectors = dict((await s.execute(select(d.code, d.sector).where(d.code.in_(departments)))).all())
    return {dept: svc.rules.cap_of(sectors.get(dept)) for dept in departments}


async def _open_visits(s, codes: list[str]) -> dict[str, list[dict]]:  # noqa: ANN001 - the session
    rows = await s.execute(select(t.visit).where(v.credit_code.in_(codes), v.status.in_(("planned", "approved")),
                                                 v.inspection_type != CASE_TRIGGERED).with_for_update())
    found: dict[str, list[dict]] = {}
    for row in rows.mappings():
        found.setdefault(row["credit_code"], []).append(dict(row))
    return found


def _place(r: VisitRequest, entity, caps: dict, counts: YearCounts, open_visits: dict[str, list[dict]],  # noqa: ANN001
           pending: _Pending, svc: Services, actor: str) -> Scheduled:
    departments = {task.department_code for task in r.tasks}
    slack = timedelta(days=svc.rules.bundle_window_days)
    joinable = [x for x in open_visits.get(r.credit_code, []) if r.inspection_type != CASE_TRIGGERED
                and x["year"] == r.window_from.year and x["window_from"] - slack <= r.window_to
                and r.window_from <= x["window_to"] + slack]
    if joinable:
        visit = joinable[0]
        new = departments - set(visit["departments"])
        if refused := cap_reached(counts, new, {d: caps[d] for d in new}, joins_existing_visit=True):
            return Scheduled(r.credit_code, refused=refused)
        visit["departments"] = sorted({*visit["departments"], *new})
        _count(counts, new, combined=False)
    else:
        if r.inspection_type != CASE_TRIGGERED and (refused := cap_reached(
                counts, departments, {d: caps[d] for d in departments})):
            return Scheduled(r.credit_code, refused=refused)
        visit = _new_visit(r, entity, departments, actor)
        pending.visits.append(visit)
        if r.inspection_type == CASE_TRIGGERED:
            counts.case_triggered += 1
        else:
            open_visits.setdefault(r.credit_code, []).append(visit)
            _count(counts, departments, combined=True)
    pending.touched[visit["id"]] = visit
    pending.tasks += [{"id": str(uuid.uuid4()), "visit_id": visit["id"], "draw_id": task.draw_id,
                       "plan_id": task.plan_id, "department_code": task.department_code,
                       "matter_code": task.matter_code, "stratum": task.stratum, "inspectors": list(task.inspectors)}
                      for task in r.tasks]
    return Scheduled(r.credit_code, visit["id"], visit["visit_code"], joined=bool(joinable))


def _count(counts: YearCounts, departments: set[str], *, combined: bool) -> None:
    for department in departments:
        counts.by_agency[department] = counts.agency(department) + 1
    counts.combined += 1 if combined else 0


def _new_visit(r: VisitRequest, entity, departments: set[str], actor: str) -> dict:  # noqa: ANN001 - a row
    now = datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "visit_code": visit_code(), "credit_code": r.credit_code,
            "entity_name": entity.name, "region_code": entity.region_code, "lead_department": r.lead_department,
            "departments": sorted(departments | {r.lead_department}), "inspection_type": r.inspection_type,
            "trigger": r.trigger, "trigger_ref": r.trigger_ref, "window_from": r.window_from,
            "window_to": r.window_to, "status": "planned", "year": r.window_from.year, "created_at": now,
            "updated_at": now, "created_by": actor, "updated_by": actor, "_new": True}


async def _write(s, pending: _Pending, actor: str) -> None:  # noqa: ANN001 - the session
    if pending.visits:
        await s.execute(insert(t.visit), [{k: x for k, x in row.items() if k != "_new"} for row in pending.visits])
    for visit in pending.touched.values():
        if not visit.get("_new"):
            await s.execute(update(t.visit).where(v.id == visit["id"]).values(
                departments=visit["departments"], updated_at=datetime.now(UTC), updated_by=actor))
    if pending.tasks:
        await s.execute(insert(t.visit_task), pending.tasks)


async def _announce(uow: UnitOfWork, svc: Services, pending: _Pending, counts: dict[int, dict[str, YearCounts]],
                    placed: list[VisitRequest]) -> None:
    """VisitScheduled for each visit made or joined; FrequentVisitWarned for a new one too soon after another
    (E-14, `repeat_warning_days`)."""
    matters: dict[str, list[str]] = {}
    for task in pending.tasks:
        matters.setdefault(task["visit_id"], []).append(task["matter_code"])
    near = await _visit_days(uow.session, [x for x in pending.touched.values() if x.get("_new")], svc)
    for visit in pending.touched.values():
        year = counts[visit["year"]][visit["credit_code"]]
        common = dict(visit_id=visit["id"], visit_code=visit["visit_code"], credit_code=visit["credit_code"],
                      region_code=visit["region_code"], lead_department=visit["lead_department"],
                      departments=visit["departments"], inspection_type=visit["inspection_type"])
        uow.publish(ev.VisitScheduled(**common, entity_name=visit["entity_name"],
                                      matter_codes=sorted(set(matters.get(visit["id"], []))),
                                      window_from=visit["window_from"], window_to=visit["window_to"],
                                      trigger=visit["trigger"], year=visit["year"],
                                      counted_agency=year.agency(visit["lead_department"]),
                                      counted_combined=year.combined), subject=visit["credit_code"])
        if visit.get("_new") and (others := near.get(visit["id"], 0)):
            uow.publish(ev.FrequentVisitWarned(
                **common, reason=f"{others} other visit(s) within {svc.rules.repeat_warning_days} days",
                visits_in_period=others + 1, rule_ids=["E-14"]), subject=visit["credit_code"])


async def _visit_days(s, new: list[dict], svc: Services) -> dict[str, int]:  # noqa: ANN001 - the session
    """Per new visit, how many other visits of its enterprise fall within the repeat-warning period (E-14)."""
    if not new:
        return {}
    days = timedelta(days=svc.rules.repeat_warning_days)
    day = func.coalesce(v.visited_on, v.window_from)
    rows = (await s.execute(select(v.id, v.credit_code, day).where(
        v.credit_code.in_({x["credit_code"] for x in new}), v.status.in_(COUNTED),
        day >= min(x["window_from"] for x in new) - days, day <= max(x["window_from"] for x in new) + days))).all()
    return {x["id"]: sum(1 for other, code, on in rows if code == x["credit_code"] and other != x["id"]
                         and abs((on - x["window_from"]).days) <= days.days) for x in new}
