"""Local copies of another service's records, kept current from its whole-state events: one row per key.

A service that needs another's reference data (list_management's departments, matters, officers) keeps a table
of its own, written only by a `LocalCopy`'s handler. Each event carries the record's whole new state, so applying
it replaces the row by key; the consumer runner's inbox makes a redelivered event a no-op, and the events of one
record share a message key, so they arrive in order. The table says what is kept: every column named like a field
of the event is copied, `derived` fills the others, `source_event_id` names the event applied last and
`updated_at` (where the table has one) when.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, MetaData, String, Table, Text, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from platform_db import UnitOfWork
from platform_events import Envelope, IntegrationEvent


@dataclass(frozen=True)
class LocalCopy:
    """`apply` is the consumer handler (`{DepartmentUpdated.event_type: departments.apply}`); `get` the lookup."""

    table: Table
    key: str
    #: the model the events' data is read with (e.g. `DepartmentUpdated` for registered and updated alike)
    event: type[IntegrationEvent]
    #: columns not named like a field of the event, each computed from the event
    derived: Mapping[str, Callable[[Any], object]] = field(default_factory=dict)
    #: event types after which the record reads `active = false` (a matter retired from the catalog)
    retired_by: tuple[type[IntegrationEvent], ...] = ()
    #: a version column: a row is replaced only by a higher version (an old version arriving late changes nothing)
    newer_only: str | None = None
    copied: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        fields = self.event.model_fields
        copied = tuple(c.name for c in self.table.columns if c.name in fields and c.name not in self.derived)
        object.__setattr__(self, "copied", copied)
        for needed in (self.key, *self.derived, "source_event_id"):
            if needed not in self.table.c:
                raise ValueError(f"{self.table.name} has no column {needed!r}")
        if self.key not in (*copied, *self.derived):
            raise ValueError(f"{self.table.name}.{self.key} is neither a field of {self.event.__name__} nor derived")

    def row(self, env: Envelope) -> dict[str, object]:
        """The row `env` says the record now is."""
        event = self.event.model_validate_json(env.data)
        values = {name: getattr(event, name) for name in self.copied}
        values |= {name: derive(event) for name, derive in self.derived.items()}
        if any(env.type == retired.event_type for retired in self.retired_by):
            values["active"] = False
        return values | {"source_event_id": env.id}

    async def apply(self, uow: UnitOfWork, env: Envelope) -> None:
        """Insert or replace the record's row, inside the consumer's unit of work."""
        values = self.row(env)
        stmt = pg_insert(self.table).values(**values)
        changes = {name: stmt.excluded[name] for name in values if name != self.key}
        if "updated_at" in self.table.c:
            changes["updated_at"] = func.now()
        newer = self.table.c[self.newer_only] < stmt.excluded[self.newer_only] if self.newer_only else None
        await uow.session.execute(stmt.on_conflict_do_update(index_elements=[self.key], set_=changes, where=newer))

    async def get(self, db: AsyncSession | AsyncConnection, key: str) -> dict | None:
        """The copied record, or None when no event about it has arrived (yet)."""
        row = (await db.execute(select(self.table).where(self.table.c[self.key] == key))).mappings().first()
        return dict(row) if row else None


ColumnOf = Callable[[], Column]
#: list_management's records as a copy holds their fields: one declaration of each field's column, so every
#: service's copy of a department, a matter or an officer has the same type for the same field.
DEPARTMENT: Mapping[str, ColumnOf] = {
    "code": lambda: Column("code", String(40), primary_key=True),
    "name": lambda: Column("name", String(100), nullable=False),
    "region_code": lambda: Column("region_code", String(12), nullable=False),
    "sector": lambda: Column("sector", String(40), nullable=False),
    "credit_code": lambda: Column("credit_code", String(18)),
    "responsibilities": lambda: Column("responsibilities", JSONB, nullable=False),
}
MATTER: Mapping[str, ColumnOf] = {
    "code": lambda: Column("code", String(60), primary_key=True),
    "name": lambda: Column("name", String(200), nullable=False),
    "department_code": lambda: Column("department_code", String(40), nullable=False, index=True),
    "matter_type": lambda: Column("matter_type", String(10), nullable=False),
    "legal_basis": lambda: Column("legal_basis", Text, nullable=False),
    "keywords": lambda: Column("keywords", JSONB, nullable=False),
    "active": lambda: Column("active", Boolean, nullable=False),
}
OFFICER: Mapping[str, ColumnOf] = {
    "person_no": lambda: Column("person_no", String(40), primary_key=True),
    "name": lambda: Column("name", String(50), nullable=False),
    "department_code": lambda: Column("department_code", String(40), nullable=False, index=True),
    "certificate_no": lambda: Column("certificate_no", String(40)),
    "certificate_type": lambda: Column("certificate_type", String(40), nullable=False),
    "valid_from": lambda: Column("valid_from", Date),
    "valid_to": lambda: Column("valid_to", Date),
    "status": lambda: Column("status", String(20), nullable=False),
    "auxiliary": lambda: Column("auxiliary", Boolean, nullable=False),
    "legal_qualification": lambda: Column("legal_qualification", Boolean, nullable=False),
}


def copy_table(metadata: MetaData, name: str, record: Mapping[str, ColumnOf], *fields: str | Column,
               stamped: bool = True) -> Table:
    """A service's copy table: the record's fields it keeps (by name, or a Column of its own for a field kept
    differently or derived), the event applied last, and when (`stamped`)."""
    columns = [record[f]() if isinstance(f, str) else f for f in fields]
    columns.append(Column("source_event_id", String(64), nullable=False))
    if stamped:
        columns.append(Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()))
    return Table(name, metadata, *columns)
