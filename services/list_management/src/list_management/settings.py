"""Settings of list_management, env prefix LIST_MANAGEMENT_ (CONVENTIONS.md: Configuration)."""

from datetime import date

from pydantic import BaseModel, Field

from platform_settings import ConsumerSettings, HttpSettings, ServiceSettings, service_config


class LocalRules(BaseModel):
    """Numbers the law leaves to localities (DOMAIN.md §10), with their documented defaults."""

    benchmark_min_steps: int = Field(3, ge=1, le=10, description="benchmark.min_steps — rule D-7 (local)")
    unused_matter_years: int = Field(5, ge=1, le=20, description="policy 001 item 14: catalog clean-up window")
    usage_tracking_since: date | None = Field(
        None, description="first day usage events were collected; the report says so when it is recent"
    )


class ListManagementHttp(HttpSettings):
    port: int = 8002  # CONVENTIONS.md; a subclass keeps it when only the host is overridden


class ListManagementConsumer(ConsumerSettings):
    group_id: str = "list_management"


class Settings(ServiceSettings):
    model_config = service_config("LIST_MANAGEMENT_")

    service_name: str = "list_management"
    http: ListManagementHttp = ListManagementHttp()
    consumer: ListManagementConsumer = ListManagementConsumer()
    rules: LocalRules = LocalRules()
    topics_file: str | None = Field(None, description="deploy/topics.yaml: topics the relay (re)creates")
