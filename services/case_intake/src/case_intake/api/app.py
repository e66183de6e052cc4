"""FastAPI app factory of case_intake."""

from collections.abc import Callable

from fastapi import FastAPI

from case_intake import bootstrap
from case_intake.api import case_routes, clue_routes, flexible_routes, publicity_routes
from case_intake.consumers import CONSUMED
from case_intake.settings import Settings
from platform_events.contracts.case_intake import PUBLISHED
from platform_runtime import ServiceRuntime, create_service_app
from platform_runtime.calendar_routes import calendar_router

DESCRIPTION = """行政执法案件：案源线索、立案、调查取证、告知与陈述申辩、听证、法制审核、决定、送达、执行、结案；
全过程记录（哈希链）、公示与信用修复、柔性执法措施。

Enforcement cases from clue to closure under 《行政处罚法》: decision gates with rule ids, a hash-chained
full-process record, publicity with redaction and credit repair, flexible enforcement measures."""


def create_app(settings: Settings | None = None, *,
               build: Callable[[Settings], ServiceRuntime] = bootstrap.build) -> FastAPI:
    return create_service_app(
        settings or Settings(), build, title="case_intake", description=DESCRIPTION,
        routers=[clue_routes.router, case_routes.router, publicity_routes.router, flexible_routes.router,
                 calendar_router(lambda runtime: runtime.services.calendar)],
        publishes=PUBLISHED, consumes=CONSUMED,
    )
