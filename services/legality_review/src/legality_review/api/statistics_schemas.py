"""What the statistics routes answer: figures per agency, each counting only what the caller's data scope reaches."""

from datetime import date

from pydantic import ConfigDict, Field

from legality_review.domain.checklist import Check
from platform_runtime.api_schemas import Read


class CheckCount(Read):
    check: Check = Field(description="审核事项 (L-4)")
    label: str = Field(description="审核事项名称")
    count: int = Field(description="发现问题的次数")


class ReviewFigures(Read):
    department_code: str | None = Field(description="机关编码；合计行为 null")
    received: int = Field(description="收到送审轮次")
    concluded: int = Field(description="已出具意见")
    open: int = Field(description="审核中")
    outcomes: dict[str, int] = Field(description="各审核意见的数量（同意 / 不同意 / 建议修改后提交）")
    pass_rate: float | None = Field(description="同意率（已出具意见中）")
    first_round_pass_rate: float | None = Field(description="首轮同意率")
    corrections_by_check: list[CheckCount] = Field(description="各审核事项发现问题的次数")
    average_review_wd: float | None = Field(description="平均审核用时，工作日 (L-6)")
    overdue: int = Field(description="超期轮次")
    open_overdue: int = Field(description="超期且仍在审核")


class ReviewStatistics(Read):
    """法制审核 per agency and in total, for rounds received in the period."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "received_from": "2026-01-01", "received_to": "2026-11-30", "departments": [{
            "department_code": "DG-SCJG", "received": 42, "concluded": 39, "open": 3,
            "outcomes": {"同意": 31, "建议修改后提交": 6, "不同意": 2}, "pass_rate": 0.7949,
            "first_round_pass_rate": 0.75, "corrections_by_check": [
                {"check": "law_and_benchmark", "label": "⑤ 适用法律、法规、规章是否准确，裁量基准运用是否适当", "count": 5}],
            "average_review_wd": 4.36, "overdue": 1, "open_overdue": 0}],
        "total": {"department_code": None, "received": 42, "concluded": 39, "open": 3,
                  "outcomes": {"同意": 31, "建议修改后提交": 6, "不同意": 2}, "pass_rate": 0.7949,
                  "first_round_pass_rate": 0.75, "corrections_by_check": [], "average_review_wd": 4.36, "overdue": 1,
                  "open_overdue": 0}}]})

    received_from: date
    received_to: date
    departments: list[ReviewFigures]
    total: ReviewFigures


class RectificationCounts(Read):
    open: int
    closed: int
    overdue: int


class FileReviewFigures(Read):
    department_code: str
    graded: int = Field(description="已评定案卷数")
    grades: dict[str, int] = Field(description="各等次案卷数（优秀 / 合格 / 不合格）")
    average_score: float | None = Field(description="平均分")
    rectifications: RectificationCounts = Field(description="整改事项")


class FileReviewStatistics(Read):
    """案卷评查 per agency: grades, average score, rectification progress."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "campaign_id": "3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f", "departments": [{
            "department_code": "DG-ZHZF", "graded": 12, "grades": {"优秀": 2, "合格": 9, "不合格": 1},
            "average_score": 79.5, "rectifications": {"open": 2, "closed": 5, "overdue": 1}}]}]})

    campaign_id: str | None
    departments: list[FileReviewFigures]


class StaffingFigures(Read):
    department_code: str
    enforcement_staff: int = Field(description="在岗执法人员（不含辅助人员）")
    reviewers: int = Field(description="法制审核人员")
    ratio: float | None = Field(description="法制审核人员占比")
    warning: bool = Field(description="低于配置的比例 (L-8)：提醒，不拒绝")


class ReviewerStaffing(Read):
    """法制审核 staff against enforcement staff per agency (L-8)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "threshold": 0.05, "rule": "L-8", "departments": [{
            "department_code": "DG-SCJG", "enforcement_staff": 46, "reviewers": 3, "ratio": 0.0652,
            "warning": False}]}]})

    threshold: float = Field(description="配置的比例")
    rule: str
    departments: list[StaffingFigures]
