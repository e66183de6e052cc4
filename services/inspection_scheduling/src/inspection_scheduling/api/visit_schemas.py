"""What the visit and publicity routes answer: visits with their tasks, records, invitations and publicity clock;
an enterprise's yearly counts against the caps; what the enterprise and the public see (moments in +08:00)."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from platform_events import Instant
from platform_runtime.clock_schemas import ClockRead


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a stored row may carry columns this read does not show


class TaskRead(_Row):
    """一项检查任务: one department's matter in the visit, drawn (with its inspectors) or case-triggered."""

    id: str
    draw_id: str | None = Field(description="抽取编号（个案检查为空）")
    plan_id: str | None
    department_code: str = Field(description="检查部门")
    matter_code: str = Field(description="检查事项")
    stratum: str | None
    inspectors: list[str] = Field(description="指派的执法检查人员（人员编号）")
    result: str | None = Field(description="no_problem 未发现问题 | problem_found 发现问题 | not_applicable 不适用")
    finding: str | None = Field(description="发现的问题")
    result_at: Instant | None
    result_by: str | None


class OnsiteRecordRead(_Row):
    """现场检查笔录 (E-9)."""

    visited_on: date
    task_ids: list[str]
    inspectors: list[str] = Field(description="在场执法检查人员（R-10）")
    started_at: Instant
    ended_at: Instant
    checked: str = Field(description="检查内容")
    representative_signed: bool = Field(description="企业方签字确认")
    recorded_by: str
    recorded_at: Instant


class InvitationRead(_Row):
    """伴随执法邀请 and the invitee's feedback."""

    id: str
    invitee: str
    organisation: str
    role: str
    feedback: str | None
    feedback_at: Instant | None
    feedback_by: str | None
    created_at: Instant
    created_by: str


class PersonRead(_Row):
    person_no: str
    name: str
    certificate_no: str | None = Field(description="执法证号")
    department_code: str


class NamedDepartment(_Row):
    code: str
    name: str


class PublicPerson(_Row):
    name: str
    certificate_no: str | None = Field(description="执法证号（T-6）")


class PublishedResult(_Row):
    department_code: str
    department_name: str
    matter_code: str
    result: str
    finding: str | None = Field(description="发现的问题（已脱敏, P-31）")


class PublicationRead(_Row):
    """检查结果公示 (R-7): what the 公示系统 receives and the public reads, redacted (T-6, P-31)."""

    visit_id: str
    credit_code: str
    entity_name: str
    region_code: str
    inspection_type: str
    lead_department: str
    departments: list[NamedDepartment]
    visited_on: date
    published_on: date
    late: bool = Field(description="超过公示期限（R-7）")
    results: list[PublishedResult]
    inspectors: list[PublicPerson]
    rule_ids: list[str]


class VisitRead(_Row):
    """一次入企检查 (综合查一次): every department's matters for one enterprise in one entry."""

    id: str
    visit_code: str = Field(description="检查码（扫码入企, E-10）")
    credit_code: str
    entity_name: str
    region_code: str
    lead_department: str = Field(description="牵头部门")
    departments: list[str]
    inspection_type: str = Field(description="日常 | 专项 | 个案 (E-14)")
    trigger: str | None = Field(description="个案检查触发来源（E-4, H-13）")
    trigger_ref: str | None
    window_from: date
    window_to: date
    status: str = Field(description="planned 待审批 | approved 已审批 | done 已完成 | cancelled 已取消")
    approved_by: str | None = Field(description="审批人（E-9）")
    approved_at: Instant | None
    checked_in_at: Instant | None = Field(description="扫码入企时间（E-10）")
    checked_in_by: str | None
    visited_on: date | None
    year: int
    rating: int | None = Field(description="企业评价 1–5")
    rating_comment: str | None
    rated_at: Instant | None
    results_published_at: Instant | None
    publication: PublicationRead | None
    created_at: Instant
    created_by: str


class VisitDetailRead(VisitRead):
    tasks: list[TaskRead]
    onsite_record: list[OnsiteRecordRead]
    inspectors: list[PersonRead]
    invitations: list[InvitationRead]
    publicity_clock: ClockRead | None = Field(description="结果公示期限（R-7）")


class VisitPage(_Row):
    items: list[VisitRead]
    next_cursor: str | None


class AgencyCount(_Row):
    department_code: str
    sector: str | None
    used: int
    cap: int = Field(description="该部门年度上限（E-3）")
    left: int


class CombinedCount(_Row):
    used: int
    cap: int = Field(description="合计年度上限（E-4）")
    left: int


class EntityInspectionsRead(_Row):
    """An enterprise's inspections of one year against the caps; 个案 ones counted apart (E-4, H-13)."""

    credit_code: str
    entity_name: str
    year: int
    agencies: list[AgencyCount]
    combined: CombinedCount
    case_triggered: int = Field(description="个案检查次数（不受上限限制，但计数）")
    rule_ids: list[str]


class PublicVisitRead(_Row):
    """What the enterprise sees by its visit code (扫码入企, E-10)."""

    visit_code: str
    entity_name: str
    lead_department: str
    departments: list[NamedDepartment]
    matter_codes: list[str]
    inspection_type: str
    window_from: date
    window_to: date
    status: str
    visited_on: date | None
    rating: int | None
    rated_at: Instant | None
    inspectors: list[PublicPerson]


class PublicationPage(_Row):
    items: list[PublicationRead]
    next_cursor: str | None
