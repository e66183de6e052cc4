"""Data scope (OWASP API1, BOLA) of inspection_scheduling as SQL: the rows a verified caller may see.

`sees` is `platform_identity.Caller.sees` for a whole table (an agency's system: its own agencies; a region-wide
caller: every agency of its region). The object pool has no agency: an entity is seen by any caller whose region
it lies in (`entity_visible`), an agency's system and the region's supervisor alike; a national caller sees all.
A record asked for by key is found only through these (404, never 403).
"""

from sqlalchemy.sql import ColumnElement

from inspection_scheduling.adapters import tables as t
from platform_identity import Caller
from platform_identity.sql import sees, within

__all__ = ["entity_visible", "import_visible", "officer_visible", "sees"]


def entity_visible(caller: Caller) -> ColumnElement[bool]:
    """An entity whose 行政区划 lies inside the caller's region."""
    return within(caller, t.entity.c.region_code)


def import_visible(caller: Caller) -> ColumnElement[bool]:
    """An import made by a caller of a region inside the caller's."""
    return within(caller, t.entity_import.c.region_code)


def officer_visible(caller: Caller) -> ColumnElement[bool]:
    """An officer of an agency the caller sees (the statement joins department_copy for the agency's region)."""
    return sees(caller, t.officer_copy.c.department_code, t.department_copy.c.region_code)
