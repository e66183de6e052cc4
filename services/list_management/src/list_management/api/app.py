"""FastAPI app factory: built once at the edge, wired by `bootstrap.build(settings)` in the lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from list_management import bootstrap
from list_management.adapters.event_mapping import PUBLISHED
from list_management.api import catalog_routes, list_routes, ops_routes
from list_management.api.errors import ERROR_TABLE
from list_management.consumers import CONSUMED
from list_management.settings import Settings
from platform_events import asyncapi_document
from platform_http import (
    CorrelationMiddleware,
    NulGuardMiddleware,
    health_router,
    install_problem_handlers,
    problem,
)
from platform_logging import configure

DESCRIPTION = """四张清单（不予处罚/从轻/减轻/不予实施行政强制措施）、裁量基准、执法事项目录、违法风险点、
法制审核目录、随机抽查事项清单、合规指导清单、执法主体与执法人员。

Lists, discretion benchmarks, the enforcement matter catalog, risk points, review and inspection matter lists,
compliance guidance, enforcement bodies and personnel — with as-of-date queries and an advisory evaluator."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure(settings.log.level, settings.log.json_output)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = bootstrap.build(settings)
        app.state.container = container
        if settings.run_workers_in_api:
            container.start_workers()
        try:
            yield
        finally:
            await container.close()

    app = FastAPI(title="list_management", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.add_middleware(NulGuardMiddleware)
    app.add_middleware(CorrelationMiddleware)
    install_problem_handlers(app, ERROR_TABLE)
    app.add_exception_handler(IntegrityError, _integrity_conflict)
    app.include_router(_health(app))
    for module in (catalog_routes, list_routes, ops_routes):
        app.include_router(module.router, prefix="/api/v1")

    @app.get("/asyncapi.json", tags=["contract"], summary="AsyncAPI 3 document of published and consumed events")
    async def asyncapi() -> dict:
        return asyncapi_document(
            service="list_management", version="0.1.0", publishes=PUBLISHED, consumes=CONSUMED,
            bootstrap=settings.kafka.bootstrap_servers,
        )

    return app


async def _integrity_conflict(request: Request, exc: IntegrityError) -> JSONResponse:
    """Safety net: a race past the explicit checks is a 409 about the request, never a 500."""
    return problem(409, "Conflict with the current state", "the change conflicts with an existing record",
                   slug="conflict")


def _health(app: FastAPI):  # noqa: ANN202 - an APIRouter whose checks resolve lazily after startup
    from platform_http import ReadinessCheck

    def check(name: str) -> ReadinessCheck:
        async def probe() -> str | None:
            found = next(c for c in app.state.container.readiness() if c.name == name)
            return await found.probe()

        return ReadinessCheck(name, probe, timeout_s=4.0)

    async def refresh() -> None:
        await app.state.container.refresh_metrics()

    return health_router([check("database"), check("migrations"), check("broker")], before_metrics=refresh)
