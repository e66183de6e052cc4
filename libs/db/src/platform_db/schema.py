"""Naming convention and the messaging tables (outbox, inbox, dead letters) each service owns."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from platform_db.audit import add_audit_table

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def audit_columns(*, updated_by: bool = False) -> list[Column]:
    """The audit fields of a business table: when and by whom it was created, when last changed (and by whom)."""
    columns = [Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
               Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
               Column("created_by", String(100), nullable=False, server_default="system")]
    if updated_by:
        columns.append(Column("updated_by", String(100), nullable=False, server_default="system"))
    return columns


def add_messaging_tables(metadata: MetaData) -> tuple[Table, Table, Table]:
    """Outbox (events to publish), inbox (events already handled per group), dead letters (given up on).

    Also adds the `audit_log` table (platform_db.audit) every service keeps beside them: `metadata.tables["audit_log"]`.
    """
    add_audit_table(metadata)
    outbox = Table(
        "outbox_message",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("topic", String(249), nullable=False),
        Column("message_key", String(200), nullable=False),
        # CloudEvents headers flattened [name, value, name, value, …]: text[] decodes in C, JSON did not
        Column("headers", ARRAY(Text), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text),
    )
    Index("ix_outbox_message_unsent", outbox.c.id, postgresql_where=outbox.c.sent_at.is_(None))
    # the outbox is a ledger kept for a retention: digests, re-publication and pruning select by commit time
    Index("ix_outbox_message_created_at", outbox.c.created_at)
    inbox = Table(
        "inbox_message",
        metadata,
        Column("consumer_group", String(200), nullable=False),
        Column("event_id", String(64), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("handled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer_group", "event_id"),
    )
    dead_letter = Table(
        "dead_letter",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("consumer_group", String(200), nullable=False),
        Column("topic", String(249), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("message_key", String(200)),
        Column("headers", JSONB, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("error_type", String(200), nullable=False),
        Column("error_message", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("dead_lettered_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("replayed_at", DateTime(timezone=True)),
        Column("replay_count", Integer, nullable=False, server_default=text("0")),
        UniqueConstraint("consumer_group", "topic", "partition", "offset"),
    )
    return outbox, inbox, dead_letter
