"""What the 法制审核 routes answer: a review round with its clock, its assignments, the checklist, the reviewer pool.

Read models forbid unknown fields: a column a query starts returning without its model fails the integration tests
instead of vanishing from the contract. Moments are `Instant` (ISO 8601 in +08:00), days are `date`.
"""

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field

from legality_review.application.review_queries import Status
from legality_review.domain.checklist import Check, Outcome
from platform_events import Instant, RegionCode
from platform_runtime.api_schemas import Page, Read
from platform_runtime.clock_schemas import ClockRead


class ReviewSnapshot(Read):
    """送审材料 as received: what the reviewer reviews (open documents of the deciding agency's case system)."""

    proposal: dict[str, Any] = Field(description="拟作出的决定")
    evidence: list[dict[str, Any]] = Field(description="证据清单")
    evaluation: dict[str, Any] | None = Field(description="清单与裁量基准评估")
    history: list[dict[str, Any]] = Field(description="程序经过")


class ReviewExtension(Read):
    """An approved extension of the review period (L-6), as recorded on the round."""

    working_days: int = Field(description="延长的工作日")
    approved_by: str = Field(description="批准人")
    reason: str = Field(description="延长理由")
    to: date | None = Field(description="延长后的期限届满日")
    on: date = Field(description="登记日期")
    recorded_by: str = Field(description="登记人（令牌主体）")


class CheckItemRead(Read):
    check: Check = Field(description="审核事项 (L-4)")
    label: str = Field(description="审核事项名称")
    result: Literal["pass", "problem"] = Field(description="通过 / 存在问题")
    note: str = Field(description="问题及修改意见")


class AssignmentRead(Read):
    reviewer: str = Field(description="审核人员 person_no")
    previous_reviewer: str | None = Field(description="改派前的审核人员")
    reason: str | None = Field(description="改派理由")
    assigned_on: date = Field(description="分配日期")
    how: Literal["balanced", "chosen"] = Field(description="均衡分配 / 指定")
    created_by: str = Field(description="操作者（令牌主体，或 legality_review 自动分配）")
    created_at: Instant


_REVIEW_EXAMPLE: dict[str, Any] = {
    "id": "6f0c2b1e-3d4a-4c7e-9b8f-1a2d3e4f5a6b", "case_id": "c5e1a0d2-7b3f-4e59-8a61-0f2d9c4b7e13",
    "case_no": "东市监罚〔2026〕118号", "round": 1, "previous_review_id": None, "source": "case_intake",
    "department_code": "DG-SCJG", "region_code": "210681", "matter_code": "DG-SCJG-CF-009",
    "party_type": "organisation", "party_name": "东港市海鲜水产批发有限公司", "grounds": ["罚款数额较大"],
    "officers": ["P-SCJG-0012", "P-SCJG-0027"],
    "snapshot": {"proposal": {"measure": "罚款", "fine_cny": "80000"}, "evidence": [{"name": "现场检查笔录"}],
                 "evaluation": None, "history": [{"step": "立案", "on": "2026-10-09"}]},
    "received_on": "2026-11-30", "extended_wd": 0, "extensions": [], "status": "assigned",
    "reviewer": "P-SCJG-0003", "assigned_on": "2026-11-30", "outcome": None, "items": None, "opinion": None,
    "signed_by": None, "concluded_at": None, "concluded_on": None, "created_at": "2026-11-30T09:12:40+08:00",
    "updated_at": "2026-11-30T09:12:41+08:00", "created_by": "case_intake", "updated_by": "legality_review",
    "due_on": "2026-12-07", "provisional": False, "clock": None, "overdue": False,
}


class ReviewRead(Read):
    """A 法制审核 round (送审轮次) with its review period beside it (L-6) and its clock as every API shows clocks."""

    model_config = ConfigDict(json_schema_extra={"examples": [_REVIEW_EXAMPLE]})

    id: str
    case_id: str = Field(description="案件标识")
    case_no: str | None = Field(description="案号")
    round: int = Field(description="送审轮次：再次送审为新的一轮，之前各轮保留")
    previous_review_id: str | None = Field(description="同一案件上一轮")
    source: Literal["case_intake", "rest"] = Field(description="送审来源：case_intake 事件，或其他系统直接送审")
    department_code: str = Field(description="办案机关编码")
    region_code: RegionCode | None = Field(description="办案机关行政区划")
    matter_code: str | None = Field(description="执法事项编码")
    party_type: str | None = Field(description="当事人类型")
    party_name: str | None = Field(description="当事人名称")
    grounds: list[str] = Field(description="须审核的情形 (L-1, L-5)；空 = 机关主动送审")
    officers: list[str] = Field(description="承办人员 person_no (P-3: never the reviewers)")
    snapshot: ReviewSnapshot
    received_on: date = Field(description="收到送审材料之日：审核期限自此起算")
    extended_wd: int = Field(description="已延长的工作日合计 (L-6)")
    extensions: list[ReviewExtension] = Field(description="经批准的延长")
    status: Status = Field(description="received 待分配 / assigned 审核中 / concluded 已出具意见")
    reviewer: str | None = Field(description="审核人员 person_no")
    assigned_on: date | None = Field(description="分配日期")
    outcome: Outcome | None = Field(description="审核意见 (L-7)")
    items: list[CheckItemRead] | None = Field(description="九项审核事项的结论 (L-4)")
    opinion: str | None = Field(description="审核意见书正文")
    signed_by: str | None = Field(description="法制机构负责人签字 (L-4)")
    concluded_at: Instant | None = Field(description="出具意见时间")
    concluded_on: date | None = Field(description="出具意见日期")
    created_at: Instant
    updated_at: Instant
    created_by: str
    updated_by: str
    due_on: date | None = Field(description="审核期限届满日 (L-6)")
    provisional: bool = Field(description="暂定：期限计算用到尚未公布节假日安排的年份")
    clock: ClockRead | None = Field(description="审核期限 (L-6)")
    overdue: bool = Field(description="未出具意见且已超期")


class ReviewDetailRead(ReviewRead):
    """One round with its reviewer assignment history (分配、改派记录)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_REVIEW_EXAMPLE | {"assignments": [{
        "reviewer": "P-SCJG-0003", "previous_reviewer": None, "reason": None, "assigned_on": "2026-11-30",
        "how": "balanced", "created_by": "legality_review", "created_at": "2026-11-30T09:12:41+08:00"}]}]})

    assignments: list[AssignmentRead] = Field(description="审核人员分配、改派记录，先后为序")


class ReviewPage(Page[ReviewRead]):
    """One page of review rounds."""


class ChecklistEntry(Read):
    check: Check
    label: str = Field(description="审核事项名称")


class ChecklistRead(Read):
    """The nine checks of 法制审核 (L-4) and the outcomes a conclusion may take (L-7)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "checks": [{"check": "subject_lawful", "label": "① 执法主体是否合法"},
                   {"check": "officers_qualified", "label": "② 执法人员是否具备执法资格"}],
        "outcomes": ["同意", "不同意", "建议修改后提交"], "rules": ["L-4", "L-7"]}]})

    checks: list[ChecklistEntry]
    outcomes: list[Outcome]
    rules: list[str]


class RuleRefusal(Read):
    rule: str = Field(description="规则编号")
    reason: str


class ReviewerRead(Read):
    """法制审核 staff who could review for an agency, with eligibility (L-2, P-3, L-9) and open workload."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "person_no": "P-SCJG-0003", "name": "李静", "department_code": "DG-SCJG",
        "legal_professional_qualification": True, "experienced": True, "open_reviews": 2, "eligible": True,
        "refusal": None}]})

    person_no: str
    name: str
    department_code: str
    legal_professional_qualification: bool = Field(description="法律职业资格 (L-2)")
    experienced: bool = Field(description="此前已从事法制审核（初次从事者须具备法律职业资格, L-2）")
    open_reviews: int = Field(description="在审数量")
    eligible: bool = Field(description="可否审核该机关的案件")
    refusal: RuleRefusal | None = Field(description="不可审核的规则与理由")


class ExperienceRead(Read):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "person_no": "P-SCJG-0003", "reviewing_since": "2019-03-01", "basis": "东市监人〔2019〕12号 任职文件"}]})

    person_no: str
    reviewing_since: date = Field(description="开始从事法制审核之日")
    basis: str = Field(description="依据，如任职文件文号")


class CaseReviews(Read):
    """Every round of one case, oldest first: the whole of a bounded list in one page (`next_cursor` is null)."""

    items: list[ReviewRead]
    next_cursor: None = None


class Reviewers(Read):
    """The 法制审核 staff who could review for one agency: the whole bounded list in one page."""

    items: list[ReviewerRead]
    next_cursor: None = None
