"""Settings of case_intake, env prefix CASE_INTAKE_ (CONVENTIONS.md: Configuration)."""

from typing import Literal

from pydantic import BaseModel, Field

from case_intake.domain.credit import CreditPolicy
from case_intake.domain.policy import CasePolicy
from case_intake.domain.publicity import PublicityPolicy
from platform_settings import ConsumerSettings, HttpSettings, ServiceSettings, service_config
from platform_settings.calendar import CalendarSettings


class CaseIntakeHttp(HttpSettings):
    port: int = 8001


class CaseIntakeConsumer(ConsumerSettings):
    group_id: str = "case_intake"


class ListManagementClient(BaseModel):
    """list_management's REST API: the advisory evaluation of lists and benchmarks recorded with a decision."""

    base_url: str = Field("http://127.0.0.1:8002", description="list_management's address")
    timeout_s: float = Field(5.0, gt=0)


class Settings(ServiceSettings):
    model_config = service_config("CASE_INTAKE_")

    service_name: str = "case_intake"
    http: CaseIntakeHttp = CaseIntakeHttp()
    consumer: CaseIntakeConsumer = CaseIntakeConsumer()
    topics_file: str | None = None
    list_management: ListManagementClient = Field(default_factory=ListManagementClient)
    rules: CasePolicy = Field(default_factory=CasePolicy, description="DOMAIN §10 keys (case.*, hearing.*)")
    publicity: PublicityPolicy = Field(default_factory=PublicityPolicy, description="DOMAIN §10 publicity.*")
    credit: CreditPolicy = Field(default_factory=CreditPolicy, description="DOMAIN §10 credit.*")
    deadline_scan_interval_s: float = Field(60.0, gt=0, description="how often clocks are checked for due/overdue")
    received_at_skew_s: int = Field(
        300, ge=0, le=3600, description="how far a clue's received_at may run ahead of this clock (the sender's clock "
        "skew) before registration refuses it as a future receipt time (platform_calendar.future_receipt)")
    calendar: CalendarSettings = CalendarSettings()
    calendar_unknown_year: Literal["error", "provisional"] = Field(
        "provisional", description="a year without its 放假安排 notice: holidays + weekends, flagged provisional (§1.2)")
