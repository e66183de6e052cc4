"""Read side: SQL-first queries returning plain dicts for lists, exports and reports (no aggregates loaded)."""

from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from list_management.adapters import tables as t


def departments(*, region_code: str | None, sector: str | None, q: str | None) -> tuple[Select, object]:
    c = t.department.c
    stmt = select(t.department)
    if region_code:
        stmt = stmt.where(c.region_code == region_code)
    if sector:
        stmt = stmt.where(c.sector == sector)
    if q:
        stmt = stmt.where(or_(c.name.contains(q), c.code.contains(q)))
    return stmt, c.code


def matters(*, department_code: str | None, matter_type: str | None, active: bool | None,
            q: str | None) -> tuple[Select, object]:
    c = t.matter.c
    stmt = select(t.matter)
    for col, value in ((c.department_code, department_code), (c.matter_type, matter_type), (c.active, active)):
        if value is not None:
            stmt = stmt.where(col == value)
    if q:
        stmt = stmt.where(or_(c.name.contains(q), c.code.contains(q), c.legal_basis.contains(q)))
    return stmt, c.code


def officers(*, department_code: str | None, status: str | None, legal_qualified: bool | None,
             auxiliary: bool | None, q: str | None) -> tuple[Select, object]:
    c = t.officer.c
    stmt = select(t.officer)
    filters = ((c.department_code, department_code), (c.status, status),
               (c.legal_professional_qualification, legal_qualified), (c.auxiliary, auxiliary))
    for col, value in filters:
        if value is not None:
            stmt = stmt.where(col == value)
    if q:
        stmt = stmt.where(or_(c.name.contains(q), c.person_no.contains(q), c.certificate_no.contains(q)))
    return stmt, c.person_no


def list_versions(*, kind: str | None, department_code: str | None, status: str | None, series_key: str | None,
                  in_force_on: date | None) -> tuple[Select, object]:
    c = t.list_version.c
    stmt = select(t.list_version)
    for col, value in ((c.kind, kind), (c.department_code, department_code), (c.status, status),
                       (c.series_key, series_key)):
        if value is not None:
            stmt = stmt.where(col == value)
    if in_force_on is not None:
        stmt = stmt.where(c.status != "draft", c.effective_from <= in_force_on,
                          or_(c.effective_to.is_(None), c.effective_to >= in_force_on))
    return stmt, c.id


async def certificate_history(engine: AsyncEngine, person_no: str) -> list[dict]:
    c = t.certificate_status_change.c
    stmt = select(t.certificate_status_change).where(c.person_no == person_no).order_by(c.effective_on, c.id)
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def unused_matters(engine: AsyncEngine, *, since: date) -> tuple[list[dict], date | None, int]:
    """Active matters with no recorded use on or after `since`; also the first usage date and usage count."""
    m, u = t.matter.c, t.matter_usage.c
    used = exists().where(and_(u.matter_code == m.code, u.used_on >= since))
    stmt = select(m.code, m.name, m.department_code, m.matter_type, m.created_at).where(m.active, ~used).order_by(m.code)
    async with engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt)).mappings()]
        first, total = (await conn.execute(select(func.min(u.used_on), func.count()))).one()
    return rows, first, int(total)


async def export_rows(engine: AsyncEngine, entity: str, fields: list[str]) -> list[dict]:
    """Only the importable fields, so an export can be edited in a spreadsheet and imported back."""
    table = {"departments": t.department, "matters": t.matter, "officers": t.officer}[entity]
    async with engine.connect() as conn:
        stmt = select(*(table.c[f] for f in fields)).order_by(*table.primary_key.columns)
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]
