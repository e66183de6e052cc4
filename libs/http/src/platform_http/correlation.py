"""Request id and W3C traceparent in, bound to logs and caused events, echoed out; one summary line per request."""

import re
import time
import uuid

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_http.language import LANGUAGE, preferred
from platform_logging import get_logger

log = get_logger("http")
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
_REQUEST_ID = re.compile(r"^[\w.\-:]{1,128}$")

REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
_QUIET = {"/healthz", "/readyz", "/metrics"}


class CorrelationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = headers.get("x-request-id", "")
        if not _REQUEST_ID.match(request_id):
            request_id = str(uuid.uuid4())
        traceparent = headers.get("traceparent")
        if traceparent and not _TRACEPARENT.match(traceparent):
            traceparent = None
        scope.setdefault("state", {})["request_id"] = request_id  # for whoever needs it without the log context
        status = {"code": 500}

        async def send_with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                extra = [(b"x-request-id", request_id.encode())]
                if traceparent:
                    extra.append((b"traceparent", traceparent.encode()))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        language = LANGUAGE.set(preferred(headers.get("accept-language", "")))
        started = time.perf_counter()
        with structlog.contextvars.bound_contextvars(request_id=request_id, traceparent=traceparent):
            try:
                await self.app(scope, receive, send_with_ids)
            finally:
                LANGUAGE.reset(language)
                self._summarise(scope, status["code"], time.perf_counter() - started)

    @staticmethod
    def _summarise(scope: Scope, status: int, elapsed: float) -> None:
        route = route_template(scope) or scope["path"]
        REQUESTS.labels(scope["method"], route, str(status)).inc()
        LATENCY.labels(scope["method"], route).observe(elapsed)
        if scope["path"] not in _QUIET:
            log.info("request", method=scope["method"], path=scope["path"], status=status, ms=round(elapsed * 1000, 1))


def route_template(scope: Scope) -> str | None:
    """The matched route's full template (`/api/v1/clues/{clue_id}`); None before or without a match.

    FastAPI keeps an included router apart (its routes' `path` lacks the prefix) and names the effective route,
    prefix included, in `scope["fastapi"]`."""
    effective = scope.get("fastapi", {}).get("effective_route_context")
    if effective is not None:
        return effective.path_format
    return getattr(scope.get("route"), "path", None)
