"""Settings of hotline_ingestion, env prefix HOTLINE_INGESTION_ (CONVENTIONS.md: Configuration)."""

from pydantic import Field

from platform_settings import ConsumerSettings, HttpSettings, ServiceSettings, service_config


class HotlineHttp(HttpSettings):
    port: int = 8005


class HotlineConsumer(ConsumerSettings):
    group_id: str = "hotline_ingestion"


class Settings(ServiceSettings):
    model_config = service_config("HOTLINE_INGESTION_")

    service_name: str = "hotline_ingestion"
    http: HotlineHttp = HotlineHttp()
    consumer: HotlineConsumer = HotlineConsumer()
    bulk_max_items: int = Field(1000, ge=1, le=10_000, description="orders per bulk request")
    topics_file: str | None = None
