"""Settings of hotline_ingestion, env prefix HOTLINE_INGESTION_ (CONVENTIONS.md: Configuration)."""

from typing import Literal

from pydantic import BaseModel, Field

from hotline_ingestion.domain.dedupe import DedupePolicy
from hotline_ingestion.domain.lifecycle import SupervisionTrigger
from hotline_ingestion.domain.sla import SlaPolicy
from hotline_ingestion.domain.vocabulary import RequestType
from platform_events import RegionPrefix
from platform_settings import (
    ConsumerSettings,
    HttpSettings,
    ServiceSettings,
    WebhookEndpoint,
    WebhookSettings,
    service_config,
)
from platform_settings.calendar import CalendarSettings
from platform_settings.webhooks import SignatureScheme


class RoutingRuleSetting(BaseModel):
    """A dispatch centre's local routing rule (keywords → department), scoped by region prefix and type."""

    id: str
    keywords: list[str]
    department_code: str
    region_prefix: str | None = None
    request_types: list[RequestType] | None = None
    weight: float = Field(1.0, gt=0)


class FeedbackEndpoint(WebhookEndpoint):
    """The 12345 platform's feedback endpoint (status changes and results, rules H-2, H-8, H-10): signed with the
    X-Signature scheme its receivers were built against unless `signature` says standard-webhooks."""

    signature: SignatureScheme = Field("hmac-sha256", description="hmac-sha256 (X-Signature) | standard-webhooks")


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
    routing_rules: list[RoutingRuleSetting] = Field(
        default_factory=list, description="local dispatch rules (JSON list in HOTLINE_INGESTION_ROUTING_RULES)")
    routing_top_n: int = Field(5, ge=1, le=20)
    callback_required: bool = Field(True, description="hotline.callback_required — 回访 before 评价 (rule H-10)")
    sla: SlaPolicy = Field(default_factory=SlaPolicy, description="hotline.handling_deadline_wd and urgency hours")
    sla_by_region: dict[RegionPrefix, SlaPolicy] = Field(
        default_factory=dict, description="per 行政区划 prefix (2/4/6/9/12 digits): that region's own SLA policy (§10)")
    feedback: FeedbackEndpoint = Field(default_factory=FeedbackEndpoint, description="webhook to the 12345 platform")
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings, description="retries of every webhook sent")
    dedupe: DedupePolicy = Field(default_factory=DedupePolicy, description="repeat requests linked to a parent")
    auto_supervise: list[SupervisionTrigger] = Field(
        default_factory=lambda: [SupervisionTrigger.overdue, SupervisionTrigger.dissatisfied],
        description="督办 raised automatically on a breached deadline (超期) and a 不满意 rating (rule H-10)")
    catalog_refresh_s: float = Field(
        1.0, ge=0, description="how long intake trusts its decoded catalog copy before checking the copy's version")
    deadline_scan_interval_s: float = Field(30.0, gt=0, description="how often due-soon/breached clocks are checked")
    received_at_skew_s: int = Field(
        300, ge=0, le=3600, description="how far a received_at may run ahead of this clock (the sender's clock skew) "
        "before intake refuses it as a future receipt time (platform_calendar.future_receipt)")
    open311_jurisdiction_id: str = Field(
        "dongang.gov.cn", description="the one jurisdiction_id the Open311 GeoReport v2 facade serves")
    calendar: CalendarSettings = CalendarSettings()
    calendar_unknown_year: Literal["error", "provisional"] = Field(
        "provisional", description="a year without its 放假安排 notice: holidays + weekends, flagged provisional (§1.2)")
