"""FastAPI app factory of inspection_scheduling."""

from collections.abc import Callable

from fastapi import FastAPI

from inspection_scheduling import bootstrap
from inspection_scheduling.api import (
    draw_routes,
    plan_routes,
    pool_routes,
    public_routes,
    publicity_routes,
    visit_routes,
)
from inspection_scheduling.consumers import CONSUMED
from inspection_scheduling.settings import Settings
from platform_events.contracts.inspection_scheduling import PUBLISHED
from platform_runtime import ServiceRuntime, create_service_app
from platform_runtime.calendar_routes import calendar_router
from platform_runtime.webhook_routes import webhook_router

DESCRIPTION = """双随机、一公开：抽查事项清单、检查对象名录库、执法检查人员名录库（一单两库）；年度计划、专项检查与联合抽查计划
（审批、备案、公布）；可验证的随机抽取（先承诺、后揭示，任何人可复算）；综合查一次与年度检查频次上限；
扫码入企、检查结果、问题线索移送；结果公示时限。

Random inspections under 《优化营商环境条例》 art. 54 (R-1…R-10) and enterprise-inspection limits (E-1…E-14): the
matter list and the two pools (R-2), plans approved, filed and published before execution (E-9, E-13, E-2), draws
anyone can re-derive from the published proof (R-4), ≥2 certified inspectors per object without conflicts (E-1,
R-10), yearly caps per enterprise with 个案 inspections exempt but counted (E-3, E-4), one visit per enterprise for
every department's tasks (综合查一次), visit codes (E-10), and results publicity (R-7)."""


def create_app(settings: Settings | None = None, *,
               build: Callable[[Settings], ServiceRuntime] = bootstrap.build) -> FastAPI:
    return create_service_app(
        settings or Settings(), build, title="inspection_scheduling", description=DESCRIPTION,
        routers=[pool_routes.router, plan_routes.router, draw_routes.router, visit_routes.router,
                 public_routes.router, calendar_router(lambda runtime: runtime.services.calendar),
                 publicity_routes.router, webhook_router()],
        publishes=PUBLISHED, consumes=CONSUMED,
    )
