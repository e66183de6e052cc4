"""FastAPI app factory of legality_review."""

from collections.abc import Callable

from fastapi import FastAPI

from legality_review import bootstrap
from legality_review.api import file_review_routes, review_routes, statistics_routes
from legality_review.consumers import CONSUMED
from legality_review.settings import Settings
from platform_events.contracts.legality_review import PUBLISHED
from platform_runtime import ServiceRuntime, create_service_app
from platform_runtime.calendar_routes import calendar_router

DESCRIPTION = """重大行政执法决定法制审核：送审、审核人员分配（法律职业资格、回避、跨部门统筹）、九项审核事项、
审核意见（同意 / 不同意 / 建议修改后提交）、审核期限；案卷评查：抽取、评分、等次、整改；统计。

Legality review of major enforcement decisions under 《行政处罚法》 art. 58 — reviewer eligibility (L-2), the nine
checks (L-4), outcomes (L-7) that open or keep closed case intake's decision gate (L-1), review periods in working
days (L-6) — and 案卷评查 campaigns grading closed case files 优秀 / 合格 / 不合格 with rectification to closure."""


def create_app(settings: Settings | None = None, *,
               build: Callable[[Settings], ServiceRuntime] = bootstrap.build) -> FastAPI:
    return create_service_app(
        settings or Settings(), build, title="legality_review", description=DESCRIPTION,
        routers=[review_routes.router, file_review_routes.router, statistics_routes.router,
                 calendar_router(lambda runtime: runtime.services.calendar)],
        publishes=PUBLISHED, consumes=CONSUMED,
    )
