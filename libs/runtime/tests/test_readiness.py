"""/readyz and database outages against the real parts.

Readiness reflects the ability to serve: a broker that does not answer is *reported* (200, "degraded", the broker
named, `dependency_up{dependency="broker"} 0`) but keeps the service in rotation, its writes waiting in the outbox;
a database that does not answer is *required* (503 problem+json naming it). While PostgreSQL is down or restarting,
every kind of request answers 503 problem+json with Retry-After, never 500, and the same process serves again
as soon as it is back (nothing to restart)."""

import asyncio
from pathlib import Path

import httpx
from fastapi import APIRouter, Request
from prometheus_client import REGISTRY
from sqlalchemy import text

from platform_db import add_messaging_tables, make_metadata
from platform_devstack.broker import LocalBroker
from platform_devstack.postgres import LocalPostgres
from platform_devstack.processes import free_port
from platform_runtime import build_runtime, create_service_app
from platform_runtime.dependencies import PUBLIC
from platform_settings import ServiceSettings

TABLES = add_messaging_tables(make_metadata())


def _no_migrations(folder: Path) -> Path:
    """An alembic folder with no revision: head is None, as is an unmigrated database's revision."""
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text("")
    return folder


def _app(name: str, database_url: str, broker: str, issuer, migrations: Path, routers=()):
    settings = ServiceSettings(
        service_name=name, environment="test", run_workers_in_api=False, database={"url": database_url},
        kafka={"bootstrap_servers": broker, "enable_idempotence": False, "readiness_timeout_s": 1.0},
        identity={"issuer": issuer.issuer, "audience": issuer.audience})
    return create_service_app(settings, lambda s: build_runtime(s, tables=TABLES, handlers={}, topics=[],
                                                                migrations=migrations),
                              title=name, description="d", routers=list(routers), publishes=[])


def _up(service: str, dependency: str) -> float | None:
    return REGISTRY.get_sample_value("dependency_up", {"service": service, "dependency": dependency})


async def test_readyz_is_200_degraded_naming_the_broker_while_none_answers_and_ready_once_one_does(
        local_stack, tmp_path, eventually):
    port = free_port()
    app = _app("readiness_test", local_stack.database_url("runtime_readiness"), f"127.0.0.1:{port}",
               local_stack.issuer, _no_migrations(tmp_path / "migrations"))
    broker = LocalBroker(port, tmp_path / "broker.log")
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://svc") as client:
        await eventually(lambda: _issuer_ok(client), timeout_s=30)
        degraded = await client.get("/readyz")
        assert degraded.status_code == 200, degraded.text  # still in rotation: writes wait in the outbox
        body = degraded.json()
        assert body["status"] == "degraded"
        assert body["checks"]["broker"].startswith("down: ")
        assert body["checks"]["database"] == body["checks"]["migrations"] == body["checks"]["issuer"] == "ok"
        assert _up("readiness_test", "broker") == 0 and _up("readiness_test", "database") == 1
        assert 'dependency_up{dependency="broker",service="readiness_test"} 0.0' in (await client.get("/metrics")).text
        await asyncio.to_thread(broker.start)
        try:
            await eventually(lambda: _status(client, "ready"), timeout_s=30)
            assert _up("readiness_test", "broker") == 1
        finally:
            await asyncio.to_thread(broker.stop)


async def _issuer_ok(client: httpx.AsyncClient) -> bool:
    return (await client.get("/readyz")).json().get("checks", {}).get("issuer") == "ok"


async def _status(client: httpx.AsyncClient, status: str) -> bool:
    answer = await client.get("/readyz")
    return answer.status_code == 200 and answer.json()["status"] == status


def _database_routes() -> APIRouter:
    """The ways a service reaches its database: the unit of work (asyncpg), SQLAlchemy Core in it, the engine."""
    router = APIRouter()

    @router.get("/driver", dependencies=[PUBLIC])
    async def driver(request: Request, sleep: float = 0) -> dict:
        async with request.app.state.container.uow() as uow:
            value = await uow.driver.fetchval("SELECT 1 FROM pg_sleep($1)", sleep)
        return {"value": value}

    @router.post("/write", dependencies=[PUBLIC])
    async def write(request: Request) -> dict:
        async with request.app.state.container.uow() as uow:
            await uow.session.execute(text("SELECT 1"))
            await uow.commit()
        return {"written": True}

    @router.get("/engine", dependencies=[PUBLIC])
    async def engine(request: Request, sleep: float = 0) -> dict:
        async with request.app.state.container.engine.connect() as conn:
            return {"value": (await conn.execute(text("SELECT 1 FROM pg_sleep(:s)"), {"s": sleep})).scalar()}

    return router


def _unavailable(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "1"


async def test_a_database_outage_is_503_problem_json_never_500_and_the_same_process_recovers(
        local_stack, tmp_path, eventually):
    """Its own PostgreSQL (the session's serves every other test): stopped under a request, stopped, restarted."""
    postgres = LocalPostgres(tmp_path / "pg", free_port(), durable=False)
    await asyncio.to_thread(postgres.start)
    try:
        app = _app("db_outage_test", postgres.url("postgres"), local_stack.broker.bootstrap, local_stack.issuer,
                   _no_migrations(tmp_path / "migrations"), routers=[_database_routes()])
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://svc", timeout=30) as client:
            paths = [("GET", "/api/v1/driver"), ("POST", "/api/v1/write"), ("GET", "/api/v1/engine")]
            for method, path in paths:
                assert (await client.request(method, path)).status_code == 200, path
            # a restart under a running statement: the server terminates the session (57P01 AdminShutdownError)
            # (asyncpg's ConnectionDoesNotExistError raw, and wrapped by SQLAlchemy in a bare DBAPIError)
            running = [asyncio.create_task(client.get(path, params={"sleep": 20}))
                       for path in ("/api/v1/driver", "/api/v1/engine")]
            await asyncio.sleep(1)
            await asyncio.to_thread(postgres.stop)
            for answer in await asyncio.gather(*running):
                _unavailable(answer)
            for _ in range(2):  # pooled connections now dead, then connections refused
                for method, path in paths:
                    _unavailable(await client.request(method, path))
            not_ready = await client.get("/readyz")
            assert not_ready.status_code == 503 and not_ready.headers["content-type"] == "application/problem+json"
            assert "database" in not_ready.json()["down"] and "broker" not in not_ready.json()["down"]
            assert _up("db_outage_test", "database") == 0
            await asyncio.to_thread(postgres.start)
            await eventually(lambda: _status(client, "ready"), timeout_s=30)
            for method, path in paths:
                assert (await client.request(method, path)).status_code == 200, path
    finally:
        await asyncio.to_thread(postgres.stop)


def test_every_error_the_driver_raises_for_a_server_that_went_away_is_unavailable_and_other_errors_are_not():
    """What a restart raises that the live test cannot time: the server starting (57P03) or shutting down (57P01)
    as SQLAlchemy's asyncpg dialect wraps it — a bare `DBAPIError`, which once answered 500."""
    import asyncpg.exceptions as pg
    from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError

    from platform_runtime.database_errors import is_database_unavailable

    def wrapped(driver_error: Exception, cls=DBAPIError, invalidated=False):
        adapted = Exception(str(driver_error))
        adapted.__cause__ = driver_error  # what the dialect's adapter raises `from` the asyncpg error
        return cls("SELECT 1", {}, adapted, connection_invalidated=invalidated)

    for driver_error in (pg.AdminShutdownError("terminating connection due to administrator command"),
                         pg.CannotConnectNowError("the database system is starting up"),
                         pg.CrashShutdownError("crash"), pg.TooManyConnectionsError("too many"),
                         pg.ConnectionDoesNotExistError("closed"), pg.ConnectionFailureError("failure"),
                         pg.InternalClientError("goodbye"), ConnectionRefusedError(111, "refused")):
        assert is_database_unavailable(driver_error), driver_error
        assert is_database_unavailable(wrapped(driver_error)), driver_error
    assert is_database_unavailable(wrapped(Exception("?"), invalidated=True))
    assert is_database_unavailable(OSError(113, "No route to host"))
    assert not is_database_unavailable(wrapped(pg.UndefinedTableError("no table"), ProgrammingError))
    assert not is_database_unavailable(wrapped(pg.UniqueViolationError("dup"), IntegrityError))
    assert not is_database_unavailable(OSError(2, "No such file"))
    assert not is_database_unavailable(ValueError("bug"))


def test_a_connection_refused_while_the_server_shuts_down_is_unavailable_and_reaches_the_503_handler():
    """Found by the fault suite (tests/e2e/test_faults.py): a unit of work opening its raw connection while the server
    shuts down gets the dialect's emulated DBAPI `Error`, unwrapped, caused by 57P03 — once answered 500."""
    import asyncpg
    import asyncpg.exceptions as pg
    from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi

    from platform_runtime.app import DATABASE_UNAVAILABLE
    from platform_runtime.database_errors import is_database_unavailable

    emulated = AsyncAdapt_asyncpg_dbapi(asyncpg).Error("the database system is shutting down")
    emulated.__cause__ = pg.CannotConnectNowError("the database system is shutting down")
    assert isinstance(emulated, DATABASE_UNAVAILABLE)  # an exception handler of the app is registered for it
    assert is_database_unavailable(emulated)
    bug = AsyncAdapt_asyncpg_dbapi(asyncpg).Error("syntax error")
    bug.__cause__ = pg.PostgresSyntaxError("syntax error")
    assert not is_database_unavailable(bug)  # the handler re-raises it: a 500 with the request id
