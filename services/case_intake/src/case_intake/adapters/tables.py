"""The case_intake schema: clues, cases with their hash-chained record, clocks, publicity, flexible measures, copies."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

from platform_db import add_messaging_tables, audit_columns, make_metadata
from platform_db.clocks import clock_table
from platform_messaging.local_copy import DEPARTMENT, MATTER, OFFICER, copy_table

metadata = make_metadata()
outbox, inbox, dead_letter = add_messaging_tables(metadata)


def _audit() -> list[Column]:
    return audit_columns()


clue = Table(
    "clue",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("source", String(20), nullable=False, index=True),
    Column("source_ref", String(100)),  # e.g. the 12345 work order id: a repeat is the same clue
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("department_code", String(40), nullable=False, index=True),
    Column("matter_code", String(60)),
    Column("party", JSONB),
    Column("description", Text, nullable=False),
    Column("act_date", Date),
    Column("real_name_reporter", Boolean, nullable=False, server_default="false"),
    Column("reporter", JSONB),  # the reporter's identity (K-7): confidential, answered only to cleared callers
    Column("status", String(10), nullable=False, index=True),
    Column("not_filed_ground", String(60)),
    Column("not_filed_reason", Text),
    Column("decided_on", Date),
    Column("case_id", String(36)),
    Column("pauses", JSONB, nullable=False, server_default="[]"),
    Column("extensions", JSONB, nullable=False, server_default="[]"),
    *_audit(),
    UniqueConstraint("source", "source_ref"),
)

enforcement_case = Table(
    "enforcement_case",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_no", String(60), nullable=False, unique=True),
    Column("procedure", String(10), nullable=False),
    Column("stage", String(10), nullable=False, index=True),
    Column("department_code", String(40), nullable=False, index=True),
    Column("matter_code", String(60), nullable=False, index=True),
    Column("party_name", String(200), nullable=False),
    Column("party_credit_code", String(18), index=True),
    Column("clue_id", String(36), ForeignKey("clue.id")),
    Column("filed_on", Date, nullable=False, index=True),
    Column("decided_on", Date),
    Column("outcome", String(20)),
    Column("closed_on", Date),
    Column("state", JSONB, nullable=False),  # the case file (domain/model.Case)
    Column("record_seq", Integer, nullable=False, server_default="0"),  # head of the hash chain
    Column("record_hash", String(64), nullable=False),
    *_audit(),
)

# Append-only (a trigger refuses UPDATE and DELETE, migration 0001); the chain detects what the trigger cannot.
case_record = Table(
    "case_record",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("case_id", String(36), ForeignKey("enforcement_case.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("act", String(40), nullable=False),
    Column("actor", String(100), nullable=False),  # the verified subject: the officer, or the client for a system
    Column("client_id", String(200)),  # the OAuth client the act came through; NULL on links from before tokens
    Column("acting_client", String(200)),  # RFC 8693 `act`: the system acting for the person
    Column("at", DateTime(timezone=True), nullable=False),
    Column("content", JSONB, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("case_id", "seq"),
)

case_number = Table(
    "case_number",
    metadata,
    Column("department_code", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_no", Integer, nullable=False),
)

clock = clock_table(metadata)  # every clock of a clue, case, publicity record or mediation: platform_db.clocks

publicity = Table(
    "publicity",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), ForeignKey("enforcement_case.id"), nullable=False, unique=True),
    Column("status", String(20), nullable=False, index=True),  # DOMAIN §11.3 states
    Column("due_on", Date),
    Column("published_on", Date),
    Column("summary", JSONB),  # the redacted 行政处罚信息摘要 (T-12)
    Column("redaction_version", String(40)),
    Column("system", String(20)),
    Column("credit_class", String(10)),
    Column("regime", String(40)),
    Column("repair_from", Date),
    Column("ends_on", Date),  # 公示截止期 (§9.3)
    Column("withdrawal_due", Date),
    Column("withdrawn_on", Date),
    Column("withdrawn_reason", Text),
    Column("rule_ids", JSONB, nullable=False, server_default="[]"),
    Column("details", JSONB, nullable=False, server_default="{}"),
    *_audit(),
)

flexible_measure = Table(
    "flexible_measure",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(10), nullable=False, index=True),
    Column("form", String(10)),
    Column("department_code", String(40), nullable=False, index=True),
    Column("matter_code", String(60)),
    Column("case_id", String(36), ForeignKey("enforcement_case.id")),
    Column("party", JSONB, nullable=False),
    Column("measure_on", Date, nullable=False, index=True),
    Column("officers", JSONB, nullable=False, server_default="[]"),
    Column("content", Text, nullable=False),
    Column("status", String(20), nullable=False),  # recorded; mediation: 申请 → 受理 → 调解中 → 达成协议 / 终止
    Column("outcome", Text),
    Column("concluded_on", Date),
    Column("details", JSONB, nullable=False, server_default="{}"),
    *_audit(),
)

department_copy = copy_table(metadata, "department_copy", DEPARTMENT, "code", "name", "region_code", "sector",
                             "credit_code")

matter_copy = copy_table(metadata, "matter_copy", MATTER, "code", "name", "department_code", "matter_type",
                         "legal_basis", "active")

officer_copy = copy_table(metadata, "officer_copy", OFFICER, "person_no", "name", "department_code", "certificate_no",
                          "certificate_type", "valid_from", "valid_to", "status", "auxiliary",
                          "legal_qualification")

certificate_status = Table(  # every status change with the day it took effect: P-1 is checked as of each act
    "certificate_status",
    metadata,
    Column("person_no", String(40), nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("source_event_id", String(64), nullable=False, unique=True),
)
Index("ix_certificate_status_person", certificate_status.c.person_no, certificate_status.c.effective_on)

guidance_copy = Table(  # compliance guidance lists (合规指导): served with the decision (三书同达)
    "guidance_copy",
    metadata,
    Column("series_key", String(120), primary_key=True),
    Column("department_code", String(40), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("source_event_id", String(64), nullable=False),
)

