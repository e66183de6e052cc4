"""Local copies of list_management's departments and matters, kept current from its events (for routing)."""

from sqlalchemy.dialects.postgresql import insert as pg_insert

from hotline_ingestion.adapters import tables as t
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts import list_management as lm


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
