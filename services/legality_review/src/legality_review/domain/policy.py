"""The numbers DOMAIN §10 leaves to localities (`review.*`) and the 案卷评查 rubric: configuration with defaults."""

from pydantic import BaseModel, Field, model_validator

#: policy 003 item 4(2): the seven aspects a case file is reviewed on, with the default weight of each (100 in all)
DEFAULT_RUBRIC: dict[str, float] = {"卷宗装订": 10, "卷宗材料": 15, "执法程序": 20, "事实认定": 15, "证据采信": 15,
                                    "适用法律": 15, "执法效果": 10}


class ReviewPolicy(BaseModel):
    """DOMAIN §10 `review.*`."""

    review_deadline_wd: int = Field(10, ge=1, le=60, description="审核期限，工作日 (L-6; market regulation S-4: 10)")
    warn_before_wd: int = Field(2, ge=0, le=20, description="到期前提醒，工作日")
    max_extension_wd: int = Field(10, ge=0, le=60, description="经批准可延长的工作日合计 (L-6)")
    pooled_online: bool = Field(False, description="审核人员跨部门统筹、网上审核 (L-9; Zhejiang: true)")
    reviewer_area: str = Field("法制审核", description="人员信息中标明法制审核岗位的执法领域 (list_management)")
    auto_assign: bool = Field(True, description="收到送审后按在审数量自动分配审核人员")
    staff_ratio_warning: float = Field(0.05, ge=0, le=1, description="法制审核人员占执法人员比例低于此值时提示 "
                                                                     "(L-8: no confirmed source — a warning only)")


class FileReviewPolicy(BaseModel):
    """案卷评查: the rubric and grade thresholds (policy 003 item 4 names the aspects and the three grades, not the
    points: these defaults are this platform's, to be set by the 司法行政部门 running the review)."""

    rubric: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_RUBRIC), description="评查项及分值")
    excellent_from: float = Field(90, description="优秀 起点分")
    pass_from: float = Field(60, description="合格 起点分（以下为不合格）")
    rectification_due_wd: int = Field(20, ge=1, le=120, description="整改期限默认值，工作日")

    @model_validator(mode="after")
    def _consistent(self) -> "FileReviewPolicy":
        if not self.rubric or any(w <= 0 for w in self.rubric.values()):
            raise ValueError("the rubric needs at least one aspect, each with a positive weight")
        if not 0 < self.pass_from <= self.excellent_from <= sum(self.rubric.values()):
            raise ValueError("0 < pass_from <= excellent_from <= the rubric's total")
        return self
