"""Local copies kept current from list_management's events (R-2: 一单两库 kept current): agencies, personnel (the
inspector pool, E-1) and the published random-inspection matter lists (E-2: only a listed matter is inspected)."""

from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from inspection_scheduling.adapters import tables as t
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts import list_management as lm
from platform_messaging.local_copy import LocalCopy

departments = LocalCopy(t.department_copy, "code", lm.DepartmentUpdated)
officers = LocalCopy(t.officer_copy, "person_no", lm.PersonnelUpdated,
                     derived={"areas": lambda p: p.enforcement_areas})
on_department, on_officer = departments.apply, officers.apply


async def on_certificate_status(uow: UnitOfWork, env: Envelope) -> None:
    """A suspended or revoked certificate takes the officer out of every draw from now on (E-1)."""
    change = lm.CertificateStatusChanged.model_validate_json(env.data)
    await uow.session.execute(update(t.officer_copy).where(t.officer_copy.c.person_no == change.person_no)
                              .values(status=change.status, source_event_id=env.id, updated_at=datetime.now(UTC)))


async def on_inspection_matter_list(uow: UnitOfWork, env: Envelope) -> None:
    """A newer version of a list series replaces its matters; an older version arriving late changes nothing."""
    published = lm.InspectionMatterListPublished.model_validate_json(env.data)
    m = t.inspection_matter.c
    current = await uow.session.scalar(select(func.max(m.version)).where(m.series_key == published.series_key))
    if current is not None and current >= published.version:
        return
    await uow.session.execute(delete(t.inspection_matter).where(m.series_key == published.series_key))
    rows = {(r["matter_code"], r["sub_item"]): r for r in
            (_matter(published, item, env.id) for item in published.body.get("matters", []))}
    if rows:
        await uow.session.execute(pg_insert(t.inspection_matter).values(list(rows.values())))


def _matter(published: lm.InspectionMatterListPublished, item: dict, event_id: str) -> dict:
    return {"series_key": published.series_key, "matter_code": item["matter_code"],
            "sub_item": item.get("sub_item") or "", "department_code": published.department_code,
            "list_id": published.list_id, "version": published.version, "effective_from": published.effective_from,
            "effective_to": published.effective_to, "basis": item.get("basis", ""), "objects": item.get("objects", ""),
            "ratio_percent": item.get("ratio_percent", 100), "frequency_per_year": item.get("frequency_per_year", 1),
            "method": item.get("method") or "现场检查", "inspector_requirements": item.get("inspector_requirements", ""),
            "source_event_id": event_id, "updated_at": datetime.now(UTC)}


async def region_of(db, department_code: str) -> str | None:  # noqa: ANN001 - a connection or session
    department = await departments.get(db, department_code)
    return department["region_code"] if department else None
