"""Integration fixtures: hotline_ingestion against the session's real PostgreSQL and broker."""

import os
import uuid
from pathlib import Path

import httpx
import pytest

from hotline_ingestion import bootstrap
from hotline_ingestion.api.app import create_app
from hotline_ingestion.settings import Settings
from platform_devstack.pytest_plugin import service_settings

REPO = Path(__file__).resolve().parents[4]
TOPICS_FILE = Path(os.environ.get("PLATFORM_TOPICS_FILE", REPO / "deploy" / "topics.yaml"))


@pytest.fixture(scope="session")
async def hotline(local_stack):  # noqa: ANN001, ANN201 - (client, runtime)
    kwargs = await service_settings(local_stack, "hotline_ingestion", bootstrap.migrations_dir(), TOPICS_FILE)
    app = create_app(Settings(**kwargs, deadline_scan_interval_s=0.2))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hotline") as client:
            yield client, app.state.container


@pytest.fixture
def order():  # noqa: ANN201
    def build(**overrides) -> dict:
        return {"order_no": f"12345-{uuid.uuid4().hex[:12]}", "received_at": "2025-09-30T09:15:00+08:00",
                "channel": "电话", "request_type": "投诉", "content": "小区楼下烧烤店油烟扰民，晚上噪音很大",
                "address": "东港市大东街道新兴路 18 号", "region_code": "210681", "urgency": "一般",
                "requester": {"name": "张先生", "phone": "13812345678"},
                "reported_party": {"name": "老李烧烤店"}} | overrides

    return build
