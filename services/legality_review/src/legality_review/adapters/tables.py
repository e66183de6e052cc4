"""The legality_review schema: review rounds with their assignments, 案卷评查 campaigns, files and rectification
items, and local copies of list_management's agencies and personnel and of case_intake's closed cases."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
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
from platform_messaging.local_copy import DEPARTMENT, OFFICER, copy_table

metadata = make_metadata()
outbox, inbox, dead_letter = add_messaging_tables(metadata)
clock = clock_table(metadata)  # the review period (L-6) of each round: platform_db.clocks

review = Table(
    "review",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False),
    Column("case_no", String(80)),
    Column("round", Integer, nullable=False),  # 送审轮次: a resubmission is a new round, earlier ones stay
    Column("previous_review_id", String(36)),
    Column("source", String(20), nullable=False),  # case_intake (its event) | rest (a system submitting directly)
    Column("department_code", String(40), nullable=False, index=True),
    Column("region_code", String(12)),
    Column("matter_code", String(60)),
    Column("party_type", String(20)),
    Column("party_name", String(200)),
    Column("grounds", JSONB, nullable=False),
    Column("officers", JSONB, nullable=False),  # the case's officers: never its reviewers (P-3)
    Column("snapshot", JSONB, nullable=False),  # what is reviewed: proposal, evidence, evaluation, history
    Column("received_on", Date, nullable=False),
    Column("extended_wd", Integer, nullable=False, server_default="0"),
    Column("extensions", JSONB, nullable=False, server_default="[]"),
    Column("status", String(20), nullable=False, index=True),  # received | assigned | concluded
    Column("reviewer", String(40)),
    Column("assigned_on", Date),
    Column("outcome", String(20)),
    Column("items", JSONB),
    Column("opinion", Text),
    Column("signed_by", String(100)),
    Column("concluded_at", DateTime(timezone=True)),
    Column("concluded_on", Date),
    *audit_columns(updated_by=True),
    UniqueConstraint("case_id", "round"),
    Index("ix_review_open_by_reviewer", "reviewer", "status"),
    Index("ix_review_received_on", "received_on"),
)

review_assignment = Table(
    "review_assignment",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("review_id", String(36), ForeignKey("review.id"), nullable=False, index=True),
    Column("reviewer", String(40), nullable=False),
    Column("previous_reviewer", String(40)),
    Column("reason", Text),
    Column("assigned_on", Date, nullable=False),
    Column("how", String(20), nullable=False),  # balanced | chosen
    *audit_columns(),
)

reviewer_experience = Table(  # L-2: experience from before this platform (初次从事 is judged against it)
    "reviewer_experience",
    metadata,
    Column("person_no", String(40), primary_key=True),
    Column("reviewing_since", Date, nullable=False),
    Column("basis", Text, nullable=False),
    *audit_columns(updated_by=True),
)

campaign = Table(
    "file_review_campaign",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("organiser", String(100), nullable=False),
    Column("closed_from", Date, nullable=False),
    Column("closed_to", Date, nullable=False),
    Column("department_codes", JSONB, nullable=False),
    Column("random_count", Integer, nullable=False),
    Column("include_changed", Boolean, nullable=False),
    Column("submitted_case_ids", JSONB, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("region_code", String(12)),  # the organising 司法局's 行政区划: the files drawn are of its region
    Column("rubric", JSONB, nullable=False),  # the rubric and thresholds in force when the campaign was set up
    Column("status", String(20), nullable=False),  # planned | drawn
    Column("drawn_at", DateTime(timezone=True)),
    *audit_columns(updated_by=True),
)

file_review = Table(
    "file_review",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("campaign_id", String(36), ForeignKey("file_review_campaign.id"), nullable=False, index=True),
    Column("case_id", String(36), nullable=False),
    Column("case_no", String(80)),
    Column("department_code", String(40), nullable=False, index=True),
    Column("region_code", String(12)),  # the agency's, as known at the draw (data scope)
    Column("selection", String(20), nullable=False),  # 选送 | 重点评查 | 随机抽取
    Column("status", String(20), nullable=False),  # pending | graded
    Column("scores", JSONB),
    Column("total", Float),
    Column("grade", String(10)),
    Column("reviewer", String(100)),
    Column("remarks", Text),
    Column("graded_on", Date),
    *audit_columns(updated_by=True),
    UniqueConstraint("campaign_id", "case_id"),
)

rectification = Table(
    "rectification",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("campaign_id", String(36), ForeignKey("file_review_campaign.id"), nullable=False, index=True),
    Column("file_review_id", String(36), ForeignKey("file_review.id"), nullable=False, index=True),
    Column("case_id", String(36), nullable=False),
    Column("department_code", String(40), nullable=False, index=True),
    Column("region_code", String(12)),  # the agency's (data scope)
    Column("dimension", String(40), nullable=False),
    Column("problem", Text, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", String(20), nullable=False),  # open | closed
    Column("result", Text),
    Column("accepted_by", String(100)),
    Column("closed_on", Date),
    Column("overdue", Boolean),
    Column("overdue_at", DateTime(timezone=True)),  # when the overdue signal was sent (once)
    *audit_columns(updated_by=True),
)

case_copy = Table(  # from case_intake's events: the population a campaign samples
    "case_copy",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("case_no", String(80)),
    Column("department_code", String(40), nullable=False, index=True),
    Column("matter_code", String(60)),
    Column("decided_on", Date),
    Column("outcome", String(40)),
    Column("closed_on", Date, index=True),
    Column("closed_reason", String(100)),
    Column("changes", JSONB, nullable=False, server_default="[]"),  # revoked / changed / confirmed illegal
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

department_copy = copy_table(metadata, "department_copy", DEPARTMENT, "code", Column("name", String(200), nullable=False),
                             "region_code", stamped=False)

officer_copy = copy_table(metadata, "officer_copy", OFFICER, "person_no", Column("name", String(100), nullable=False),
                          "department_code", "status", "auxiliary", "legal_qualification",
                          Column("areas", JSONB, nullable=False), stamped=False)
