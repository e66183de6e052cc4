"""What one request needs, built once per process from settings: the configured policies (DOMAIN.md §10 keys of
this service) and the process's decoded catalog copy."""

from dataclasses import dataclass, field
from datetime import timedelta

from hotline_ingestion.application.catalog_copy import CatalogCopy
from hotline_ingestion.application.clocks import Clocks
from hotline_ingestion.domain.dedupe import DedupePolicy
from hotline_ingestion.domain.lifecycle import SupervisionTrigger
from hotline_ingestion.domain.routing import RoutingRule
from hotline_ingestion.settings import Settings
from platform_calendar import DEFAULT_CLOCK_SKEW, WorkCalendar


@dataclass(frozen=True)
class Policies:
    clocks: Clocks
    callback_required: bool = True  # hotline.callback_required (H-10)
    routing_rules: tuple[RoutingRule, ...] = ()
    routing_top_n: int = 5
    dedupe: DedupePolicy = field(default_factory=DedupePolicy)
    auto_supervise: frozenset[SupervisionTrigger] = frozenset()  # H-10 triggers acted on without a person
    catalog: CatalogCopy = field(default_factory=CatalogCopy)  # departments and matters from list_management
    received_at_skew: timedelta = DEFAULT_CLOCK_SKEW  # a received_at later than now + this is refused

    @classmethod
    def from_settings(cls, settings: Settings) -> "Policies":
        rules = tuple(RoutingRule(id=r.id, keywords=r.keywords, department_code=r.department_code,
                                  region_prefix=r.region_prefix,
                                  request_types=set(r.request_types) if r.request_types else None, weight=r.weight)
                      for r in settings.routing_rules)
        calendar = WorkCalendar(unknown_year=settings.calendar_unknown_year, notices_dir=settings.calendar.notices_dir,
                                refresh_interval_s=settings.calendar.refresh_interval_s)
        return cls(clocks=Clocks(settings.sla, calendar, dict(settings.sla_by_region)),
                   callback_required=settings.callback_required, routing_rules=rules,
                   routing_top_n=settings.routing_top_n, dedupe=settings.dedupe,
                   auto_supervise=frozenset(settings.auto_supervise),
                   catalog=CatalogCopy(refresh_s=settings.catalog_refresh_s),
                   received_at_skew=timedelta(seconds=settings.received_at_skew_s))
