"""Local copies of list_management's departments and matters: kept current from its events, read for routing,
classification and linkage."""

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.domain.routing import Department, Matter
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts import list_management as lm

# Every row of both copies, as PostgreSQL prints it, hashed: any change to the catalog changes it. Comparing it
# costs one round trip instead of decoding ~150 rows of JSON keywords into objects on every request.
_FINGERPRINT = text(
    "SELECT (SELECT md5(coalesce(string_agg(m::text, '|' ORDER BY m.code), '')) FROM matter_copy m)"
    " || (SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY d.code), '')) FROM department_copy d)")


@dataclass
class _Loaded:
    fingerprint: str | None = None
    matters: tuple[Matter, ...] = ()
    departments: tuple[Department, ...] = ()


_loaded = _Loaded()  # the last catalog read, keyed by its content: correct for any database it came from


async def catalog(db: AsyncSession | AsyncConnection) -> tuple[list[Matter], list[Department]]:
    """The local copy as `db` sees it (a unit of work's session or a read connection); rebuilt only on change."""
    fingerprint = (await db.execute(_FINGERPRINT)).scalar_one()
    if fingerprint != _loaded.fingerprint:
        matters = [Matter(r.code, r.name, r.department_code, list(r.keywords), r.matter_type)
                   for r in (await db.execute(select(t.matter_copy).where(t.matter_copy.c.active))).all()]
        departments = [Department(r.code, r.name, r.region_code, r.sector, list(r.responsibilities))
                       for r in (await db.execute(select(t.department_copy))).all()]
        _loaded.fingerprint, _loaded.matters, _loaded.departments = fingerprint, tuple(matters), tuple(departments)
    return list(_loaded.matters), list(_loaded.departments)  # the same Matter objects: routing's index is reused



async def on_department(uow: UnitOfWork, env: Envelope) -> None:
    d = lm.DepartmentUpdated.model_validate_json(env.data)
    values = {"code": d.code, "name": d.name, "region_code": d.region_code, "sector": d.sector,
              "responsibilities": d.responsibilities, "source_event_id": env.id}
    await _upsert(uow, t.department_copy, values)


async def on_matter(uow: UnitOfWork, env: Envelope) -> None:
    m = lm.MatterUpdated.model_validate_json(env.data)
    values = {"code": m.code, "name": m.name, "department_code": m.department_code, "matter_type": m.matter_type,
              "keywords": m.keywords, "active": m.active and env.type != lm.MatterRetired.event_type,
              "source_event_id": env.id}
    await _upsert(uow, t.matter_copy, values)


async def _upsert(uow: UnitOfWork, table, values: dict) -> None:  # noqa: ANN001 - a Table
    stmt = pg_insert(table).values(**values)
    changes = {k: stmt.excluded[k] for k in values if k != "code"}
    await uow.session.execute(stmt.on_conflict_do_update(index_elements=["code"], set_=changes))
