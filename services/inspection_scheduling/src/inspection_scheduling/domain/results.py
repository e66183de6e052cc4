"""What a visit's execution records and how its results are published: the requests of an inspection (asked for,
scanned, recorded, observed, rated), the per-matter result values, the on-site record's inspectors (R-10), the
results-publicity period (R-7) and the redaction of what the public sees (T-6, P-31)."""

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from inspection_scheduling.domain.policy import InspectionPolicy
from platform_calendar import DueDate, WorkCalendar
from platform_errors import FieldProblem, RuleViolation
from platform_events.personal import find_personal, is_credit_code, mask
from platform_events.wire import SupportedDate, SupportedInstant

#: the rule every results-publicity clock cites (working days on the statutory calendar)
PUBLICITY_RULE_IDS = ("R-7",)
MIN_INSPECTORS = 2  # rule R-10: at least two inspectors on the record of every matter


class Result(StrEnum):
    """检查结果 of one matter."""

    no_problem = "no_problem"  # 未发现问题
    problem_found = "problem_found"  # 发现问题: a 案源线索 in case_intake
    not_applicable = "not_applicable"  # 不适用 (e.g. the enterprise does not carry on that activity)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VisitCreate(_Request):
    """一次 个案 or single routine inspection of an entity of the object pool by the caller's agency."""

    credit_code: str = Field(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$", description="统一社会信用代码")
    department_code: str | None = Field(None, max_length=40, description="实施检查的部门：调用方所属机关之一"
                                        "（仅属一个机关时可省略）")
    inspection_type: Literal["日常", "专项", "个案"] = Field(description="检查类型（E-14）")
    trigger: str | None = Field(None, max_length=20, description="个案检查的触发来源（E-4, H-13）：12345 | "
                                "complaint | referral | rectification …")
    trigger_ref: str | None = Field(None, max_length=100, description="触发来源编号：12345 工单号、投诉编号…")
    matter_codes: list[str] = Field(min_length=1, max_length=50, description="检查事项（已公布的检查事项清单，E-2）")
    inspectors: list[str] = Field(default_factory=list, max_length=10, description="指派的执法检查人员（人员编号）")
    window_from: SupportedDate = Field(description="检查期间起")
    window_to: SupportedDate = Field(description="检查期间止（含）")


class CheckIn(_Request):
    visit_code: str = Field(min_length=4, max_length=16, description="扫描到的检查码（E-10）")


class OnsiteRecord(_Request):
    """现场检查笔录 (E-9)."""

    inspectors: list[str] = Field(min_length=1, max_length=20, description="在场执法检查人员（人员编号，R-10 至少 2 名）")
    started_at: SupportedInstant = Field(description="检查开始时间")
    ended_at: SupportedInstant = Field(description="检查结束时间")
    checked: str = Field(min_length=2, max_length=5000, description="检查内容")
    representative_signed: bool = Field(description="企业负责人或现场人员是否签字确认")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> "OnsiteRecord":
        if self.ended_at <= self.started_at:
            raise ValueError("ended_at is after started_at")
        return self


class TaskResult(_Request):
    task_id: str = Field(max_length=36)
    result: "Result" = Field(description="no_problem 未发现问题 | problem_found 发现问题 | not_applicable 不适用")
    finding: str | None = Field(None, max_length=5000, description="发现的问题（发现问题时必填）")

    @model_validator(mode="after")
    def _finding_with_a_problem(self) -> "TaskResult":
        if (self.result is Result.problem_found) != bool(self.finding and self.finding.strip()):
            raise ValueError("a finding is given exactly when a problem is found")
        return self


class ResultsRecord(_Request):
    """The results of some or all of a visit's matters, with the on-site record they were found in."""

    visited_on: SupportedDate = Field(description="检查日期")
    record: OnsiteRecord
    results: list[TaskResult] = Field(min_length=1, max_length=100)


class InvitationCreate(_Request):
    invitee: str = Field(min_length=1, max_length=100, description="受邀人")
    organisation: str = Field(min_length=1, max_length=200, description="所在单位")
    role: str = Field(min_length=1, max_length=40, description="人大代表 | 政协委员 | 行风监督员 | 企业代表 …")


class Feedback(_Request):
    feedback: str = Field(min_length=1, max_length=5000, description="受邀人的意见")


class Rating(_Request):
    rating: int = Field(ge=1, le=5, description="评价：1–5")
    comment: str | None = Field(None, max_length=2000, description="评价意见")


def check_inspectors(task_id: str, present: Collection[str], qualified: Collection[str]) -> None:
    """Rule R-10: at least two of the inspectors on the record are qualified for the task — its drawn (assigned)
    inspectors, or, for a task without assigned ones, certified officers of its department (E-1)."""
    found = sorted(set(present) & set(qualified))
    if len(found) < MIN_INSPECTORS:
        raise RuleViolation((f"检查任务 {task_id} 的现场检查笔录须有至少 {MIN_INSPECTORS} 名该任务的执法检查人员，"
                             f"现为 {len(found)} 名",
                             f"the on-site record of task {task_id} needs at least {MIN_INSPECTORS} of its "
                             f"inspectors; it has {len(found)}"), rule="R-10",
                            errors=[FieldProblem("record.inspectors", "at least two of the task's inspectors")])


def results_due(visited_on: date, calendar: WorkCalendar, policy: InspectionPolicy) -> DueDate:
    """Rule R-7: results are published within `results_deadline_wd` working days after the visit (day 1 the first
    working day after it), on the statutory calendar; provisional across a year without its holiday notice."""
    return calendar.add_working_days(visited_on, policy.results_deadline_wd)


def warn_on(due: date, calendar: WorkCalendar, policy: InspectionPolicy) -> date:
    """`results_warn_before_wd` working days before the due date (0: on the due date)."""
    n = policy.results_warn_before_wd
    return calendar.subtract_working_days(due, n).due if n else due


def redact(text: str | None) -> str | None:
    """A finding as published: phone, ID and bank card numbers masked (P-31); a 统一社会信用代码 stays, it is the
    public identifier of the party (T-6), even when its digits pass a card's checksum."""
    if not text:
        return text
    for found in reversed(find_personal(text)):  # from the end, so earlier offsets still hold
        if found.kind == "bank_card" and is_credit_code(found.text):
            continue
        text = text[:found.start] + mask(found) + text[found.end:]
    return text


def publication(visit: Mapping, tasks: Iterable[Mapping], inspectors: Iterable[Mapping],
                departments: Mapping[str, str], published_on: date, late: bool) -> dict:
    """The results as the 公示系统 and the public routes show them (R-7): the agencies, the party, each matter's
    result with its finding redacted, the inspectors by name and certificate number (T-6) — no other person's
    data, no phone, no ID number (P-31)."""
    return {
        "visit_id": visit["id"], "credit_code": visit["credit_code"], "entity_name": visit["entity_name"],
        "region_code": visit["region_code"], "inspection_type": visit["inspection_type"],
        "lead_department": visit["lead_department"],
        "departments": [{"code": code, "name": departments.get(code, code)} for code in visit["departments"]],
        "visited_on": visit["visited_on"].isoformat(), "published_on": published_on.isoformat(), "late": late,
        "results": [{"department_code": x["department_code"], "department_name": departments.get(
            x["department_code"], x["department_code"]), "matter_code": x["matter_code"], "result": x["result"],
            "finding": redact(x["finding"])} for x in sorted(tasks, key=lambda x: (x["department_code"],
                                                                                      x["matter_code"]))],
        "inspectors": [{"name": x["name"], "certificate_no": x["certificate_no"]} for x in inspectors],
        "rule_ids": ["R-7", "T-6", "P-31"],
    }
