"""The FastAPI app every service builds the same way; the runtime is built once, in the lifespan."""

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import asyncpg
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from sqlalchemy.exc import IntegrityError

from platform_errors import Conflict
from platform_events import IntegrationEvent, asyncapi_document
from platform_http import (
    CorrelationMiddleware,
    NulGuardMiddleware,
    ReadinessCheck,
    UnhandledErrorMiddleware,
    edge_problem,
    health_router,
    install_problem_handlers,
    problem,
)
from platform_logging import configure, get_logger
from platform_runtime.container import ServiceRuntime
from platform_runtime.database_errors import DATABASE_ERRORS, is_database_unavailable
from platform_runtime.dependencies import known_query_parameters
from platform_runtime.hostile_input import install_input_guards
from platform_runtime.identity import install_identity, load_keys_in_background
from platform_runtime.operations import operations_router
from platform_runtime.outbox_routes import outbox_router
from platform_runtime.problem_catalog import problem_catalog_router
from platform_runtime.tracing import configure_tracing, instrument_app
from platform_settings import ServiceSettings

log = get_logger(__name__)
DOCS_ASSETS = "/docs-assets"
#: Raised when the database is away, through SQLAlchemy or through the driver directly: 503, never 500
#: (platform_runtime.database_errors says which: a `DBAPIError` or an `OSError` that is not about the database
#: goes on to the 500 handler).
DATABASE_UNAVAILABLE = DATABASE_ERRORS


def create_service_app(
    settings: ServiceSettings,
    build: Callable[[ServiceSettings], ServiceRuntime],
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    publishes: Sequence[type[IntegrationEvent]],
    consumes: Sequence[type[IntegrationEvent]] = (),
    version: str = "0.1.0",
) -> FastAPI:
    configure(settings.log.level, settings.log.json_output, settings.log.repeat_interval_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        keys = load_keys_in_background(verifier)
        runtime = build(settings)
        app.state.container = runtime
        if settings.run_workers_in_api:
            runtime.start_workers()
        runtime.prepare_to_serve()
        try:
            yield
        finally:
            keys.cancel()
            await runtime.close()
            await verifier.keys.close()

    # /docs and /redoc from assets inside the installed fastapi-offline package: no CDN on a government intranet
    app = FastAPIOffline(title=title, version=version, description=description, lifespan=lifespan,
                         generate_unique_id_function=operation_id,
                         static_url=DOCS_ASSETS, dependencies=[Depends(known_query_parameters)])
    app.add_middleware(UnhandledErrorMiddleware)  # innermost: a bug's 500 keeps the connection and the request id
    app.add_middleware(NulGuardMiddleware)
    install_input_guards(app, settings)  # outside NulGuardMiddleware, which reads the whole body
    app.add_middleware(CorrelationMiddleware)
    if (tracer_provider := configure_tracing(settings)) is not None:  # off unless tracing.otlp_endpoint is set
        instrument_app(app, tracer_provider)
    install_problem_handlers(app)
    verifier = install_identity(app, settings.identity)
    for conflict in (IntegrityError, asyncpg.IntegrityConstraintViolationError):
        app.add_exception_handler(conflict, _integrity_conflict)
    for unavailable in DATABASE_UNAVAILABLE:
        app.add_exception_handler(unavailable, _database_unavailable)
    app.include_router(_health(app, settings.service_name))
    app.include_router(problem_catalog_router())
    for router in routers:
        app.include_router(router, prefix="/api/v1")
    app.include_router(operations_router(), prefix="/api/v1")
    app.include_router(outbox_router(), prefix="/api/v1")

    @app.get("/asyncapi.json", tags=["contract"], summary="AsyncAPI 3 document of published and consumed events")
    async def asyncapi() -> dict:
        return asyncapi_document(service=settings.service_name, version=version, publishes=publishes,
                                 consumes=consumes, bootstrap=settings.kafka.bootstrap_servers)

    return app


def operation_id(route: APIRoute) -> str:
    """The route's function name (`list_work_orders`): what a generated client calls the operation. Unique in a
    service (the OpenAPI contract test checks it), never the path-and-method string FastAPI makes by default."""
    return route.name


async def _integrity_conflict(request: Request, exc: IntegrityError) -> JSONResponse:
    """Safety net: a race past a service's explicit checks is a 409 about the request, never a 500."""
    return problem(Conflict.status, (Conflict.title, Conflict.title_en),
                   ("此更改与已有记录冲突。", "The change conflicts with an existing record."), slug=Conflict.slug)


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database went away mid-request (restart, failover): nothing was committed; worth a retry."""
    if not is_database_unavailable(exc):
        raise exc  # not about the database being away (a bug): the 500 handler answers it
    log.warning("database_unavailable", path=request.url.path, error=repr(exc))
    response = edge_problem("unavailable", ("数据库暂时无法连接；未作任何更改。",
                                            "The database is not reachable right now; nothing was changed."))
    response.headers["Retry-After"] = "1"
    return response


def _health(app: FastAPI, service: str) -> APIRouter:
    """Readiness probes resolve lazily: the runtime only exists once the lifespan has started."""

    def check(name: str, *, required: bool = True) -> ReadinessCheck:
        async def probe() -> str | None:
            found = next(c for c in app.state.container.readiness() if c.name == name)
            return await found.probe()

        return ReadinessCheck(name, probe, timeout_s=4.0, required=required)

    async def refresh() -> None:
        await app.state.container.refresh_metrics()

    async def issuer() -> str | None:
        return await app.state.identity.keys.readiness()

    # the broker is reported, not required (CONVENTIONS.md "Health"): its outage shows as "degraded", 200
    checks = [check("database"), check("migrations"), check("broker", required=False),
              ReadinessCheck("issuer", issuer, timeout_s=4.0)]
    return health_router(checks, before_metrics=refresh, service=service)
