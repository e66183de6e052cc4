"""Database mechanism shared by services: engine, naming convention, messaging tables, unit of work."""

from platform_db.engine import build_engine
from platform_db.paging import Page, keyset_page, page
from platform_db.schema import add_messaging_tables, audit_columns, make_metadata
from platform_db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from platform_db.upsert import upsert

__all__ = [
    "keyset_page",
    "Page",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "add_messaging_tables",
    "audit_columns",
    "build_engine",
    "make_metadata",
    "page",
    "upsert",
]
