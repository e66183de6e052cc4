"""Local copies of list_management's departments and matters (one `LocalCopy` each): kept current from its
events, read for routing, classification and linkage through a per-process cache renewed when the copy changes."""

import math
import time
from dataclasses import dataclass

import asyncpg

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.domain.routing import Department, Matter
from platform_events.contracts import list_management as lm
from platform_messaging.local_copy import LocalCopy

_VERSION = "SELECT version FROM catalog_copy_state"
_MATTERS = "SELECT code, name, department_code, keywords, matter_type FROM matter_copy WHERE active"
_DEPARTMENTS = "SELECT code, name, region_code, sector, responsibilities FROM department_copy"


@dataclass
class CatalogCopy:
    """One process's decoded copy of the catalog, read again only when the database's copy changed.

    The copy's version (a trigger renews it on every write, migration 0007) is checked at most every
    `refresh_s` seconds: the copy follows list_management's events anyway, so a second more of delay changes
    nothing, and intake saves a round trip. `refresh_s=0` checks on every read.
    """

    refresh_s: float = 1.0
    version: str | None = None
    checked_at: float = -math.inf
    matters: tuple[Matter, ...] = ()
    departments: tuple[Department, ...] = ()

    async def read(self, db: asyncpg.Connection, *, fresh: bool = False) -> tuple[list[Matter], list[Department]]:
        """The copy as `db` (a unit of work's `driver`) sees it; `fresh` checks the version whatever its age."""
        now = time.monotonic()
        if fresh or now - self.checked_at >= self.refresh_s:
            version = await db.fetchval(_VERSION)
            if version != self.version:
                self.matters = tuple(Matter(r["code"], r["name"], r["department_code"], list(r["keywords"]),
                                            r["matter_type"]) for r in await db.fetch(_MATTERS))
                self.departments = tuple(Department(r["code"], r["name"], r["region_code"], r["sector"],
                                                    list(r["responsibilities"])) for r in await db.fetch(_DEPARTMENTS))
                self.version = version
            self.checked_at = now
        return list(self.matters), list(self.departments)  # the same Matter objects: routing's index is reused


departments = LocalCopy(t.department_copy, "code", lm.DepartmentUpdated)
matters = LocalCopy(t.matter_copy, "code", lm.MatterUpdated, retired_by=(lm.MatterRetired,))
on_department, on_matter = departments.apply, matters.apply

