"""What a plan is allowed to be: its kinds (annual, campaign with a quota, joint), its tasks' departments, scope,
ratios and windows, and the order of its steps from draft to published (R-3, R-9, R-6, E-6, E-9, E-13)."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from inspection_scheduling.domain.policy import CREDIT_CLASSES, InspectionPolicy
from platform_errors import FieldProblem, InvalidTransition
from platform_events import RegionCode
from platform_events.wire import SupportedDate

Code = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[^\s|]+$")]
EntityKind = Literal["enterprise", "individual", "product", "project", "other"]
Percent = Annotated[float, Field(ge=0, le=100)]


class Kind(StrEnum):
    annual = "annual"  # 年度抽查计划 of one department
    campaign = "campaign"  # 专项检查 with an annual quota (E-6)
    joint = "joint"  # 联合抽查: an initiating (发起) and cooperating (配合) departments


class Status(StrEnum):
    draft = "draft"
    approved = "approved"
    filed = "filed"
    published = "published"
    withdrawn = "withdrawn"


class TaskDraft(BaseModel):
    """One task: matters × scope × ratio per credit class × window."""

    title: str = Field(min_length=1, max_length=200, description="任务名称")
    departments: list[Code] = Field(min_length=1, max_length=20, description="参与部门（计划部门之内）")
    matter_codes: list[Code] = Field(min_length=1, max_length=200,
                                     description="抽查事项（须在参与部门已公布的随机抽查事项清单上，E-2）")
    region_codes: list[RegionCode] = Field(min_length=1, max_length=200,
                                           description="抽查范围：行政区划（6/9/12 位，发起部门辖区内）")
    industries: list[Annotated[str, StringConstraints(min_length=1, max_length=20)]] = Field(
        default_factory=list, max_length=50, description="行业（空 = 全部）")
    entity_kinds: list[EntityKind] = Field(default_factory=list, description="对象类型（空 = 全部）")
    ratio_by_class: dict[str, Percent] | None = Field(
        None, description="按信用等级的抽查比例，百分比 {A,B,C,D}（缺省取配置，R-6）")
    window_from: SupportedDate = Field(description="实施期间起")
    window_to: SupportedDate = Field(description="实施期间止（含）")


class PlanHeader(BaseModel):
    kind: Kind = Field(description="annual 年度抽查计划 | campaign 专项检查 | joint 联合抽查")
    title: str = Field(min_length=1, max_length=200, description="计划名称")
    year: int = Field(ge=2004, le=2035, description="计划年度")
    initiating_department: Code = Field(description="发起部门编码")
    cooperating_departments: list[Code] = Field(default_factory=list, max_length=30, description="配合部门编码")
    quota: int | None = Field(None, ge=1, le=10_000_000, description="专项检查年度检查数量上限（E-6）")


class PlanCreate(PlanHeader):
    tasks: list[TaskDraft] = Field(default_factory=list, max_length=200, description="计划任务")


class Filing(BaseModel):
    filed_with: str = Field(min_length=2, max_length=100, description="备案机关（上一级）")


class Withdrawal(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, description="撤回理由")


def departments_of(plan: PlanHeader) -> list[str]:
    """The plan's departments, initiating first."""
    return [plan.initiating_department, *plan.cooperating_departments]


def plan_problems(plan: PlanHeader) -> list[FieldProblem]:
    """What the kind asks of the header: a campaign states its quota (E-6, only a campaign has one); a joint plan
    has cooperating departments besides the initiating one (R-3, R-9); an annual plan is one department's."""
    problems = []
    if plan.kind is Kind.campaign and plan.quota is None:
        problems.append(FieldProblem("quota", "a campaign (专项检查) states its annual quota of inspections (E-6)"))
    if plan.kind is not Kind.campaign and plan.quota is not None:
        problems.append(FieldProblem("quota", "only a campaign (专项检查) has a quota"))
    if plan.kind is Kind.joint and not plan.cooperating_departments:
        problems.append(FieldProblem("cooperating_departments", "a joint plan names its cooperating (配合) "
                                                                "departments (R-3, R-9)"))
    if plan.kind is Kind.annual and plan.cooperating_departments:
        problems.append(FieldProblem("cooperating_departments", "an annual plan is one department's: make it a "
                                                                "joint plan to add cooperating departments"))
    departments = departments_of(plan)
    if len(set(departments)) != len(departments):
        problems.append(FieldProblem("cooperating_departments", "each department once, the initiating one not "
                                                                "among the cooperating"))
    return problems


def task_problems(plan: PlanHeader, task: TaskDraft, region: str, at: str = "") -> list[FieldProblem]:
    """A task's departments are the plan's, its scope lies in the initiating department's 区划 (data scope), its
    window in the plan's year, and its ratios name each credit class once (R-6). `at` prefixes each field name
    (`tasks.0`); none for a task sent alone."""
    def field(name: str) -> str:
        return f"{at}.{name}" if at else name

    problems = [FieldProblem(field("departments"), f"{d} is not a department of the plan")
                for d in task.departments if d not in departments_of(plan)]
    problems += [FieldProblem(field("region_codes"), f"{r} is outside the initiating department's 区划 {region}")
                 for r in task.region_codes if not r.startswith(region)]
    if task.window_to < task.window_from:
        problems.append(FieldProblem(field("window_to"), "before window_from"))
    problems += [FieldProblem(field(name), f"outside the plan's year {plan.year}")
                 for name in ("window_from", "window_to") if getattr(task, name).year != plan.year]
    if task.ratio_by_class is not None and set(task.ratio_by_class) != set(CREDIT_CLASSES):
        problems.append(FieldProblem(field("ratio_by_class"), "a percent for each credit class A, B, C and D (R-6)"))
    problems += [FieldProblem(field(name), "a value is repeated") for name in ("departments", "matter_codes",
                                                                               "region_codes")
                 if len(set(getattr(task, name))) != len(getattr(task, name))]
    return problems


def ratios(task: TaskDraft, policy: InspectionPolicy) -> dict[str, float]:
    """The task's ratio per credit class: as stated, else the configured default (R-5: no national ratio, R-6:
    local ratios by class)."""
    return dict(task.ratio_by_class) if task.ratio_by_class is not None else dict(policy.ratio_by_class)


def inspection_type(kind: Kind) -> str:
    """日常 (routine) for annual and joint plans, 专项 for a campaign: the types of inspection the visits count."""
    return "专项" if kind is Kind.campaign else "日常"


#: step -> (the statuses it may start from, the status it leads to): approved (E-9), filed and published (E-13);
#: a plan is withdrawn from any status but withdrawn (draws already completed stay on record)
STEPS: dict[str, tuple[tuple[Status, ...], Status]] = {
    "approval": ((Status.draft,), Status.approved),
    "filing": ((Status.approved,), Status.filed),
    "publication": ((Status.filed,), Status.published),
    "withdrawal": ((Status.draft, Status.approved, Status.filed, Status.published), Status.withdrawn),
}
RULE_OF_STEP = {"approval": "E-9", "filing": "E-13", "publication": "E-13", "withdrawal": None}


def next_status(current: str, step: str) -> Status:
    """The status `step` leads to from `current`; InvalidTransition (409) naming the statuses it starts from."""
    starts, leads_to = STEPS[step]
    if current not in starts:
        raise InvalidTransition((f"计划当前状态为 {current}，不能进行此操作（{step}）",
                                 f"a {current} plan cannot take the {step} step"),
                                rule=RULE_OF_STEP[step], allowed=[s.value for s in starts], current=current)
    return leads_to


def editable(current: str) -> None:
    """Only a draft is edited (its header and tasks); approval fixes it (E-9)."""
    if current != Status.draft:
        raise InvalidTransition((f"计划当前状态为 {current}，只有草稿可以修改", f"a {current} plan is not edited: "
                                 "only a draft is"), rule="E-9", allowed=[Status.draft.value], current=current)


def filing_due(kind: str, year: int, policy: InspectionPolicy) -> date | None:
    """The filing deadline of an annual or joint plan (E-13, configurable: 31 March of its year); a campaign is
    set up during the year and has none."""
    return None if kind == Kind.campaign else policy.filing_due(year)


def filed_late(filed_on: date | None, due: date | None) -> bool:
    """Filed after its deadline (E-13): allowed, and marked."""
    return filed_on is not None and due is not None and filed_on > due
