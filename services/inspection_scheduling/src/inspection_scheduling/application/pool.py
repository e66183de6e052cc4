"""The inspector pool (执法检查人员名录库, R-2): who may be drawn on a date and why not (E-1), the pool's own profile
of each officer (specialties, workload cap, 入库/出库), declared conflicts with entities (recusal, R-10); and the
matter list copy (E-2). Officers themselves are list_management's, copied from its events (adapters/copies.py)."""

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from inspection_scheduling.adapters import inspectors
from inspection_scheduling.adapters import tables as t
from inspection_scheduling.adapters.data_scope import officer_visible
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.entities import code_problem
from inspection_scheduling.domain.inspectors import Inspector
from platform_db import Page, page
from platform_errors import FieldProblem, InvalidInput, NotFound
from platform_events.wire import SupportedDate
from platform_identity import Caller

o, c, m = t.officer_copy.c, t.inspector_conflict.c, t.inspection_matter.c


async def inspector_pool(conn, departments: list[str], on: date) -> list[Inspector]:  # noqa: ANN001
    """The inspector pool of a draw among `departments` on `on`, as `domain.inspectors.Inspector`s by person number.

    `conn`: an AsyncConnection or a unit of work's session (anything with `await conn.execute(stmt)`). Each officer
    of those departments in list_management's personnel copy is in it unless the pool took it out (profile
    `active = false`, 出库: left out entirely). `specialties` = the officer's enforcement areas ∪ the profile's
    specialties, sorted, deduplicated; `conflicts` = credit codes of its declared conflicts not withdrawn on `on`
    (R-10); `auxiliary` as copied (E-1). The certificate is `valid_from`/`valid_to` as copied, except that an officer
    without a certificate number, or whose certificate is suspended or revoked (status other than `valid`), has
    neither date: the draw core then skips it as `no_certificate` (E-1). Expiry and "not yet valid" are left to the
    core, which judges them on the draw date. Workload caps are not part of `Inspector`: see `workload_caps`."""
    rows = await inspectors.of_departments(conn, departments, inspectors.p.active.isnot(False))
    conflicts = await inspectors.conflicts(conn, [r.person_no for r in rows], on)
    return [_inspector(r, conflicts.get(r.person_no, [])) for r in rows]


async def workload_caps(conn, departments: list[str]) -> dict[str, int]:  # noqa: ANN001
    """Person number → the most objects it may be given in one draw (`max_objects_per_draw`), for those with a cap."""
    rows = await inspectors.of_departments(conn, departments, inspectors.p.max_objects_per_draw.isnot(None))
    return {r.person_no: r.max_objects_per_draw for r in rows}


def _inspector(row: Row, conflicts: list[str]) -> Inspector:
    certified = row.certificate_no is not None and row.status == "valid"
    return Inspector(inspector_id=row.person_no, department=row.department_code,
                     specialties=tuple(sorted({*row.areas, *row.specialties})), auxiliary=row.auxiliary,
                     certificate_valid_from=row.valid_from if certified else None,
                     certificate_valid_until=row.valid_to if certified else None, conflicts=tuple(conflicts))


def standing(row: Mapping, on: date) -> tuple[str, str] | None:
    """Why the officer cannot be drawn on `on` — (reason, rule) — or None when it can: out of the pool (R-2), an
    auxiliary (E-1), no certificate, a certificate suspended or revoked, expired or not yet valid on `on` (E-1)."""
    if not row["active"]:
        return "inactive", "R-2"
    if row["auxiliary"]:
        return "auxiliary", "E-1"
    if row["certificate_no"] is None or row["valid_from"] is None or row["valid_to"] is None:
        return "no_certificate", "E-1"
    if row["status"] != "valid":
        return f"certificate_{row['status']}", "E-1"
    if row["valid_to"] < on:
        return "certificate_expired", "E-1"
    if on < row["valid_from"]:
        return "certificate_not_yet_valid", "E-1"
    return None


def present(row: Mapping, conflicts: list[str], on: date) -> dict:
    why = standing(row, on)
    return {"person_no": row["person_no"], "name": row["name"], "department_code": row["department_code"],
            "auxiliary": row["auxiliary"], "certificate_no": row["certificate_no"], "certificate_status": row["status"],
            "valid_from": row["valid_from"], "valid_to": row["valid_to"], "areas": list(row["areas"]),
            "specialties": list(row["specialties"]), "max_objects_per_draw": row["max_objects_per_draw"],
            "active": row["active"], "conflicts": conflicts, "eligible_on": on, "drawable": why is None,
            "not_drawable": None if why is None else {"reason": why[0], "rule": why[1]}}


async def listing(engine: AsyncEngine, caller: Caller, *, department_code: str | None, on: date, limit: int,
                  cursor: str | None) -> Page:
    stmt = inspectors.members().where(officer_visible(caller))
    if department_code is not None:
        stmt = stmt.where(o.department_code == department_code)
    found = await page(engine, stmt, o.person_no, limit=limit, cursor=cursor)
    async with engine.connect() as conn:
        conflicts = await inspectors.conflicts(conn, [r["person_no"] for r in found.items], on)
    return Page([present(r, conflicts.get(r["person_no"], []), on) for r in found.items], found.next_cursor)


class Profile(BaseModel):
    specialties: list[str] = Field(default_factory=list, max_length=50, description="专长 beyond the enforcement areas")
    max_objects_per_draw: int | None = Field(None, ge=1, le=10_000, description="一次抽取最多分配的检查对象数")
    active: bool = Field(True, description="在库 (false: 出库, never drawn)")


class ConflictDeclaration(BaseModel):
    credit_code: str = Field(min_length=18, max_length=18, description="统一社会信用代码 (或检查对象代码)")
    reason: str = Field(min_length=2, max_length=500, description="利害关系 (R-10)")
    declared_on: SupportedDate | None = Field(None, description="申报日期（默认今天）")


async def _member(db, caller: Caller, person_no: str) -> Row:  # noqa: ANN001
    row = (await db.execute(inspectors.members().where(o.person_no == person_no, officer_visible(caller)))).first()
    if row is None:
        raise NotFound((f"人员 {person_no} 不在执法检查人员名录库中", f"{person_no} is not in the inspector pool"))
    return row


async def put_profile(svc: Services, person_no: str, body: Profile, caller: Caller) -> dict:
    async with svc.uows() as uow:
        await _member(uow.session, caller, person_no)
        values = body.model_dump() | {"specialties": sorted(set(body.specialties))}
        stmt = pg_insert(t.inspector_profile).values(person_no=person_no, created_by=caller.actor,
                                                     updated_by=caller.actor, **values)
        await uow.session.execute(stmt.on_conflict_do_update(index_elements=["person_no"], set_=values | {
            "updated_by": caller.actor, "updated_at": stmt.excluded.updated_at}))
        row = await _member(uow.session, caller, person_no)
        conflicts = await inspectors.conflicts(uow.session, [person_no], svc.today())
        await uow.commit()
    return present(row._mapping, conflicts.get(person_no, []), svc.today())


async def declare_conflict(svc: Services, person_no: str, body: ConflictDeclaration, caller: Caller) -> tuple[dict,
                                                                                                              bool]:
    """Record a declared interest (R-10); an identical conflict still in force is answered as it stands (False)."""
    if (problem := code_problem(body.credit_code, None)) is not None:
        raise InvalidInput(("统一社会信用代码无效", "invalid credit code"), errors=[FieldProblem("credit_code", problem)])
    today = svc.today()
    async with svc.uows() as uow:
        await _member(uow.session, caller, person_no)
        current = await _conflict(uow.session, person_no, body.credit_code)
        if current is not None and current["withdrawn_on"] is None:
            return current, False
        values = {"reason": body.reason, "declared_on": body.declared_on or today, "withdrawn_on": None}
        stmt = pg_insert(t.inspector_conflict).values(person_no=person_no, credit_code=body.credit_code,
                                                      created_by=caller.actor, **values)
        await uow.session.execute(stmt.on_conflict_do_update(index_elements=["person_no", "credit_code"],
                                                             set_=values | {"updated_at": stmt.excluded.updated_at}))
        declared = await _conflict(uow.session, person_no, body.credit_code)
        await uow.commit()
    return declared, True


async def withdraw_conflict(svc: Services, person_no: str, credit_code: str, caller: Caller) -> dict:
    """A conflict no longer in force from today: kept, with its withdrawal date (R-10)."""
    async with svc.uows() as uow:
        await _member(uow.session, caller, person_no)
        current = await _conflict(uow.session, person_no, credit_code)
        if current is None or current["withdrawn_on"] is not None:
            raise NotFound((f"{person_no} 未申报与 {credit_code} 的利害关系",
                            f"{person_no} has no conflict in force with {credit_code}"))
        await uow.session.execute(t.inspector_conflict.update().where(c.id == current["id"])
                                  .values(withdrawn_on=svc.today(), updated_at=func.now()))
        withdrawn = await _conflict(uow.session, person_no, credit_code)
        await uow.commit()
    return withdrawn


async def _conflict(db, person_no: str, credit_code: str) -> dict | None:  # noqa: ANN001
    stmt = select(t.inspector_conflict).where(c.person_no == person_no, c.credit_code == credit_code)
    row = (await db.execute(stmt)).mappings().first()
    return dict(row) if row else None


async def matters(engine: AsyncEngine, *, department_code: str | None, limit: int, cursor: str | None) -> Page:
    """The published inspection matters (E-2: only these may be planned), keyed `series_key|matter_code|sub_item`."""
    key = (m.series_key + "|" + m.matter_code + "|" + m.sub_item).label("key")
    stmt = select(t.inspection_matter, key)
    if department_code is not None:
        stmt = stmt.where(m.department_code == department_code)
    return await page(engine, stmt, key, limit=limit, cursor=cursor)
