"""Read side: SQL-first queries returning plain dicts, each filtered in SQL by what the caller may see (access)."""

from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from list_management.adapters import tables as t
from list_management.application import access
from list_management.domain.catalog import CertificateStatus, Officer, certificate_valid_on, status_on
from platform_db import Page, page
from platform_identity import Caller, sql


def _departments(caller: Caller) -> Select:
    return select(t.department).where(sql.in_region(caller, t.department.c.region_code))


def _matters(caller: Caller) -> Select:
    return select(t.matter).where(access.reference_of(t.matter.c.department_code, caller))


def _officers(caller: Caller) -> Select:
    return select(t.officer).where(access.own_of(t.officer.c.department_code, caller))


def _lists(caller: Caller) -> Select:
    return select(t.list_version).where(access.lists_seen(caller))


def _equal(stmt: Select, pairs: tuple) -> Select:
    for column, value in pairs:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


async def _one(engine: AsyncEngine, stmt: Select, what: tuple[str, str]) -> dict:
    async with engine.connect() as conn:
        row = (await conn.execute(stmt)).mappings().first()
    access.found(row is not None, what)
    return dict(row)


# -- departments, matters, officers ------------------------------------------------------------------------

async def departments(engine: AsyncEngine, caller: Caller, *, region_code: str | None, sector: str | None,
                      q: str | None, limit: int, cursor: str | None) -> Page:
    c = t.department.c
    stmt = _equal(_departments(caller), ((c.region_code, region_code), (c.sector, sector)))
    if q:
        stmt = stmt.where(or_(c.name.contains(q), c.code.contains(q)))
    return await page(engine, stmt, c.code, limit=limit, cursor=cursor)


async def department(engine: AsyncEngine, caller: Caller, code: str) -> dict:
    return await _one(engine, _departments(caller).where(t.department.c.code == code), (f"执法主体 {code}", f"department {code}"))


async def matters(engine: AsyncEngine, caller: Caller, *, department_code: str | None, matter_type: str | None,
                  active: bool | None, q: str | None, limit: int, cursor: str | None) -> Page:
    c = t.matter.c
    stmt = _equal(_matters(caller), ((c.department_code, department_code), (c.matter_type, matter_type),
                                     (c.active, active)))
    if q:
        stmt = stmt.where(or_(c.name.contains(q), c.code.contains(q), c.legal_basis.contains(q)))
    return await page(engine, stmt, c.code, limit=limit, cursor=cursor)


async def matter(engine: AsyncEngine, caller: Caller, code: str) -> dict:
    return await _one(engine, _matters(caller).where(t.matter.c.code == code), (f"执法事项 {code}", f"matter {code}"))


async def officers(engine: AsyncEngine, caller: Caller, *, department_code: str | None, status: str | None,
                   legal_qualified: bool | None, auxiliary: bool | None, q: str | None, limit: int,
                   cursor: str | None) -> Page:
    c = t.officer.c
    stmt = _equal(_officers(caller), ((c.department_code, department_code), (c.status, status),
                                      (c.legal_professional_qualification, legal_qualified), (c.auxiliary, auxiliary)))
    if q:
        stmt = stmt.where(or_(c.name.contains(q), c.person_no.contains(q), c.certificate_no.contains(q)))
    return await page(engine, stmt, c.person_no, limit=limit, cursor=cursor)


async def officer(engine: AsyncEngine, caller: Caller, person_no: str, as_of: date | None = None) -> dict:
    """One officer; with `as_of`, whether the certificate counted on that date (rules P-1, E-1)."""
    row = await _one(engine, _officers(caller).where(t.officer.c.person_no == person_no), (f"执法人员 {person_no}", f"officer {person_no}"))
    if as_of is not None:
        history = await _certificate_changes(engine, person_no)
        row |= {"certificate_valid_on": as_of, "certificate_valid": _valid_on(row, history, as_of)}
    return row


async def certificate_history(engine: AsyncEngine, caller: Caller, person_no: str) -> list[dict]:
    await officer(engine, caller, person_no)  # 404 for an officer the caller may not see
    return await _certificate_changes(engine, person_no)


async def _certificate_changes(engine: AsyncEngine, person_no: str) -> list[dict]:
    c = t.certificate_status_change.c
    stmt = select(t.certificate_status_change).where(c.person_no == person_no).order_by(c.effective_on, c.id)
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


def _valid_on(row: dict, history: list[dict], day: date) -> bool:
    changes = [(h["effective_on"], h["previous_status"], h["status"]) for h in history]
    fields = {k: v for k, v in row.items() if k in Officer.model_fields}
    fields["status"] = status_on(CertificateStatus(row["status"]), changes, day)
    return certificate_valid_on(Officer.model_validate(fields), day)  # rules P-1, E-1


# -- versioned lists ---------------------------------------------------------------------------------------

async def list_versions(engine: AsyncEngine, caller: Caller, *, kind: str | None, department_code: str | None,
                        status: str | None, series_key: str | None, in_force_on: date | None, limit: int,
                        cursor: str | None) -> Page:
    c = t.list_version.c
    stmt = _equal(_lists(caller), ((c.kind, kind), (c.department_code, department_code), (c.status, status),
                                   (c.series_key, series_key)))
    if in_force_on is not None:
        stmt = stmt.where(c.status != access.DRAFT, c.effective_from <= in_force_on,
                          or_(c.effective_to.is_(None), c.effective_to >= in_force_on))
    return await page(engine, stmt, c.id, limit=limit, cursor=cursor)


async def list_version(engine: AsyncEngine, caller: Caller, list_id: str) -> dict:
    return await _one(engine, _lists(caller).where(t.list_version.c.id == list_id), (f"清单版本 {list_id}", f"list version {list_id}"))


# -- exports and reports -----------------------------------------------------------------------------------

async def export_rows(engine: AsyncEngine, caller: Caller, entity: str, fields: list[str]) -> list[dict]:
    """Only the importable fields, so an export can be edited in a spreadsheet and imported back."""
    table, seen = {"departments": (t.department, _departments), "matters": (t.matter, _matters),
                   "officers": (t.officer, _officers)}[entity]
    stmt = seen(caller).with_only_columns(*(table.c[f] for f in fields)).order_by(*table.primary_key.columns)
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def unused_matters(engine: AsyncEngine, caller: Caller, *, since: date) -> tuple[list[dict], date | None, int]:
    """Active matters of the caller's region with no recorded use on or after `since`; also the first usage date
    and the number of usage records of those matters' region."""
    m, u = t.matter.c, t.matter_usage.c
    seen = access.reference_of(m.department_code, caller)
    used = exists().where(and_(u.matter_code == m.code, u.used_on >= since))
    stmt = select(m.code, m.name, m.department_code, m.matter_type, m.created_at).where(m.active, seen, ~used)
    usage = select(func.min(u.used_on), func.count()).where(u.matter_code.in_(select(m.code).where(seen)))
    async with engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt.order_by(m.code))).mappings()]
        first, total = (await conn.execute(usage)).one()
    return rows, first, int(total)
