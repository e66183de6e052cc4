"""The hotline_ingestion schema: work orders, their append-only history, local copies of the catalog."""

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB

from platform_db import add_messaging_tables, make_metadata
from platform_db.clocks import clock_table
from platform_messaging.local_copy import DEPARTMENT, MATTER, copy_table
from platform_messaging.webhooks import add_webhook_table

metadata = make_metadata()
outbox, inbox, dead_letter = add_messaging_tables(metadata)
clock = clock_table(metadata)  # each order's handling clock (kind `handling`), platform_db.clocks

work_order = Table(
    "work_order",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("order_no", String(64), nullable=False, unique=True),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("channel", String(20), nullable=False),
    Column("request_type", String(10), nullable=False, index=True),
    Column("urgency", String(10), nullable=False),
    Column("content", Text, nullable=False),
    Column("address", Text),
    Column("region_code", String(12), nullable=False, index=True),
    Column("requester", JSONB, nullable=False),  # confidential (K-7, H-4): never in events or publicity
    Column("reported_party_name", String(200)),
    Column("reported_party_credit_code", String(18)),
    Column("attachments", JSONB, nullable=False, server_default="[]"),
    Column("status", String(10), nullable=False, index=True),
    Column("not_accepted_reason", Text),
    Column("proper_channel", Text),
    Column("parent_id", ForeignKey("work_order.id"), index=True),  # merged into this order (dedupe)
    Column("merged_at", DateTime(timezone=True)),
    Column("address_key", String(500)),  # normalised address, a dedupe key
    Column("matter_code", String(60), index=True),  # best catalog match at intake (analytics, Open311)
    Column("latitude", Float),  # Open311 lat/long
    Column("longitude", Float),
    Column("service_code", String(40)),  # the Open311 service (department) the requester chose
    Column("lifecycle", JSONB, nullable=False, server_default="{}"),  # units, returns, extensions (domain state)
    # the handling clock (H-3, H-7) lives in `clock` (platform_db.clocks); its due instant and provisional flag are
    # kept here too, as Open311's expected_datetime and feedback read them with the order (application/order_clock.py)
    Column("due_at", DateTime(timezone=True), index=True),
    Column("due_provisional", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("created_by", String(100), nullable=False, server_default="system"),
)

# Dedupe finds repeats by key within a window of received_at (migration 0008)
for _key in ("reported_party_credit_code", "reported_party_name", "address_key"):
    Index(None, work_order.c[_key], work_order.c.received_at)

work_order_history = Table(
    "work_order_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("work_order_id", ForeignKey("work_order.id"), nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("from_status", String(10)),
    Column("to_status", String(10), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("rule_ids", JSONB, nullable=False, server_default="[]"),
    Column("details", JSONB, nullable=False, server_default="{}"),  # e.g. the routing decision of a 派单
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

department_copy = copy_table(metadata, "department_copy", DEPARTMENT, "code", "name", "region_code", "sector",
                             "responsibilities")

matter_copy = copy_table(metadata, "matter_copy", MATTER, "code", "name", "department_code", "matter_type", "keywords",
                         "active")

# One row: a new random version on every write to either copy (trigger, migration 0007); readers cache by it.
catalog_copy_state = Table(
    "catalog_copy_state",
    metadata,
    Column("version", String(36), primary_key=True),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Feedback to the 12345 platform: the HTTP outbox of platform_messaging (migration 0010), endpoint "feedback".
webhook_delivery = add_webhook_table(metadata)

# Who changed what and who read confidential data (platform_db.audit; added with the messaging tables).
audit_log = metadata.tables["audit_log"]
