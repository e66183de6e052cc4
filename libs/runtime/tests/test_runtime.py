import gc
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter

from platform_runtime import ServiceRuntime, create_service_app, find_migrations
from platform_runtime.container import GC_THRESHOLDS
from platform_runtime.dependencies import PUBLIC
from platform_settings import ServiceSettings


def test_migrations_are_found_beside_the_package_in_a_checkout(tmp_path: Path):
    package = tmp_path / "svc" / "src" / "svc"
    package.mkdir(parents=True)
    (tmp_path / "svc" / "migrations").mkdir()
    (tmp_path / "svc" / "migrations" / "env.py").write_text("")
    assert find_migrations(str(package / "__init__.py")) == tmp_path / "svc" / "migrations"


def test_no_migrations_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        find_migrations(str(tmp_path / "pkg" / "__init__.py"))


async def test_the_app_serves_health_and_asyncapi_and_mounts_routes_under_api_v1():
    router = APIRouter()

    @router.get("/ping")
    async def ping() -> dict:
        return {"pong": True}

    app = create_service_app(ServiceSettings(service_name="demo"), lambda s: None, title="demo", description="d",
                             routers=[router], publishes=[])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/healthz")).json() == {"status": "ok"}
        assert (await c.get("/api/v1/ping")).json() == {"pong": True}
        assert (await c.get("/asyncapi.json")).json()["asyncapi"] == "3.0.0"


async def test_warm_ups_run_and_the_start_up_heap_is_frozen_before_the_first_request():
    loaded: list[str] = []

    class Runtime:  # what the lifespan asks of a runtime; the real one needs a database
        warm_ups = [lambda: loaded.append("dictionary")]
        prepare_to_serve = ServiceRuntime.prepare_to_serve

        async def close(self) -> None:
            pass

    app = create_service_app(ServiceSettings(service_name="demo", run_workers_in_api=False), lambda s: Runtime(),
                             title="demo", description="d", routers=[], publishes=[])
    async with app.router.lifespan_context(app):
        assert loaded == ["dictionary"]
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == GC_THRESHOLDS


async def test_docs_and_redoc_load_every_asset_from_the_service_itself_never_a_cdn():
    """The platform runs on government intranets: a page that needs the internet shows nothing there."""
    import re

    app = create_service_app(ServiceSettings(service_name="demo"), lambda s: None, title="demo", description="d",
                             routers=[], publishes=[])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for page in ("/docs", "/redoc"):
            html = (await c.get(page)).text
            assets = re.findall(r"""(?:src|href)=["']([^"']+)["']|url: *['"]([^'"]+)['"]""", html)
            referenced = [a or b for a, b in assets]
            assert referenced, page
            for url in referenced:
                assert url.startswith("/"), f"{page} loads {url} from outside the service"
                answer = await c.get(url)
                assert answer.status_code == 200 and answer.content, (page, url)
            assert not re.search(r"https?://", html.replace("http://t", "")), page


async def test_a_query_parameter_the_route_does_not_know_is_a_422_naming_it():
    router = APIRouter()

    @router.get("/things", dependencies=[PUBLIC])
    async def things(status: str | None = None) -> dict:
        return {"status": status}

    app = create_service_app(ServiceSettings(service_name="demo"), lambda s: None, title="demo", description="d",
                             routers=[router], publishes=[])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/api/v1/things", params={"status": "open"})).json() == {"status": "open"}
        refused = await c.get("/api/v1/things", params={"statsu": "open"})
        assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["errors"][0]["field"] == "statsu"


async def test_a_problem_type_uri_resolves_on_the_service_itself_to_its_one_status():
    from platform_errors import InvalidTransition, RuleViolation

    router = APIRouter()

    @router.post("/refuse/{kind}", dependencies=[PUBLIC])
    async def refuse(kind: str) -> dict:
        raise (RuleViolation if kind == "rule" else InvalidTransition)("refused", rule="P-14")

    app = create_service_app(ServiceSettings(service_name="demo"), lambda s: None, title="demo", description="d",
                             routers=[router], publishes=[])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for kind in ("rule", "transition"):
            refused = (await c.post(f"/api/v1/refuse/{kind}")).json()
            described = await c.get(refused["type"])  # a relative reference, resolved against the service
            assert described.status_code == 200 and described.json()["status"] == refused["status"]
        listed = (await c.get("/problems", headers={"Accept-Language": "en"})).json()["items"]
        unknown = await c.get("/problems/no-such-kind")
        rule = (await c.get(f"/rules/{refused['rule']}")).json()  # the `rule` id resolves on the service too
        no_rule = await c.get("/rules/Z-99")
    assert rule["id"] == "P-14" and rule["requires"] and rule["source"]
    assert no_rule.status_code == 404
    slugs = {p["slug"]: p for p in listed}
    assert {"validation", "unauthenticated", "not-found", "rule-violation", "invalid-transition"} <= set(slugs)
    assert slugs["rule-violation"]["title"] == "Refused by a legal rule" and slugs["not-found"]["status"] == 404
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


def test_service_commands_build_settings_when_called_and_import_the_app_only_for_the_api(monkeypatch):
    from platform_runtime import ServiceCommands, entrypoints

    calls: list[tuple] = []
    monkeypatch.setattr(entrypoints, "run_api", lambda settings, factory: calls.append(("api", factory)))
    monkeypatch.setattr(entrypoints, "run_worker", lambda settings, build, kind: calls.append((kind, build)))
    monkeypatch.setattr(entrypoints, "run_migrate", lambda settings, path: calls.append(("migrate", path)))
    built: list[str] = []

    def settings() -> ServiceSettings:
        built.append("settings")
        return ServiceSettings(service_name="demo")

    commands = ServiceCommands(settings, lambda s: None, lambda: Path("/m"), app="platform_runtime.app:create_service_app")
    assert built == []  # nothing is read from the environment at import time
    commands.api(), commands.migrate(), commands.relay(), commands.consumer(), commands.scheduler()
    from platform_runtime.app import create_service_app

    assert [c[0] for c in calls] == ["api", "migrate", "relay", "consumer", "scheduler"] and len(built) == 5
    assert calls[0][1] is create_service_app and calls[1][1] == Path("/m")
