"""Reads of visits, filtered in SQL by the caller's data scope (404 outside it, never 403): an agency sees the
visits its agencies take part in, a region-wide caller its region's. Also what the enterprise sees by its visit
code (E-10), the published results (R-7), an enterprise's yearly counts against the caps (E-3, E-4), and the
checks a visit request and a results record are held to before they are written."""

from datetime import UTC, datetime

from sqlalchemy import Text, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql import ColumnElement

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.adapters.data_scope import entity_visible
from inspection_scheduling.adapters.visit_counts import year_counts
from inspection_scheduling.application import publicity
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.caps import YearCounts
from platform_db import Page, keyset_page
from platform_db.clocks import shown, shown_columns
from platform_errors import Conflict, FieldProblem, InvalidInput, NotFound, NotPermitted
from platform_identity import Caller
from platform_identity.sql import in_region, within

v, vt, inv, o, d, m, c = (t.visit.c, t.visit_task.c, t.invitation.c, t.officer_copy.c, t.department_copy.c,
                          t.inspection_matter.c, t.clock.c)


def visible(caller: Caller) -> ColumnElement[bool]:
    """A visit of the caller's region (region-wide), or one a department of the caller's agencies takes part in."""
    if caller.region_wide:
        return within(caller, v.region_code)
    if not caller.agencies:
        return v.id.is_(None)
    return in_region(caller, v.region_code) & v.departments.has_any(bindparam(None, list(caller.agencies),
                                                                              ARRAY(Text)))


async def one(svc: Services, visit_id: str, caller: Caller) -> dict:
    """A visit with its tasks, inspectors, invitations, results and publicity clock."""
    stmt = (select(t.visit, *shown_columns(t.clock)).select_from(t.visit.outerjoin(t.clock, (c.subject_type == publicity.SUBJECT) & (
        c.kind == publicity.KIND) & (c.subject_id == v.id))).where(v.id == visit_id, visible(caller)))
    async with svc.engine.connect() as conn:
        row = (await conn.execute(stmt)).mappings().first()
        if row is None:
            raise NotFound((f"检查 {visit_id} 不存在", f"no visit {visit_id}"))
        tasks = [dict(x) for x in (await conn.execute(select(t.visit_task).where(vt.visit_id == visit_id)
                                                      .order_by(vt.department_code, vt.matter_code))).mappings()]
        invitations = [dict(x) for x in (await conn.execute(select(t.invitation).where(inv.visit_id == visit_id)
                                                            .order_by(inv.created_at, inv.id))).mappings()]
        people = await _people(conn, {p for x in tasks for p in x["inspectors"]}
                               | {p for r in row["onsite_record"] or [] for p in r["inspectors"]})
    visit = {k: row[k] for k in t.visit.c.keys()}
    return visit | {"tasks": tasks, "invitations": invitations, "inspectors": people,
                    "onsite_record": list(row["onsite_record"] or []),
                    "publicity_clock": shown(row, datetime.now(UTC))}


async def _people(conn, person_nos: set[str]) -> list[dict]:  # noqa: ANN001 - a connection
    """Inspectors by name and certificate number, as 执法公示 shows them (T-6)."""
    rows = await conn.execute(select(o.person_no, o.name, o.certificate_no, o.department_code)
                              .where(o.person_no.in_(sorted(person_nos))).order_by(o.person_no))
    return [dict(x) for x in rows.mappings()]


async def listing(engine: AsyncEngine, caller: Caller, *, credit_code: str | None, status: str | None,
                  department_code: str | None, year: int | None, inspection_type: str | None, limit: int,
                  cursor: str | None) -> Page:
    """The visits the caller sees, newest first."""
    stmt = select(t.visit).where(visible(caller))
    for column, value in ((v.credit_code, credit_code), (v.status, status), (v.year, year),
                          (v.inspection_type, inspection_type)):
        if value is not None:
            stmt = stmt.where(column == value)
    if department_code is not None:
        stmt = stmt.where(v.departments.contains([department_code]))
    return await keyset_page(engine, stmt, [(v.created_at, True), (v.id, False)], limit=limit, cursor=cursor)


async def entity_inspections(svc: Services, credit_code: str, year: int, caller: Caller) -> dict:
    """An enterprise's inspections of `year` against the caps of each agency's sector (E-3) and combined (E-4);
    个案 ones counted apart (E-4, H-13). Every agency that inspected it is listed, and the caller's own."""
    async with svc.engine.connect() as conn:
        entity = (await conn.execute(select(t.entity.c.credit_code, t.entity.c.name).where(
            t.entity.c.credit_code == credit_code, entity_visible(caller)))).first()
        if entity is None:
            raise NotFound((f"检查对象 {credit_code} 不在名录库中", f"{credit_code} is not in the object pool"))
        counts = (await year_counts(conn, year, [credit_code])).get(credit_code, YearCounts())
        agencies = sorted(set(counts.by_agency) | set(caller.agencies))
        sectors = dict((await conn.execute(select(d.code, d.sector).where(d.code.in_(agencies)))).all())
    caps = {a: svc.rules.cap_of(sectors.get(a)) for a in agencies}
    combined = min((cap.combined for cap in caps.values()), default=svc.rules.annual_cap.combined)
    return {"credit_code": credit_code, "entity_name": entity.name, "year": year,
            "agencies": [{"department_code": a, "sector": sectors.get(a), "used": counts.agency(a),
                          "cap": caps[a].agency, "left": max(caps[a].agency - counts.agency(a), 0)}
                         for a in agencies],
            "combined": {"used": counts.combined, "cap": combined, "left": max(combined - counts.combined, 0)},
            "case_triggered": counts.case_triggered, "rule_ids": ["E-3", "E-4"]}


async def public_visit(engine: AsyncEngine, visit_code: str) -> dict:
    """What the enterprise sees by its visit code (E-10): departments, matters, window, inspectors by name and
    certificate number (T-6), status and its rating; no finding before publication, no trigger reference."""
    async with engine.connect() as conn:
        visit = (await conn.execute(select(t.visit).where(v.visit_code == visit_code.strip().upper()))).mappings().first()
        if visit is None:
            raise NotFound(("检查码不存在", "no visit with this code"))
        tasks = (await conn.execute(select(vt.department_code, vt.matter_code, vt.inspectors)
                                    .where(vt.visit_id == visit["id"]))).all()
        names = dict((await conn.execute(select(d.code, d.name).where(d.code.in_(visit["departments"])))).all())
        people = await _people(conn, {p for x in tasks for p in x.inspectors}
                               | {p for r in visit["onsite_record"] or [] for p in r["inspectors"]})
    return {"visit_code": visit["visit_code"], "entity_name": visit["entity_name"],
            "lead_department": visit["lead_department"],
            "departments": [{"code": x, "name": names.get(x, x)} for x in visit["departments"]],
            "matter_codes": sorted({x.matter_code for x in tasks}), "inspection_type": visit["inspection_type"],
            "window_from": visit["window_from"], "window_to": visit["window_to"], "status": visit["status"],
            "visited_on": visit["visited_on"], "rating": visit["rating"], "rated_at": visit["rated_at"],
            "inspectors": [{"name": x["name"], "certificate_no": x["certificate_no"]} for x in people]}


# --- what a request is checked against before it is written -------------------------------------------------

async def acting_department(session: AsyncSession, caller: Caller, department_code: str | None) -> str:
    """The department the caller inspects as: one of its agencies, or — region-wide — one of its region."""
    code = department_code or (caller.agencies[0] if len(caller.agencies) == 1 else None)
    if code is None:
        raise InvalidInput(("请指明实施检查的部门", "name the inspecting department"),
                           errors=[FieldProblem("department_code", "one of the caller's agencies")])
    region = await session.scalar(select(d.region_code).where(d.code == code))
    if region is None:
        raise InvalidInput((f"部门 {code} 不存在", f"{code} is not a known department"),
                           errors=[FieldProblem("department_code", "not a known department")])
    if not (caller.acts_for(code) or (caller.region_wide and caller.within(region))):
        raise NotPermitted((f"不能以 {code} 的名义实施检查", f"the caller does not inspect as {code}"),
                           errors=[FieldProblem("department_code", "outside the caller's agencies")])
    return code


async def check_entity_and_matters(session: AsyncSession, caller: Caller, credit_code: str, department: str,
                                   matters: list[str]) -> None:
    """The entity is in the object pool within the caller's region; every matter is on the department's
    published inspection matter list (E-2: an unpublished matter is not inspected)."""
    entity = await session.scalar(select(t.entity.c.credit_code).where(
        t.entity.c.credit_code == credit_code, entity_visible(caller)))
    if entity is None:
        raise NotFound((f"检查对象 {credit_code} 不在名录库中", f"{credit_code} is not in the object pool"))
    listed = set((await session.scalars(select(m.matter_code).where(
        m.department_code == department, m.matter_code.in_(matters)))).all())
    if missing := [x for x in matters if x not in listed]:
        raise InvalidInput((f"事项 {missing[0]} 不在 {department} 已公布的检查事项清单中",
                            f"{missing[0]} is not on {department}'s published inspection matter list"), rule="E-2",
                           errors=[FieldProblem("matter_codes", f"not published: {', '.join(missing)}")])


async def open_tasks(session: AsyncSession, visit_id: str, task_ids: list[str], caller: Caller,
                     region: str) -> dict[str, dict]:
    """The visit's tasks named, each without a result yet and of a department the caller acts for (or sees,
    region-wide)."""
    if len(set(task_ids)) != len(task_ids):
        raise InvalidInput(("同一检查任务重复", "a task is named twice"), errors=[FieldProblem("results", "repeated")])
    rows = await session.execute(select(t.visit_task).where(vt.visit_id == visit_id, vt.id.in_(task_ids)))
    tasks = {x["id"]: dict(x) for x in rows.mappings()}
    if missing := [x for x in task_ids if x not in tasks]:
        raise InvalidInput((f"检查任务 {missing[0]} 不属于本次检查", f"task {missing[0]} is not this visit's"),
                           errors=[FieldProblem("results", f"unknown task {missing[0]}")])
    if done := [x for x in tasks.values() if x["result"] is not None]:
        raise Conflict((f"检查任务 {done[0]['id']} 已记录结果", f"task {done[0]['id']} already has its result"))
    if other := [x for x in tasks.values() if not caller.sees(x["department_code"], region)]:
        raise NotPermitted((f"不能记录 {other[0]['department_code']} 的检查结果",
                            f"the caller does not record {other[0]['department_code']}'s results"))
    return tasks
