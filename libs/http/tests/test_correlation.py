"""The request summary and its metrics name the route by its full template, prefix of an included router included."""

import httpx
from fastapi import APIRouter, FastAPI
from prometheus_client import REGISTRY

from platform_http import CorrelationMiddleware


async def test_request_metrics_are_labelled_with_the_full_route_template_never_the_path_with_ids():
    router = APIRouter()

    @router.get("/clues/{clue_id}")
    async def clue(clue_id: str) -> dict:
        return {"id": clue_id}

    app = FastAPI()
    app.include_router(router, prefix="/api/v1")
    app.add_middleware(CorrelationMiddleware)
    labels = {"method": "GET", "route": "/api/v1/clues/{clue_id}", "status": "200"}
    before = REGISTRY.get_sample_value("http_requests_total", labels) or 0
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        for n in range(2):
            assert (await client.get(f"/api/v1/clues/c-{n}")).status_code == 200
    assert REGISTRY.get_sample_value("http_requests_total", labels) == before + 2
