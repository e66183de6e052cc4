"""Refuse an oversized request body before anything reads it (issue 12 item 5): a 171 MB body was once parsed, and
held in memory, before a route's 1,000-item check ran.

A declared `Content-Length` above the limit is answered 413 at once, nothing read; a streamed (chunked) body is
counted as it arrives and answered 413 as soon as it passes the limit, so at most one chunk beyond it is ever held.
The limit is `http.max_body_bytes` (`<PREFIX>HTTP__MAX_BODY_BYTES`), unless the matched route declares its own in
`openapi_extra` — `openapi_extra=body_limit(16 * MIB)` — which also documents it in OpenAPI (`x-max-body-bytes`).
The middleware sits outside every other body reader (NulGuardMiddleware buffers the whole body), so it decides by
matching the request against the routes that declare a limit rather than waiting for the router.
"""

import re
from collections.abc import Callable, Iterator, Sequence

from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_http.problems import edge_problem

MIB = 1024 * 1024
#: the `openapi_extra` key a route declares its own body limit under (bytes); shown as is in OpenAPI
MAX_BODY_KEY = "x-max-body-bytes"
#: scope["state"] key of the body's chunks as read, kept when the body is no larger than the default limit, so that
#: an error raised deep in a handler can still name the field that caused it (platform_runtime.hostile_input)
RAW_BODY = "raw_body_chunks"


def body_limit(max_bytes: int, **openapi_extra: object) -> dict:
    """`openapi_extra` of a route whose bodies may be larger (or must be smaller) than the service's default."""
    return {**openapi_extra, MAX_BODY_KEY: max_bytes}


class BodyTooLarge(HTTPException):
    """The body passed the limit while being read (answered 413 payload-too-large by the edge)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, default_limit: int, routes: Callable[[], Sequence[BaseRoute]]) -> None:
        self.app = app
        self.default_limit = default_limit
        self._routes = routes
        self._declared: list[tuple[re.Pattern[str], frozenset[str], int]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await too_large(limit)(scope, receive, send)
            return
        received = 0
        started = False
        kept: list[bytes] = []
        scope.setdefault("state", {})[RAW_BODY] = kept

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    raise BodyTooLarge(limit)
                if received <= self.default_limit:
                    kept.append(chunk)  # the same bytes object the app reads: no copy
                else:
                    kept.clear()
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await too_large(limit)(scope, receive, send)

    def limit_for(self, method: str, path: str) -> int:
        """The matched route's declared limit, else the default."""
        if self._declared is None:
            self._declared = list(_declared_limits(self._routes()))
        for pattern, methods, limit in self._declared:
            if method in methods and pattern.match(path):
                return limit
        return self.default_limit


def too_large(limit: int) -> JSONResponse:
    return edge_problem("payload-too-large", (f"请求体超过上限 {limit} 字节，未作处理。",
                                              f"The request body exceeds the limit of {limit} bytes; nothing was "
                                              "processed."), max_body_bytes=limit)


def _declared_limits(routes: Sequence[BaseRoute]) -> Iterator[tuple[re.Pattern[str], frozenset[str], int]]:
    for context in iter_route_contexts(routes):
        extra = getattr(context.original_route, "openapi_extra", None) or {}
        if MAX_BODY_KEY in extra and context.path:
            pattern, _, _ = compile_path(context.path)
            yield pattern, frozenset(context.methods or ()), int(extra[MAX_BODY_KEY])


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
