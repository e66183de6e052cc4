import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field

from platform_errors import DomainError
from platform_http import CorrelationMiddleware, install_problem_handlers


class Refused(DomainError):
    title = "Refused by a legal rule"
    slug = "rule-violation"


class Body(BaseModel):
    amount: int = Field(ge=0)


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(CorrelationMiddleware)
    install_problem_handlers(app, {Refused: 409})

    @app.post("/things")
    async def create(body: Body) -> dict:
        if body.amount > 100:
            raise Refused("more than two officers needed", rule="P-1")
        return {"ok": True}

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("bug")

    return app


async def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(), raise_app_exceptions=False), base_url="http://t")


async def test_validation_errors_are_problem_json_with_field_reasons():
    async with await _client() as c:
        r = await c.post("/things", json={"amount": -1})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["field"] == "amount"


async def test_a_legal_refusal_carries_its_rule_id_and_mapped_status():
    async with await _client() as c:
        r = await c.post("/things", json={"amount": 101})
    assert (r.status_code, r.json()["rule"]) == (409, "P-1")


async def test_request_id_and_traceparent_are_echoed_back():
    tp = "00-" + "a" * 32 + "-" + "b" * 16 + "-01"
    async with await _client() as c:
        r = await c.post("/things", json={"amount": 1}, headers={"X-Request-ID": "abc-1", "traceparent": tp})
    assert (r.headers["x-request-id"], r.headers["traceparent"]) == ("abc-1", tp)


async def test_an_unexpected_error_is_a_500_problem_without_internals():
    async with await _client() as c:
        r = await c.get("/boom")
    assert r.status_code == 500 and "bug" not in r.text


async def test_nul_characters_are_a_422_not_a_database_error():
    from platform_http import NulGuardMiddleware

    app = _app()
    app.add_middleware(NulGuardMiddleware)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        body = await c.post("/things", content=b'{"amount": 1, "x": "a\\u0000b"}',
                            headers={"content-type": "application/json"})
        query = await c.post("/things?q=%00", json={"amount": 1})
        fine = await c.post("/things", json={"amount": 1})
    assert (body.status_code, query.status_code, fine.status_code) == (422, 422, 200)
    assert body.headers["content-type"] == "application/problem+json"
