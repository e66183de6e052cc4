"""The inspector pool as stored: the officer copied from list_management, the pool's own profile (specialties,
workload cap, 入库/出库) and the conflicts declared with entities (R-10)."""

from collections import defaultdict
from datetime import date

from sqlalchemy import Select, or_, select, true
from sqlalchemy.engine import Row
from sqlalchemy.sql import ColumnElement, func

from inspection_scheduling.adapters import tables as t

o, d, p, c = t.officer_copy.c, t.department_copy.c, t.inspector_profile.c, t.inspector_conflict.c


def members() -> Select:
    """One row per officer: the copy, its agency's region, and its profile (none yet: active, no specialties)."""
    return (select(o.person_no, o.name, o.department_code, d.region_code, o.certificate_no, o.valid_from,
                   o.valid_to, o.status, o.auxiliary, o.areas,
                   func.coalesce(p.specialties, func.jsonb_build_array()).label("specialties"),
                   p.max_objects_per_draw, func.coalesce(p.active, true()).label("active"))
            .select_from(t.officer_copy.outerjoin(t.department_copy, d.code == o.department_code)
                         .outerjoin(t.inspector_profile, p.person_no == o.person_no)))


async def of_departments(db, departments: list[str], *where: ColumnElement[bool]) -> list[Row]:  # noqa: ANN001
    stmt = members().where(o.department_code.in_(departments), *where).order_by(o.person_no)
    return list((await db.execute(stmt)).all())


def in_force(on: date) -> ColumnElement[bool]:
    """A declared conflict not withdrawn on `on` (one declared later counts too: recusal errs towards stepping aside)."""
    return or_(c.withdrawn_on.is_(None), c.withdrawn_on > on)


async def conflicts(db, person_nos: list[str], on: date) -> dict[str, list[str]]:  # noqa: ANN001
    """Credit codes each person has a conflict in force with on `on`, ordered."""
    rows = await db.execute(select(c.person_no, c.credit_code)
                            .where(c.person_no.in_(person_nos), in_force(on)).order_by(c.person_no, c.credit_code))
    found: dict[str, list[str]] = defaultdict(list)
    for person_no, credit_code in rows:
        found[person_no].append(credit_code)
    return found
