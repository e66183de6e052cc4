"""The inspection_scheduling schema: 一单两库 (the matter list copied from list_management, the object pool, the
inspector pool), plans and their tasks, draws with their frozen inputs and proofs, visits (综合查一次) with their
per-matter results, 伴随执法 invitations, and the results-publicity clock (R-7)."""

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
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from platform_db import add_messaging_tables, audit_columns, make_metadata
from platform_db.clocks import clock_table
from platform_messaging.local_copy import DEPARTMENT, OFFICER, copy_table
from platform_messaging.webhooks import add_webhook_table

metadata = make_metadata()
outbox, inbox, dead_letter = add_messaging_tables(metadata)
clock = clock_table(metadata)  # the results-publicity clock of each visit: platform_db.clocks
webhook_delivery = add_webhook_table(metadata)  # results pushed to the 公示系统 endpoint

# --- local copies of list_management (R-2: 一单两库 kept current) ------------------------------------------------

department_copy = copy_table(metadata, "department_copy", DEPARTMENT, "code", "name", "region_code", "sector",
                             stamped=False)

officer_copy = copy_table(metadata, "officer_copy", OFFICER, "person_no", "name", "department_code", "certificate_no",
                          "valid_from", "valid_to", "status", "auxiliary", Column("areas", JSONB, nullable=False),
                          stamped=True)

inspection_matter = Table(  # 随机抽查事项清单: the matters of the newest published version of each list series
    "inspection_matter",
    metadata,
    Column("series_key", String(120), primary_key=True),
    Column("matter_code", String(60), primary_key=True),
    Column("sub_item", String(200), primary_key=True, server_default=""),
    Column("department_code", String(40), nullable=False, index=True),
    Column("list_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date),
    Column("basis", Text, nullable=False),
    Column("objects", Text, nullable=False),
    Column("ratio_percent", Numeric(5, 2), nullable=False),
    Column("frequency_per_year", SmallInteger, nullable=False),
    Column("method", String(40), nullable=False),
    Column("inspector_requirements", Text, nullable=False, server_default=""),
    Column("source_event_id", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

inspector_profile = Table(  # what the pool adds to an officer: specialties beyond the areas, a workload cap
    "inspector_profile",
    metadata,
    Column("person_no", String(40), primary_key=True),
    Column("specialties", JSONB, nullable=False, server_default="[]"),
    Column("max_objects_per_draw", Integer),  # workload cap; none: balanced only
    Column("active", Boolean, nullable=False, server_default="true"),  # 入库 / 出库 of the inspector pool
    *audit_columns(updated_by=True),
)

inspector_conflict = Table(  # declared interests: never drawn for that entity
    "inspector_conflict",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("person_no", String(40), nullable=False, index=True),
    Column("credit_code", String(18), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("declared_on", Date, nullable=False),
    Column("withdrawn_on", Date),
    *audit_columns(),
    UniqueConstraint("person_no", "credit_code"),
)

# --- the object pool (检查对象名录库, R-2) -------------------------------------------------------------------------

entity = Table(
    "entity",
    metadata,
    Column("credit_code", String(18), primary_key=True),  # 统一社会信用代码 (GB 32100)
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),  # enterprise | individual (个体工商户) | product | project | other
    Column("industry", String(20), nullable=False),  # GB/T 4754 门类 letter or code
    Column("region_code", String(12), nullable=False),  # 行政区划, 6/9/12 digits
    Column("address", Text, nullable=False, server_default=""),
    Column("status", String(10), nullable=False),  # 存续 | 注销
    Column("credit_class", String(1), nullable=False),  # A–D
    Column("credit_as_of", Date, nullable=False),
    Column("risk_level", String(10), nullable=False, server_default="一般"),  # 高 | 较高 | 一般 | 低
    Column("special_sectors", JSONB, nullable=False, server_default="[]"),  # safety, health … not random
    Column("import_id", String(36)),  # the import that last wrote the row (none: an incremental update)
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_entity_region_class", "region_code", "credit_class"),
)

entity_import = Table(  # each file imported: all-or-nothing, its problems kept row by row
    "entity_import",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("filename", String(200)),
    Column("format", String(10), nullable=False),  # csv | json
    Column("sha256", String(64), nullable=False),
    Column("status", String(10), nullable=False),  # imported | refused
    Column("rows", Integer, nullable=False),
    Column("inserted", Integer, nullable=False, server_default="0"),
    Column("updated", Integer, nullable=False, server_default="0"),
    Column("problems", JSONB, nullable=False, server_default="[]"),  # [{row, field, reason}] (first 1,000)
    Column("region_code", String(12)),  # the importer's region (data scope)
    *audit_columns(),
)

# --- plans (R-3, E-6, E-9, E-13) ------------------------------------------------------------------------------------

plan = Table(
    "plan",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(10), nullable=False),  # annual | campaign (专项, E-6) | joint (联合, R-3/R-9)
    Column("title", String(200), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("initiating_department", String(40), nullable=False, index=True),  # 发起部门
    Column("cooperating_departments", JSONB, nullable=False, server_default="[]"),  # 配合部门
    Column("region_code", String(12), nullable=False),  # the initiating department's (data scope)
    Column("quota", Integer),  # a campaign's annual quota of inspections (E-6)
    Column("status", String(12), nullable=False, index=True),  # draft | approved | filed | published | withdrawn
    Column("approved_by", String(100)),
    Column("approved_at", DateTime(timezone=True)),
    Column("filing_due_on", Date),  # E-13: configurable, default 31 March of the plan's year
    Column("filed_with", String(100)),  # the level above (备案机关)
    Column("filed_at", DateTime(timezone=True)),
    Column("published_at", DateTime(timezone=True)),
    Column("withdrawn_reason", Text),
    *audit_columns(updated_by=True),
)

plan_task = Table(  # one task of a plan: matters × scope × ratio per credit class × window
    "plan_task",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan_id", String(36), ForeignKey("plan.id"), nullable=False, index=True),
    Column("seq", SmallInteger, nullable=False),
    Column("title", String(200), nullable=False),
    Column("inspection_type", String(10), nullable=False),  # 日常 | 专项 (E-14)
    Column("departments", JSONB, nullable=False),  # departments whose matters and inspectors take part
    Column("matter_codes", JSONB, nullable=False),  # matters of the published inspection matter list (E-2)
    Column("region_codes", JSONB, nullable=False),  # 区划 prefixes in scope (6/9/12 digits)
    Column("industries", JSONB, nullable=False, server_default="[]"),  # none: every industry
    Column("entity_kinds", JSONB, nullable=False, server_default="[]"),  # none: every kind
    Column("ratio_by_class", JSONB, nullable=False),  # {"A": 5, …} percent (R-6; default from settings)
    Column("window_from", Date, nullable=False),
    Column("window_to", Date, nullable=False),
    UniqueConstraint("plan_id", "seq"),
)

# --- draws (R-4) --------------------------------------------------------------------------------------------------

draw = Table(
    "draw",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan_id", String(36), ForeignKey("plan.id"), nullable=False, index=True),
    Column("task_id", String(36), ForeignKey("plan_task.id"), nullable=False, index=True),
    Column("region_code", String(12), nullable=False),  # the plan's (data scope)
    Column("department_code", String(40), nullable=False),  # the initiating department
    Column("status", String(12), nullable=False),  # committed | completed | abandoned
    Column("redraw_of", String(36), ForeignKey("draw.id")),  # a redraw is a new draw, both kept
    Column("redraw_reason", Text),
    Column("drawn_on", Date, nullable=False),
    Column("commitment", String(64), nullable=False, unique=True),
    Column("frozen", JSONB, nullable=False),  # the frozen document (domain.draws.freeze), published first
    Column("parties", JSONB, nullable=False),  # [{party, commitment, department_code | null, person}]
    Column("reveals", JSONB, nullable=False, server_default="[]"),  # [{party, secret, revealed_at, by}]
    Column("public_value", Text),  # entered at the ceremony (optional)
    Column("proof", LargeBinary),  # the proof's canonical bytes once completed
    Column("proof_sha256", String(64)),
    Column("selected", Integer),
    Column("matter_departments", JSONB, nullable=False, server_default="{}"),  # matter → its department, frozen
    Column("unscheduled", JSONB, nullable=False, server_default="[]"),  # [{credit_code, rule, department, detail}]
    Column("committed_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    *audit_columns(updated_by=True),
)

draw_roster = Table(  # the frozen roster, published with the proof: `credit_code TAB stratum LF` lines, gzip
    "draw_roster",
    metadata,
    Column("draw_id", String(36), ForeignKey("draw.id"), primary_key=True),
    Column("rows", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("lines_gz", LargeBinary, nullable=False),
)

# --- execution (E-9, E-10, R-7, 综合查一次) -------------------------------------------------------------------------

visit = Table(  # one entry into one enterprise: every department's task for it in the window (综合查一次)
    "visit",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("visit_code", String(16), nullable=False, unique=True),  # 扫码入企 (E-10): the enterprise looks it up
    Column("credit_code", String(18), nullable=False, index=True),
    Column("entity_name", String(200), nullable=False),
    Column("region_code", String(12), nullable=False),  # the entity's (data scope)
    Column("lead_department", String(40), nullable=False, index=True),  # 牵头部门
    Column("departments", JSONB, nullable=False),  # every department taking part
    Column("inspection_type", String(10), nullable=False),  # 日常 | 专项 | 个案 (E-14)
    Column("trigger", String(20)),  # 个案: 12345 | complaint | referral | rectification | … (E-4, H-13)
    Column("trigger_ref", String(100)),  # the work order, complaint or case that triggered it
    Column("window_from", Date, nullable=False),
    Column("window_to", Date, nullable=False),
    Column("status", String(12), nullable=False, index=True),  # planned | approved | done | cancelled
    Column("approved_by", String(100)),  # 行政检查审批 (E-9)
    Column("approved_at", DateTime(timezone=True)),
    Column("visited_on", Date),
    Column("year", SmallInteger, nullable=False),  # the year it counts towards (E-3/E-4)
    Column("onsite_record", JSONB),  # 现场检查笔录 (E-9)
    Column("rating", SmallInteger),  # the enterprise's rating, 1–5 (E-10)
    Column("rating_comment", Text),
    Column("rated_at", DateTime(timezone=True)),
    Column("checked_in_at", DateTime(timezone=True)),  # the visit code scanned on entry (E-10)
    Column("checked_in_by", String(100)),
    Column("results_published_at", DateTime(timezone=True)),
    Column("publication", JSONB),  # the results as published, redacted (R-7, T-6, P-31)
    *audit_columns(updated_by=True),
    Index("ix_visit_entity_year", "credit_code", "year"),
)

visit_task = Table(  # one department's matter for one entity, drawn (with its inspectors) or case-triggered
    "visit_task",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("visit_id", String(36), ForeignKey("visit.id"), nullable=False, index=True),
    Column("draw_id", String(36), ForeignKey("draw.id"), index=True),  # none for a 个案 inspection
    Column("plan_id", String(36), ForeignKey("plan.id")),
    Column("department_code", String(40), nullable=False, index=True),
    Column("matter_code", String(60), nullable=False),
    Column("stratum", String(120)),
    Column("inspectors", JSONB, nullable=False, server_default="[]"),  # person numbers (≥2, R-10)
    Column("result", String(20)),  # no_problem | problem_found | not_applicable
    Column("finding", Text),
    Column("result_at", DateTime(timezone=True)),
    Column("result_by", String(100)),
    UniqueConstraint("draw_id", "department_code", "matter_code", "visit_id"),
)

visit_request = Table(  # an Idempotency-Key of POST /visits: a retried request answers the visit it scheduled
    "visit_request",
    metadata,
    Column("key", String(36), primary_key=True),  # uuid5 of (client id, Idempotency-Key)
    Column("visit_id", String(36), ForeignKey("visit.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

invitation = Table(  # 伴随执法 (policy 001 item 18): observers invited to a visit, and what they said
    "invitation",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("visit_id", String(36), ForeignKey("visit.id"), nullable=False, index=True),
    Column("invitee", String(100), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("role", String(40), nullable=False),  # 人大代表 | 政协委员 | 行风监督员 | 企业代表 | …
    Column("feedback", Text),
    Column("feedback_at", DateTime(timezone=True)),
    Column("feedback_by", String(100)),  # who recorded it (the verified caller)
    *audit_columns(),
)
