"""FastAPI app factory of hotline_ingestion."""

from fastapi import FastAPI

from hotline_ingestion import bootstrap
from hotline_ingestion.api import analytics_routes, open311_routes, work_order_routes
from hotline_ingestion.consumers import CONSUMED
from hotline_ingestion.settings import Settings
from platform_events.contracts.hotline_ingestion import PUBLISHED
from platform_runtime import create_service_app
from platform_runtime.calendar_routes import calendar_router
from platform_runtime.webhook_routes import webhook_router

DESCRIPTION = """12345 热线工单：受理（单条/批量，按热线工单编号幂等）、不予受理、分派、办理时限、反馈。

12345 hotline work orders: idempotent intake (single and bulk), routing, working-day SLA clocks, feedback."""


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_service_app(
        settings or Settings(), bootstrap.build, title="hotline_ingestion", description=DESCRIPTION,
        routers=[work_order_routes.router, analytics_routes.router, webhook_router(),
                 calendar_router(lambda runtime: runtime.services.policies.clocks.calendar)],
        publishes=PUBLISHED, consumes=CONSUMED,
    )
    app.include_router(open311_routes.router)  # GeoReport v2 keeps its own paths, outside /api/v1
    return app
