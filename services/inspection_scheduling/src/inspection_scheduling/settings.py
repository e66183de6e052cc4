"""Settings of inspection_scheduling, env prefix INSPECTION_SCHEDULING_ (CONVENTIONS.md: Configuration)."""

from typing import Literal

from pydantic import Field

from inspection_scheduling.domain.policy import InspectionPolicy
from platform_settings import ConsumerSettings, HttpSettings, ServiceSettings, service_config
from platform_settings.calendar import CalendarSettings
from platform_settings.webhooks import WebhookEndpoint, WebhookSettings


class InspectionHttp(HttpSettings):
    port: int = 8004


class InspectionConsumer(ConsumerSettings):
    group_id: str = "inspection_scheduling"


class Settings(ServiceSettings):
    model_config = service_config("INSPECTION_SCHEDULING_")

    service_name: str = "inspection_scheduling"
    http: InspectionHttp = InspectionHttp()
    consumer: InspectionConsumer = InspectionConsumer()
    topics_file: str | None = None
    rules: InspectionPolicy = Field(default_factory=InspectionPolicy, description="DOMAIN §10 random.*, inspection.*")
    publicity: WebhookEndpoint = Field(default_factory=WebhookEndpoint,
                                       description="the 国家企业信用信息公示系统 endpoint results are pushed to (R-7)")
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings, description="retries of every webhook sent")
    import_max_bytes: int = Field(512 * 1024 * 1024, ge=1024, description="largest object-pool file accepted")
    deadline_scan_interval_s: float = Field(60.0, gt=0, description="how often publicity clocks are checked")
    calendar: CalendarSettings = CalendarSettings()
    calendar_unknown_year: Literal["error", "provisional"] = Field(
        "provisional", description="a year without its 放假安排 notice: holidays + weekends, flagged provisional (§1.2)")
