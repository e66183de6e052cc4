"""Settings of legality_review, env prefix LEGALITY_REVIEW_ (CONVENTIONS.md: Configuration)."""

from typing import Literal

from pydantic import Field

from legality_review.domain.policy import FileReviewPolicy, ReviewPolicy
from platform_settings import ConsumerSettings, HttpSettings, ServiceSettings, service_config
from platform_settings.calendar import CalendarSettings


class LegalityReviewHttp(HttpSettings):
    port: int = 8003


class LegalityReviewConsumer(ConsumerSettings):
    group_id: str = "legality_review"


class Settings(ServiceSettings):
    model_config = service_config("LEGALITY_REVIEW_")

    service_name: str = "legality_review"
    http: LegalityReviewHttp = LegalityReviewHttp()
    consumer: LegalityReviewConsumer = LegalityReviewConsumer()
    topics_file: str | None = None
    rules: ReviewPolicy = Field(default_factory=ReviewPolicy, description="DOMAIN §10 review.*")
    file_review: FileReviewPolicy = Field(default_factory=FileReviewPolicy, description="案卷评查 rubric and grades")
    deadline_scan_interval_s: float = Field(60.0, gt=0, description="how often review periods are checked")
    calendar: CalendarSettings = CalendarSettings()
    calendar_unknown_year: Literal["error", "provisional"] = Field(
        "provisional", description="a year without its 放假安排 notice: holidays + weekends, flagged provisional (§1.2)")
