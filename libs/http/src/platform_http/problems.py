"""RFC 9457 problem details: one place maps every error to problem+json (CONVENTIONS.md: HTTP)."""

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_errors import DomainError
from platform_http.language import Text, localized
from platform_logging import get_logger

log = get_logger(__name__)
PROBLEM_JSON = "application/problem+json"
#: problem `type` URIs are relative references (RFC 9457 §3.1.1) to the catalog every service serves itself:
#: they resolve on an intranet with no way out, and `GET /problems/{slug}` explains each one.
TYPE_BASE = "/problems/"
_RESERVED = {"type", "title", "status", "detail", "instance", "slug", "rule", "errors"}

#: the problems the edge answers itself (a DomainError kind carries its own status and titles): slug -> titles
EDGE_PROBLEMS: dict[str, tuple[int, str, str]] = {
    "validation": (422, "请求字段无效", "Invalid request"),
    "unauthenticated": (401, "需要身份认证", "Authentication required"),
    "insufficient-scope": (403, "访问令牌缺少所需权限范围", "Insufficient scope"),
    "issuer-unavailable": (503, "身份认证服务暂不可用", "Service unavailable"),
    "unavailable": (503, "数据库暂不可用", "Service unavailable"),
    "not-ready": (503, "服务未就绪", "Not ready"),
    "payload-too-large": (413, "请求体过大", "Content too large"),
    "date-out-of-range": (422, "日期超出平台支持的范围", "Date outside the supported range"),
    "internal": (500, "内部错误", "Internal error"),
}


def register_edge_problem(slug: str, status: int, title: tuple[str, str]) -> None:
    """A service's own edge problem (e.g. an Open311 refusal in the GeoReport format), listed in the catalog."""
    EDGE_PROBLEMS[slug] = (status, *title)


def problem(status: int, title: Text, detail: Text, *, slug: str, **extra: object) -> JSONResponse:
    """A problem+json answer; `title` and `detail` may be `(zh, en)` pairs, given in the caller's language."""
    body = {"type": TYPE_BASE + slug, "title": localized(title), "status": status, "detail": localized(detail)}
    body.update({k: v for k, v in extra.items() if v is not None and v != []})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def edge_problem(slug: str, detail: Text, **extra: object) -> JSONResponse:
    """A problem the edge answers itself, its status and titles from EDGE_PROBLEMS."""
    status, zh, en = EDGE_PROBLEMS[slug]
    return problem(status, (zh, en), detail, slug=slug, **extra)


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


INVALID_FIELDS = ("请求中有无效字段。", "The request has invalid fields.")


async def _validation(request: Request, exc: RequestValidationError | ValidationError) -> JSONResponse:
    errors = [{"field": _field_name(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
    return edge_problem("validation", INVALID_FIELDS, errors=errors)


UNREADABLE_BODY = ("请求体无法解析（不是 UTF-8 编码的 JSON 或表单）。", "The body cannot be read (not UTF-8 JSON or form data).")


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and exc.__cause__ is not None:  # FastAPI could not parse the body: invalid input
        return unreadable_body(exc)
    response = problem(exc.status_code, _reason(exc.status_code), str(exc.detail), slug=f"http-{exc.status_code}")
    response.headers.update(exc.headers or {})
    if exc.status_code == 405:  # every method of the path, not only those of the one route Starlette tried
        response.headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
    return response


def unreadable_body(exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI's 400 for a body it cannot parse (bytes that are not UTF-8, a broken form) is the caller's invalid
    input like any other: 422 naming `body`, the one status for it everywhere (CONVENTIONS.md: Errors)."""
    reason = f"{type(exc.__cause__).__name__}: {str(exc.__cause__)[:200]}"
    return edge_problem("validation", UNREADABLE_BODY, errors=[{"field": "body", "message": reason}])


def allowed_methods(app: ASGIApp, scope: Scope) -> list[str]:
    """The methods some route of `app` serves at the request's path (RFC 9110 `Allow`)."""
    methods: set[str] = set()
    for route in getattr(app, "routes", ()):
        if isinstance(route, Route) and route.methods and route.matches(scope)[0] != Match.NONE:
            methods |= route.methods
    return sorted(methods)


async def _domain(request: Request, exc: DomainError) -> JSONResponse:
    """One status per kind of refusal, everywhere (the kind's `status`); the rule id when a rule refused."""
    errors = [{"field": e.field, "message": e.message} for e in exc.errors]
    extra = {k: v for k, v in exc.extra.items() if k not in _RESERVED}  # never overwrite the RFC 9457 members
    return problem(exc.status, (exc.title, exc.title_en), exc.detail, slug=exc.slug, rule=exc.rule, errors=errors,
                   **extra)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", path=request.url.path)
    return edge_problem("internal", ("发生意外错误，已记录日志。", "An unexpected error occurred; it has been logged."))


_REASONS_ZH = {400: "请求无效", 401: "需要身份认证", 403: "禁止访问", 404: "未找到", 405: "不支持该请求方法",
               406: "无法提供所请求的格式", 409: "冲突", 413: "请求体过大", 415: "不支持的媒体类型", 429: "请求过多"}


def _reason(status: int) -> tuple[str, str]:
    try:
        english = HTTPStatus(status).phrase
    except ValueError:
        english = "Error"
    return _REASONS_ZH.get(status, english), english


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(Exception, _unexpected)


class UnhandledErrorMiddleware:
    """A bug answers 500 problem+json naming the request id, and the connection stays usable.

    Starlette's outermost error middleware answers an unhandled exception and then raises it again for the server
    to log, and the server closes the keep-alive connection. Caught here instead, inside the correlation middleware
    (so the answer carries the request id and the caller's language), the exception is logged once and ends with
    the answer; one raised after the answer began cannot be answered and goes on up.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            if started:
                raise
            request_id = scope.get("state", {}).get("request_id")
            log.exception("unhandled_error", path=scope.get("path"))
            response = edge_problem("internal", ("发生意外错误，已记录日志。",
                                                 "An unexpected error occurred; it has been logged."),
                                    request_id=request_id)
            await response(scope, receive, send)
