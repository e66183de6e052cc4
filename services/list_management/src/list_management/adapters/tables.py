"""The list_management database schema (singular snake-case tables, `_at` timestamps, audit columns)."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from platform_db import add_messaging_tables, audit_columns, make_metadata

metadata = make_metadata()
outbox, inbox, dead_letter = add_messaging_tables(metadata)


def _audit() -> list[Column]:
    return audit_columns(updated_by=True)


department = Table(
    "department",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("region_code", String(12), nullable=False, index=True),
    Column("sector", String(40), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("credit_code", String(18)),
    Column("responsibilities", JSONB, nullable=False, server_default="[]"),
    *_audit(),
)

officer = Table(
    "officer",
    metadata,
    Column("person_no", String(40), primary_key=True),
    Column("name", String(40), nullable=False),
    Column("department_code", ForeignKey("department.code"), nullable=False, index=True),
    Column("certificate_no", String(40), unique=True),
    Column("certificate_type", String(40), nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("status", String(20), nullable=False),
    Column("enforcement_areas", JSONB, nullable=False, server_default="[]"),
    Column("legal_professional_qualification", Boolean, nullable=False, server_default="false"),
    Column("auxiliary", Boolean, nullable=False, server_default="false"),
    *_audit(),
)

certificate_status_change = Table(
    "certificate_status_change",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_no", ForeignKey("officer.person_no"), nullable=False, index=True),
    Column("previous_status", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("recorded_by", String(100), nullable=False),
)

matter = Table(
    "matter",
    metadata,
    Column("code", String(60), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("department_code", ForeignKey("department.code"), nullable=False, index=True),
    Column("matter_type", String(10), nullable=False, index=True),
    Column("legal_basis", Text, nullable=False),
    Column("keywords", JSONB, nullable=False, server_default="[]"),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("retired_at", DateTime(timezone=True)),
    *_audit(),
)

matter_usage = Table(
    "matter_usage",
    metadata,
    Column("matter_code", String(60), primary_key=True),
    Column("case_id", String(64), primary_key=True),
    Column("used_on", Date, nullable=False),
    Column("source_event_id", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

list_version = Table(
    "list_version",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(40), nullable=False, index=True),
    Column("series_key", String(200), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("department_code", ForeignKey("department.code"), nullable=False, index=True),
    Column("title", String(300), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("effective_from", Date),
    Column("effective_to", Date),
    Column("body", JSONB, nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("filing_status", String(20), nullable=False, server_default="not_filed"),
    Column("filing_note", Text, nullable=False, server_default=""),
    *_audit(),
    UniqueConstraint("series_key", "version"),
)

idempotency_key = Table(
    "idempotency_key",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("scope", String(100), primary_key=True),
    Column("resource_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
