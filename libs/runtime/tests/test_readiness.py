"""/readyz against the real parts: a broker that does not answer is named in a 503, and the same process is ready
again as soon as one answers (the probe connects anew each time; nothing to restart)."""

import asyncio
from pathlib import Path

import httpx

from platform_db import add_messaging_tables, make_metadata
from platform_devstack.broker import LocalBroker
from platform_devstack.processes import free_port
from platform_runtime import build_runtime, create_service_app
from platform_settings import ServiceSettings

TABLES = add_messaging_tables(make_metadata())


def _no_migrations(folder: Path) -> Path:
    """An alembic folder with no revision: head is None, as is an unmigrated database's revision."""
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text("")
    return folder


async def test_readyz_is_503_naming_the_broker_while_none_answers_and_200_once_one_does(
        local_stack, tmp_path, eventually):
    port = free_port()
    settings = ServiceSettings(
        service_name="readiness_test", environment="test", run_workers_in_api=False,
        database={"url": local_stack.database_url("runtime_readiness")},
        kafka={"bootstrap_servers": f"127.0.0.1:{port}", "enable_idempotence": False, "readiness_timeout_s": 1.0},
        identity={"issuer": local_stack.issuer.issuer, "audience": local_stack.issuer.audience})
    migrations = _no_migrations(tmp_path / "migrations")
    app = create_service_app(settings, lambda s: build_runtime(s, tables=TABLES, handlers={}, topics=[],
                                                               migrations=migrations),
                             title="readiness", description="d", routers=[], publishes=[])
    broker = LocalBroker(port, tmp_path / "broker.log")
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://svc") as client:
        down = await client.get("/readyz")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert "broker" in down.json()["down"] and "database" not in down.json()["down"]
        await asyncio.to_thread(broker.start)
        try:
            await eventually(lambda: _ready(client), timeout_s=30)
        finally:
            await asyncio.to_thread(broker.stop)


async def _ready(client: httpx.AsyncClient) -> bool:
    return (await client.get("/readyz")).status_code == 200
