"""The numbers DOMAIN §10 leaves to localities (`random.*`, `inspection.*`): configuration with documented defaults."""

from datetime import date

from pydantic import BaseModel, Field, field_validator, model_validator

CREDIT_CLASSES = ("A", "B", "C", "D")
#: 个案检查 (case-triggered) triggers exempt from the yearly caps but counted (E-4, H-13)
DEFAULT_EXEMPT_TRIGGERS = ("12345", "petition", "complaint", "assignment", "monitoring", "media", "referral",
                           "rectification", "enterprise_request", "licensing", "emergency")


class AnnualCap(BaseModel):
    """Routine (日常/专项) inspections of one enterprise per year (E-3, E-4); 个案 ones are exempt but counted."""

    agency: int = Field(2, ge=1, le=52, description="per inspecting agency (E-3; health example 2)")
    combined: int = Field(4, ge=1, le=104, description="all agencies together (E-4; health example 4)")

    @model_validator(mode="after")
    def _combined_at_least_agency(self) -> "AnnualCap":
        if self.combined < self.agency:
            raise ValueError("the combined cap cannot be below the per-agency cap")
        return self


class InspectionPolicy(BaseModel):
    """DOMAIN §10 `random.*` and `inspection.*`."""

    ratio_by_class: dict[str, float] = Field(
        default_factory=lambda: {"A": 5.0, "B": 20.0, "C": 60.0, "D": 100.0},
        description="抽查比例 by credit class, percent (R-5, R-6: Daqing's upper bounds)")
    inspectors_per_object: int = Field(2, ge=2, le=10, description="执法检查人员 per object (R-10: at least 2)")
    results_deadline_wd: int = Field(20, ge=1, le=120, description="results publicity, working days after the visit "
                                                                  "(R-7, anchor T-13)")
    results_warn_before_wd: int = Field(3, ge=0, le=20, description="warn this many working days before the deadline")
    annual_cap: AnnualCap = Field(default_factory=AnnualCap, description="default yearly caps (E-3, E-4)")
    annual_cap_by_sector: dict[str, AnnualCap] = Field(
        default_factory=dict, description="yearly caps of a sector (the department's 行业领域), overriding the default")
    cap_exempt_triggers: tuple[str, ...] = Field(DEFAULT_EXEMPT_TRIGGERS, description="个案 triggers (E-4, H-13)")
    repeat_warning_days: int = Field(30, ge=1, le=366, description="another visit within this many days warns (E-14)")
    no_findings_exclusion_days: int = Field(
        0, ge=0, le=1095, description="an entity inspected without findings within this many days is left out of "
                                      "routine draws (E-5); 0: never")
    plan_due_month_day: tuple[int, int] = Field((3, 31), description="annual plans filed by this month and day of "
                                                                     "the plan's year (E-13: 31 March)")
    bundle_window_days: int = Field(30, ge=0, le=366, description="drawn tasks for one enterprise whose windows "
                                                                  "overlap within this slack join one visit (综合查一次)")
    scan_to_enter: bool = Field(False, description="扫码入企: a visit is recorded only with its visit code (E-10)")

    @field_validator("ratio_by_class")
    @classmethod
    def _every_class(cls, value: dict[str, float]) -> dict[str, float]:
        if set(value) != set(CREDIT_CLASSES) or any(not 0 <= v <= 100 for v in value.values()):
            raise ValueError("a ratio in percent (0–100) for each of A, B, C and D")
        return value

    def cap_of(self, sector: str | None) -> AnnualCap:
        return self.annual_cap_by_sector.get(sector or "", self.annual_cap)

    def filing_due(self, year: int) -> date:
        month, day = self.plan_due_month_day
        return date(year, month, day)
