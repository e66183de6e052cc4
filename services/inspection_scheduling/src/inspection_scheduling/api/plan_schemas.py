"""What the plan routes answer: plans with their tasks (moments in +08:00)."""

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from inspection_scheduling.domain.plans import Kind, Status
from platform_events import Instant, RegionCode
from platform_runtime.api_schemas import Page, Read

_TASK_EXAMPLE = {
    "id": "6f1d2c3b-4a5e-4f60-8b7a-9c0d1e2f3a4b", "plan_id": "2b7c9e1a-3d4f-4a5b-8c6d-7e8f9a0b1c2d", "seq": 1,
    "title": "食品经营者日常监督抽查", "inspection_type": "日常", "departments": ["DG-SCJG", "DG-WJW"],
    "matter_codes": ["DG-SCJG-JC-001"], "region_codes": ["210681"], "industries": ["H"],
    "entity_kinds": ["enterprise"], "ratio_by_class": {"A": 5, "B": 20, "C": 60, "D": 100},
    "window_from": "2027-04-01", "window_to": "2027-10-31"}


class TaskRead(Read):
    """一项计划任务: matters × scope × ratio per credit class × window."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TASK_EXAMPLE]})

    id: str
    plan_id: str
    seq: int = Field(description="任务序号")
    title: str = Field(description="任务名称")
    inspection_type: Literal["日常", "专项"] = Field(description="检查类型：年度/联合计划为日常，专项检查为专项")
    departments: list[str] = Field(description="参与部门")
    matter_codes: list[str] = Field(description="抽查事项（已公布的随机抽查事项清单，E-2）")
    region_codes: list[RegionCode] = Field(description="抽查范围：行政区划")
    industries: list[str] = Field(description="行业（空 = 全部）")
    entity_kinds: list[str] = Field(description="对象类型（空 = 全部）")
    ratio_by_class: dict[str, float] = Field(description="按信用等级的抽查比例，百分比（R-6）")
    window_from: date = Field(description="实施期间起")
    window_to: date = Field(description="实施期间止（含）")


class PlanRead(Read):
    """一份检查计划: 年度抽查计划, 专项检查 or 联合抽查, from draft to published."""

    id: str
    kind: Kind = Field(description="annual 年度抽查计划 | campaign 专项检查 | joint 联合抽查")
    title: str = Field(description="计划名称")
    year: int = Field(description="计划年度")
    initiating_department: str = Field(description="发起部门")
    cooperating_departments: list[str] = Field(description="配合部门")
    departments: list[str] = Field(description="全部部门，发起部门在前")
    region_code: RegionCode = Field(description="发起部门的行政区划")
    quota: int | None = Field(description="专项检查年度检查数量（E-6）")
    inspections_used: int = Field(description="已实施的检查（计划下未取消的入企检查）")
    remaining_quota: int | None = Field(description="专项检查剩余数量")
    status: Status = Field(description="draft 草稿 | approved 已审批 | filed 已备案 | published 已公布 | withdrawn 已撤回")
    approved_by: str | None = Field(description="审批人（E-9）")
    approved_at: Instant | None
    filing_due_on: date | None = Field(description="备案期限（E-13）")
    filed_with: str | None = Field(description="备案机关")
    filed_at: Instant | None
    filed_late: bool = Field(description="逾期备案（E-13）")
    published_at: Instant | None
    withdrawn_reason: str | None = Field(description="撤回理由")
    created_at: Instant
    updated_at: Instant
    created_by: str
    updated_by: str


class PlanDetailRead(PlanRead):
    """A plan with its tasks in order."""

    tasks: list[TaskRead]


class PlanPage(Page[PlanRead]):
    """One page of plans."""
