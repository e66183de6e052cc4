"""Integration fixtures: hotline_ingestion against the session's real PostgreSQL, broker and OAuth issuer.

The client's default token is the integrator who may do everything (every scope the app declares, national,
region-wide, cleared); a unit's act (签收 …) goes with that unit's own token (`act`), as rule H-9 wants.
"""

import base64
import json
import os
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from hotline_ingestion import bootstrap
from hotline_ingestion.api.app import create_app
from hotline_ingestion.settings import Settings
from platform_devstack.pytest_plugin import service_settings

REPO = Path(__file__).resolve().parents[4]
TOPICS_FILE = Path(os.environ.get("PLATFORM_TOPICS_FILE", REPO / "deploy" / "topics.yaml"))


class HotlinePlatform:
    """A stand-in for the 12345 platform's webhook receiver: records deliveries, can be switched off (503)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, bytes, str]] = []  # (X-Delivery-Id, body, X-Signature) of 2xx answers
        self.down = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                if outer.down:
                    self.send_response(503)
                else:
                    outer.received.append((self.headers["X-Delivery-Id"], body, self.headers["X-Signature"]))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feedback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def hotline_platform():
    platform = HotlinePlatform()
    yield platform
    platform.server.shutdown()


@pytest.fixture(scope="session")
async def hotline(local_stack, hotline_platform):
    kwargs = await service_settings(local_stack, "hotline_ingestion", bootstrap.migrations_dir(), TOPICS_FILE)
    feedback = {"url": hotline_platform.url, "secret": "test-secret"}
    webhooks = {"max_attempts": 2, "backoff_s": 0.05, "max_backoff_s": 0.1, "poll_interval_s": 0.1}
    app = create_app(Settings(**kwargs, deadline_scan_interval_s=0.2, feedback=feedback, webhooks=webhooks,
                              catalog_refresh_s=0))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await local_stack.tokens.for_app(app)  # every scope, action scopes included; national, cleared
        async with httpx.AsyncClient(transport=transport, base_url="http://hotline", headers=headers) as client:
            yield client, app.state.container


def _claims(headers: dict) -> dict:
    payload = headers["Authorization"].removeprefix("Bearer ").split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture(scope="session")
def claims():
    """The claims of a bearer token's headers (read, not verified: the app under test verifies it)."""
    return _claims


@pytest.fixture(scope="session")
def integrator(hotline) -> dict:
    """Claims of the default caller's token (its `client_id` is who the history and the audit log name)."""
    client, _ = hotline
    return _claims({"Authorization": client.headers["Authorization"]})


UNIT_SCOPES = "workorders:read workorders:handle"


@pytest.fixture(scope="session")
def unit_headers(tokens):
    """Headers of a handling unit's system: data scope agency, uncleared."""

    async def headers(unit: str, *, scopes: str = UNIT_SCOPES, region: str = "") -> dict:
        return await tokens.headers(scopes, agencies=[unit], region=region, data_scope="agency")

    return headers


@pytest.fixture(scope="session")
def act(hotline, unit_headers):
    """One lifecycle step as its actor takes it: a unit's act (a body naming `unit`) with that unit's own token
    (H-9), the centre's with the default one."""
    client, _ = hotline

    async def step(order_id: str, **body) -> httpx.Response:
        headers = await unit_headers(body["unit"]) if "unit" in body else {}
        return await client.post(f"/api/v1/work-orders/{order_id}/actions", json=body, headers=headers)

    return step


@pytest.fixture
def order():
    def build(**overrides) -> dict:
        """A distinct matter each time (own party and house number), so dedupe links nothing unasked; received now,
        so the deadline watcher leaves it alone unless a test dates it back."""
        n = uuid.uuid4().hex[:12]
        return {"order_no": f"12345-{n}", "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "channel": "电话", "request_type": "投诉", "content": "小区楼下烧烤店油烟扰民，晚上噪音很大",
                "address": f"东港市大东街道新兴路 {int(n, 16) % 10**6} 号", "region_code": "210681", "urgency": "一般",
                "requester": {"name": "张先生", "phone": "13812345678"},
                "reported_party": {"name": f"老李烧烤店（{n}）"}} | overrides

    return build
