"""Events inspection_scheduling publishes: 双随机、一公开 plans, verifiable draws, visits (综合查一次), problems found
(case_intake opens a 案源线索 from each) and results publicity (R-7)."""

from datetime import date
from typing import ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent
from platform_events.personal import FreeText
from platform_events.wire import Instant

PLAN_TOPIC = "inspection_scheduling.plan"
DRAW_TOPIC = "inspection_scheduling.draw"
VISIT_TOPIC = "inspection_scheduling.visit"
PUBLICITY_TOPIC = "inspection_scheduling.publicity"  # public, as case_intake.publicity: results once published


class _PlanEvent(IntegrationEvent):
    topic: ClassVar[str] = PLAN_TOPIC
    classification: ClassVar[Classification] = Classification.public

    plan_id: str
    kind: str = Field(description="annual | campaign (专项, E-6) | joint (联合, R-3)")
    title: str
    year: int
    initiating_department: str = Field(description="发起部门")
    cooperating_departments: list[str] = Field(default_factory=list, description="配合部门")
    region_code: str
    status: str = Field(description="approved | filed | published | withdrawn")
    matter_codes: list[str] = Field(default_factory=list, description="the plan's matters (E-2)")
    at: Instant


class PlanApproved(_PlanEvent):
    """A plan was approved (E-9)."""

    event_type: ClassVar[str] = "plan.approved.v1"


class PlanFiled(_PlanEvent):
    """A plan was filed (备案) with the level above (E-13)."""

    event_type: ClassVar[str] = "plan.filed.v1"
    filed_with: str = ""
    late: bool = Field(False, description="filed after the configured filing deadline (E-13)")


class PlanPublished(_PlanEvent):
    """A plan was published: its tasks may now be drawn and inspected (E-2, E-13)."""

    event_type: ClassVar[str] = "plan.published.v1"


class PlanWithdrawn(_PlanEvent):
    """A plan was withdrawn; draws already completed stay on record."""

    event_type: ClassVar[str] = "plan.withdrawn.v1"
    reason: FreeText = ""


class _DrawEvent(IntegrationEvent):
    topic: ClassVar[str] = DRAW_TOPIC
    classification: ClassVar[Classification] = Classification.public

    draw_id: str
    plan_id: str
    task_id: str
    department_code: str
    region_code: str
    commitment: str = Field(description="SHA-256 of the frozen inputs, published before any secret is revealed (R-4)")


class DrawCommitted(_DrawEvent):
    """A draw's inputs were frozen and its commitment published (R-4); `redraw_of` names the draw it follows."""

    event_type: ClassVar[str] = "draw.committed.v1"
    drawn_on: date
    roster_sha256: str
    roster_rows: int
    strata: int
    exclusions: int
    parties: list[str]
    redraw_of: str | None = None
    redraw_reason: FreeText | None = None
    at: Instant


class DrawRevealed(_DrawEvent):
    """One party revealed its secret (its SHA-256 matched its commitment)."""

    event_type: ClassVar[str] = "draw.revealed.v1"
    party: str
    at: Instant


class DrawCompleted(_DrawEvent):
    """Every party revealed: the seed, selection and inspectors are fixed and the proof is published."""

    event_type: ClassVar[str] = "draw.completed.v1"
    proof_sha256: str
    selected: int
    visits: int = Field(description="visits scheduled or joined (综合查一次)")
    at: Instant


class _VisitEvent(IntegrationEvent):
    topic: ClassVar[str] = VISIT_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    visit_id: str
    visit_code: str = Field(description="扫码入企 code (E-10)")
    credit_code: str = Field(description="统一社会信用代码")
    region_code: str
    lead_department: str
    departments: list[str]
    inspection_type: str = Field(description="日常 | 专项 | 个案 (E-14)")


class VisitScheduled(_VisitEvent):
    """A visit was scheduled, or a department's drawn tasks joined one (综合查一次)."""

    event_type: ClassVar[str] = "visit.scheduled.v1"
    entity_name: str
    matter_codes: list[str]
    window_from: date
    window_to: date
    trigger: str | None = Field(None, description="个案: 12345 | complaint | referral | rectification … (E-4, H-13)")
    year: int
    counted_agency: int = Field(description="this year's inspections of the entity by the lead department, this one "
                                            "included (E-3)")
    counted_combined: int = Field(description="this year's inspections of the entity by every department (E-4)")


class VisitCompleted(_VisitEvent):
    """Every matter of a visit has its result (E-9); the results-publicity clock runs (R-7)."""

    event_type: ClassVar[str] = "visit.completed.v1"
    visited_on: date
    results: dict[str, str] = Field(description="matter code → no_problem | problem_found | not_applicable")
    publish_by: date = Field(description="R-7: results published by this day")


class InspectionProblemFound(_VisitEvent):
    """A problem found on a visit: case_intake opens a 案源线索 from it (S-1), the way it does from hotline leads."""

    event_type: ClassVar[str] = "inspection.problem_found.v1"
    task_id: str
    department_code: str = Field(description="the department whose matter it is (建议办案机关)")
    matter_code: str
    entity_name: str
    found_on: date
    finding: FreeText
    inspectors: list[str]
    rule_ids: list[str]


class FrequentVisitWarned(_VisitEvent):
    """An enterprise is visited too often (E-14): another visit within the warning period, or a cap nearly used."""

    event_type: ClassVar[str] = "visit.frequency_warned.v1"
    reason: str
    visits_in_period: int
    rule_ids: list[str]


class ResultsPublished(_VisitEvent):
    """A visit's results were published (redacted) and pushed to the 公示系统 endpoint (R-7)."""

    event_type: ClassVar[str] = "inspection_results.published.v1"
    topic: ClassVar[str] = PUBLICITY_TOPIC  # the visit topic is internal: findings before publicity
    classification: ClassVar[Classification] = Classification.public
    published_on: date
    late: bool


class ResultsPublicityBreached(_VisitEvent):
    """A visit's results were not published within the publicity period (R-7); signalled once per due date."""

    event_type: ClassVar[str] = "inspection_results.publicity_breached.v1"
    due_on: date
    provisional: bool


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    PlanApproved,
    PlanFiled,
    PlanPublished,
    PlanWithdrawn,
    DrawCommitted,
    DrawRevealed,
    DrawCompleted,
    VisitScheduled,
    VisitCompleted,
    InspectionProblemFound,
    FrequentVisitWarned,
    ResultsPublished,
    ResultsPublicityBreached,
)
