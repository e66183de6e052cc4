"""What the 案卷评查 routes answer: campaigns, reviewed files, rectification items (moments in +08:00)."""

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from legality_review.domain.rubric import Grade
from platform_events import Instant, RegionCode
from platform_runtime.api_schemas import Page, Read


class RubricRead(Read):
    """The rubric and grade thresholds in force when the campaign was set up."""

    rubric: dict[str, float] = Field(description="评查项及分值")
    excellent_from: float = Field(description="优秀 起点分")
    pass_from: float = Field(description="合格 起点分（以下为不合格）")
    rectification_due_wd: int = Field(description="整改期限默认值，工作日")


class RectificationRead(Read):
    """整改事项: a problem found in a file, tracked to its acceptance."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0b7e4c2a-5f1d-4e8b-a3c9-6d2f1e0a9b84", "campaign_id": "3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f",
        "file_review_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "case_id": "c5e1a0d2-7b3f-4e59-8a61-0f2d9c4b7e13",
        "department_code": "DG-SCJG", "region_code": "210681", "dimension": "文书制作",
        "problem": "行政处罚决定书未载明申请行政复议、提起行政诉讼的途径和期限", "due_on": "2026-12-31",
        "status": "open", "result": None, "accepted_by": None, "closed_on": None, "overdue": False, "overdue_at": None,
        "created_at": "2026-12-01T15:02:11+08:00", "updated_at": "2026-12-01T15:02:11+08:00",
        "created_by": "P-SFJ-0005", "updated_by": "P-SFJ-0005"}]})

    id: str
    campaign_id: str
    file_review_id: str
    case_id: str
    department_code: str = Field(description="整改机关编码")
    region_code: RegionCode | None
    dimension: str = Field(description="评查项")
    problem: str = Field(description="发现的问题及整改要求")
    due_on: date = Field(description="整改期限")
    status: Literal["open", "closed"] = Field(description="整改中 / 已验收")
    result: str | None = Field(description="整改情况")
    accepted_by: str | None = Field(description="验收人")
    closed_on: date | None = Field(description="整改完成日期")
    overdue: bool | None = Field(description="是否逾期整改")
    overdue_at: Instant | None = Field(description="逾期提醒发出时间")
    created_at: Instant
    updated_at: Instant
    created_by: str
    updated_by: str


class RectificationPage(Page[RectificationRead]):
    """One page of rectification items."""


class FileReviewRead(Read):
    """一份被评查案卷: how it was selected, its scores and grade."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "campaign_id": "3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f",
        "case_id": "c5e1a0d2-7b3f-4e59-8a61-0f2d9c4b7e13", "case_no": "东市监罚〔2026〕118号",
        "department_code": "DG-SCJG", "region_code": "210681", "selection": "随机抽取", "status": "graded",
        "scores": {"主体": 10, "事实证据": 26, "程序": 18, "法律适用": 17, "文书制作": 7}, "total": 78.0, "grade": "合格",
        "reviewer": "东港市司法局评查组", "remarks": "证据充分，文书告知事项不全", "graded_on": "2026-12-01",
        "created_at": "2026-11-20T10:00:00+08:00", "updated_at": "2026-12-01T15:02:11+08:00",
        "created_by": "P-SFJ-0005", "updated_by": "P-SFJ-0005"}]})

    id: str
    campaign_id: str
    case_id: str
    case_no: str | None = Field(description="案号")
    department_code: str = Field(description="办案机关编码")
    region_code: RegionCode | None
    selection: Literal["选送", "重点评查", "随机抽取"] = Field(description="选取方式")
    status: Literal["pending", "graded"] = Field(description="待评查 / 已评定")
    scores: dict[str, float] | None = Field(description="各评查项得分")
    total: float | None = Field(description="总分")
    grade: Grade | None = Field(description="等次")
    reviewer: str | None = Field(description="评查人员")
    remarks: str | None = Field(description="评查意见")
    graded_on: date | None = Field(description="评定日期")
    created_at: Instant
    updated_at: Instant
    created_by: str
    updated_by: str


def _example(model: type[Read]) -> dict:
    return model.model_config["json_schema_extra"]["examples"][0]


class FileReviewDetailRead(FileReviewRead):
    """One reviewed file with its rectification items."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        _example(FileReviewRead) | {"rectifications": [_example(RectificationRead)]}]})

    rectifications: list[RectificationRead] = Field(description="该案卷的整改事项")


class CampaignFields(Read):
    id: str
    title: str = Field(description="评查活动名称")
    organiser: str = Field(description="组织机关")
    closed_from: date = Field(description="结案日期起")
    closed_to: date = Field(description="结案日期止（含）")
    department_codes: list[str] = Field(description="被评查机关；空 = 全部")
    random_count: int = Field(description="随机抽取案卷数")
    include_changed: bool = Field(description="重点评查：被撤销、变更或确认违法的案件")
    submitted_case_ids: list[str] = Field(description="选送案卷")
    seed: int = Field(description="随机种子：抽取可复核")
    region_code: str | None = Field(description="组织机关的行政区划（前缀；空 = 全国）")
    rubric: RubricRead
    status: Literal["planned", "drawn"] = Field(description="未抽取 / 已抽取")
    drawn_at: Instant | None = Field(description="抽取时间")
    created_at: Instant
    updated_at: Instant
    created_by: str
    updated_by: str


_CAMPAIGN_EXAMPLE = {
    "id": "3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f", "title": "2026年度东港市行政执法案卷评查", "organiser": "东港市司法局",
    "closed_from": "2026-01-01", "closed_to": "2026-10-31", "department_codes": ["DG-SCJG", "DG-ZHZF"],
    "random_count": 20, "include_changed": True, "submitted_case_ids": [], "seed": 80624176331,
    "region_code": "210681", "rubric": {"rubric": {"主体": 10, "事实证据": 30, "程序": 25, "法律适用": 25, "文书制作": 10},
                                        "excellent_from": 90, "pass_from": 60, "rectification_due_wd": 20},
    "status": "drawn", "drawn_at": "2026-11-20T10:00:00+08:00", "created_at": "2026-11-18T14:30:00+08:00",
    "updated_at": "2026-11-20T10:00:00+08:00", "created_by": "P-SFJ-0005", "updated_by": "P-SFJ-0005",
}


class CampaignRead(CampaignFields):
    """A 案卷评查 campaign as listed, with its number of files the caller sees."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CAMPAIGN_EXAMPLE | {"files": 24}]})

    files: int = Field(description="调用方可见的案卷数")


class CampaignPage(Page[CampaignRead]):
    """One page of 案卷评查 campaigns."""


class CampaignDetailRead(CampaignFields):
    """A campaign with its files, grade counts and rectification progress (as far as the caller sees)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CAMPAIGN_EXAMPLE | {
        "progress": "in_progress", "files": [], "grades": {"优秀": 3, "合格": 17, "不合格": 2}, "rectifications": [],
        "open_rectifications": 4}]})

    progress: Literal["planned", "in_progress", "completed"] = Field(
        description="completed: every file graded and every rectification item closed")
    files: list[FileReviewRead] = Field(description="被评查案卷")
    grades: dict[str, int] = Field(description="各等次案卷数（优秀 / 合格 / 不合格）")
    rectifications: list[RectificationRead] = Field(description="整改事项，按整改期限先后")
    open_rectifications: int = Field(description="未验收的整改事项数")
