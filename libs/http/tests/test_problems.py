import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field

from platform_errors import Conflict, InvalidTransition, NotFound, NotPermitted, RuleViolation, problem_kinds
from platform_http import CorrelationMiddleware, install_problem_handlers
from platform_http.language import preferred


class OfficersMissing(RuleViolation):
    """A service's own narrower refusal: it keeps the status of its kind."""

    slug = "officers-missing"


class Body(BaseModel):
    amount: int = Field(ge=0)


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(CorrelationMiddleware)
    install_problem_handlers(app)

    @app.post("/things")
    async def create(body: Body) -> dict:
        if body.amount > 100:
            raise OfficersMissing("more than two officers needed", rule="P-1")
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


async def test_a_legal_refusal_carries_its_rule_id_and_the_status_of_its_kind():
    async with await _client() as c:
        r = await c.post("/things", json={"amount": 101})
    body = r.json()
    assert (r.status_code, body["rule"], body["type"]) == (422, "P-1", "/problems/officers-missing")
    assert body["title"] == RuleViolation.title


async def test_titles_are_chinese_unless_the_caller_prefers_english():
    async with await _client() as c:
        english = await c.post("/things", json={"amount": 101}, headers={"Accept-Language": "en-GB,en;q=0.9"})
        chinese = await c.post("/things", json={"amount": -1}, headers={"Accept-Language": "zh-CN,en;q=0.5"})
        default = await c.post("/things", json={"amount": -1})
    assert english.json()["title"] == "Refused by a legal rule"
    assert chinese.json()["title"] == default.json()["title"] == "请求字段无效"
    assert english.json()["rule"] == "P-1"  # codes never change with the language


def test_the_preferred_language_follows_the_weights_of_accept_language():
    assert [preferred(h) for h in ("", "en", "en-US,zh;q=0.8", "zh;q=0.9,en;q=0.8", "fr, en;q=0.1", "de")] == [
        "zh", "en", "en", "zh", "en", "zh"]


def test_every_kind_of_refusal_has_one_status_everywhere():
    statuses = {kind: kind.status for kind in problem_kinds()}
    assert (statuses[NotFound], statuses[RuleViolation], statuses[Conflict], statuses[NotPermitted]) == (
        404, 422, 409, 403)
    assert InvalidTransition.status == 409 and OfficersMissing.status == 422
    assert all(kind.title and kind.title_en and kind.slug for kind in statuses)


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


async def test_a_method_the_route_does_not_take_is_a_405_naming_the_allowed_ones():
    async with await _client() as c:
        r = await c.delete("/things")
    assert (r.status_code, r.headers["allow"]) == (405, "POST")
    assert r.headers["content-type"] == "application/problem+json"


async def test_a_refusal_written_in_both_languages_answers_in_the_callers():
    from fastapi import FastAPI

    from platform_errors import NotFound

    app = FastAPI()
    app.add_middleware(CorrelationMiddleware)
    install_problem_handlers(app)

    @app.get("/orders/{order_id}")
    async def read(order_id: str) -> dict:
        raise NotFound((f"工单 {order_id} 不存在", f"work order {order_id} does not exist"))

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        chinese = (await c.get("/orders/W-1")).json()
        english = (await c.get("/orders/W-1", headers={"Accept-Language": "en"})).json()
    assert (chinese["title"], chinese["detail"]) == ("记录不存在", "工单 W-1 不存在")
    assert (english["title"], english["detail"]) == ("Not found", "work order W-1 does not exist")
    assert str(NotFound(("甲", "a"))) == "甲"  # logs and chained errors read the Chinese


def test_a_bug_answers_500_problem_json_with_the_request_id_and_keeps_the_connection():
    import http.client
    import json
    import threading
    import time

    import uvicorn

    from platform_http import UnhandledErrorMiddleware
    from platform_http.problems import install_problem_handlers as install

    app = FastAPI()
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(CorrelationMiddleware)
    install(app)

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("bug with a secret 13812345678")

    @app.get("/fine")
    async def fine() -> dict:
        return {"ok": True}

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/boom", headers={"X-Request-ID": "req-500"})
        failed = conn.getresponse()
        body = json.loads(failed.read())
        first_socket = conn.sock
        assert failed.status == 500 and failed.getheader("content-type") == "application/problem+json"
        assert body["request_id"] == "req-500" and "13812345678" not in json.dumps(body)
        assert not failed.will_close  # no Connection: close
        conn.request("GET", "/fine")
        after = conn.getresponse()
        assert after.status == 200 and json.loads(after.read()) == {"ok": True}
        assert conn.sock is first_socket  # the same keep-alive connection served the next request
        conn.close()
    finally:
        server.should_exit = True
        thread.join(timeout=5)


async def test_a_405_allows_every_method_of_the_path_not_only_those_of_one_route():
    app = _app()

    @app.get("/things")
    async def read() -> dict:
        return {}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.options("/things")
    assert (r.status_code, r.headers["allow"]) == (405, "GET, POST")


async def test_a_body_that_is_not_utf8_is_a_422_naming_the_body():
    async with await _client() as c:
        r = await c.post("/things", content=b'{"amount": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert (r.status_code, r.headers["content-type"]) == (422, "application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["body"]


async def test_an_unpaired_surrogate_escape_is_a_422_naming_the_body_never_a_database_error():
    from platform_http import NulGuardMiddleware

    app = _app()
    app.add_middleware(NulGuardMiddleware)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        lone = await c.post("/things", content=b'{"amount": 1, "note": "\\ud800"}',
                            headers={"content-type": "application/json"})
        paired = await c.post("/things", content=b'{"amount": 1, "note": "\\ud83d\\ude00"}',
                              headers={"content-type": "application/json"})
    assert (lone.status_code, [e["field"] for e in lone.json()["errors"]]) == (422, ["body"])
    assert paired.status_code == 200
