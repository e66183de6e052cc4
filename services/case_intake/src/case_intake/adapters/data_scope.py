"""The caller's data scope (OWASP API1, BOLA) as SQL: which agencies' clues, cases, publicity and measures it sees.

A caller with data scope `agency` (a department's case system, its officers) sees the records of the agencies its
token names; a `region` caller (the supervising 司法局, the 12345 platform, the province) sees every agency whose
行政区划 (in the local copy of list_management's departments) lies in its region, or every agency when its region is
empty (national systems). One definition for lists, single records and writes: a record outside it is the
service's 404, never a hint that it exists. What a caller may change there is decided by its scopes.
"""

from sqlalchemy import ColumnElement, false, literal, select, true

from case_intake.adapters import tables as t
from platform_identity import Caller


def visible(caller: Caller, department: ColumnElement) -> ColumnElement[bool]:
    """The SQL condition: a row of `department` (an agency code column) is within the caller's data scope."""
    if not caller.region_wide:
        return department.in_(caller.agencies) if caller.agencies else false()
    if not caller.region:
        return true()
    d = t.department_copy.c
    return department.in_(select(d.code).where(d.region_code.startswith(caller.region, autoescape=True)))


async def sees(db, caller: Caller, department_code: str) -> bool:  # noqa: ANN001 - a session or connection
    """Is `department_code` within the caller's data scope (e.g. before creating a record for it)?"""
    found = await db.execute(select(literal(True)).where(visible(caller, literal(department_code))))
    return found.first() is not None


def scope_sql(column: str) -> str:
    """The same condition for hand-written SQL (reports), with `scope_params(caller)` bound."""
    return (f"(:everywhere OR {column} = ANY(CAST(:agencies AS text[])) OR (:region_wide AND {column} IN ("
            "SELECT code FROM department_copy WHERE starts_with(region_code, :region))))")


def scope_params(caller: Caller) -> dict[str, object]:
    return {"everywhere": caller.region_wide and not caller.region, "region_wide": caller.region_wide,
            "agencies": [] if caller.region_wide else list(caller.agencies), "region": caller.region}
