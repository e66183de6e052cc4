"""Issue 12 item 5: a body above the limit is 413 problem+json before anything reads it; a route may declare more."""

import json

import httpx
from fastapi import APIRouter, Body

from platform_http import MIB, body_limit
from platform_runtime import create_service_app
from platform_settings import ServiceSettings

TWENTY_MB = 20 * 1000 * 1000
CHUNK = 64 * 1024


def _app(ran: list[str], *, default: int = MIB):
    router = APIRouter()

    @router.post("/things")
    async def take(body: dict) -> dict:
        ran.append("things")
        return {"keys": len(body)}

    @router.post("/things/bulk", openapi_extra=body_limit(16 * MIB))
    async def take_bulk(items: list = Body()) -> dict:
        ran.append("bulk")
        return {"items": len(items)}

    settings = ServiceSettings(service_name="demo", http={"max_body_bytes": default})
    return create_service_app(settings, lambda s: None, title="demo", description="d", routers=[router],
                              publishes=[])


async def _call(app, path: str, headers: list[tuple[bytes, bytes]], chunks):
    """One raw ASGI request whose body comes from `chunks` lazily; returns (status, body, bytes pulled)."""
    pulled = {"bytes": 0}
    sent: list[dict] = []

    async def receive() -> dict:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled["bytes"] += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"t"), (b"content-type", b"application/json"), *headers],
             "client": ("127.0.0.1", 1), "server": ("t", 80)}
    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body), pulled["bytes"]


def _twenty_mb():
    return (b"[" + b"1," * (CHUNK // 2) for _ in range(TWENTY_MB // CHUNK))


async def test_a_20_mb_body_declared_by_content_length_is_413_before_a_byte_is_read():
    ran: list[str] = []
    status, problem, pulled = await _call(_app(ran), "/api/v1/things",
                                          [(b"content-length", str(TWENTY_MB).encode())], _twenty_mb())
    assert (status, problem["type"], problem["max_body_bytes"]) == (413, "/problems/payload-too-large", MIB)
    assert pulled == 0 and ran == []


async def test_a_chunked_body_is_413_as_soon_as_it_passes_the_limit_and_is_never_held_whole():
    ran: list[str] = []
    status, problem, pulled = await _call(_app(ran), "/api/v1/things", [(b"transfer-encoding", b"chunked")],
                                          _twenty_mb())
    assert (status, problem["status"]) == (413, 413)
    assert pulled <= MIB + CHUNK and ran == []  # memory stays flat: one chunk past the limit, then refused


async def test_a_normal_body_passes_and_the_413_carries_the_request_id_and_both_languages():
    ran: list[str] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(ran, default=4096)),
                                 base_url="http://t") as c:
        fine = await c.post("/api/v1/things", json={"a": 1})
        big = await c.post("/api/v1/things", json={"a": "x" * 5000}, headers={"X-Request-ID": "req-413"})
        english = await c.post("/api/v1/things", json={"a": "x" * 5000}, headers={"Accept-Language": "en"})
    assert (fine.status_code, ran) == (200, ["things"])
    assert (big.status_code, big.headers["content-type"], big.headers["x-request-id"]) == (
        413, "application/problem+json", "req-413")
    assert (big.json()["title"], english.json()["title"]) == ("请求体过大", "Content too large")


async def test_a_route_declaring_a_larger_limit_takes_a_body_the_default_refuses():
    ran: list[str] = []
    items = [{"content": "小区楼下烧烤店油烟扰民" * 50} for _ in range(1000)]  # ~3.6 MiB, \u-escaped
    body = json.dumps(items).encode()
    assert MIB < len(body) < 16 * MIB
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(ran)), base_url="http://t") as c:
        bulk = await c.post("/api/v1/things/bulk", content=body, headers={"content-type": "application/json"})
        other = await c.post("/api/v1/things", content=body, headers={"content-type": "application/json"})
    assert (bulk.status_code, bulk.json(), other.status_code, ran) == (200, {"items": 1000}, 413, ["bulk"])


def test_the_declared_limit_is_documented_in_openapi():
    document = _app([]).openapi()
    assert document["paths"]["/api/v1/things/bulk"]["post"]["x-max-body-bytes"] == 16 * MIB
