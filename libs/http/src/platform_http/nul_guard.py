"""Refuse what PostgreSQL text cannot hold at the edge, so that it never surfaces as a 500: NUL characters, and in a
JSON body an unpaired UTF-16 surrogate escape (`"\\ud800"` decodes to a Python string no UTF-8 encoder accepts)."""

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_http.problems import edge_problem

_NUL_MARKERS = (b"\\u0000", b"\x00")
_HIGH, _LOW = rb"\\u[dD][89abAB][0-9a-fA-F]{2}", rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
_LONE_SURROGATE = re.compile(_HIGH + rb"(?!" + _LOW + rb")|(?<!" + _HIGH + rb")" + _LOW)


class NulGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"]:
            await _refuse(scope, receive, send, "query or path")
            return
        chunks: list[Message] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message)
            more = message.get("more_body", False) and message["type"] == "http.request"
        if any(marker in m.get("body", b"") for m in chunks for marker in _NUL_MARKERS):
            await _refuse(scope, receive, send, "body")
            return
        body = b"".join(m.get("body", b"") for m in chunks)
        if b"\\u" in body and _LONE_SURROGATE.search(body):
            await _refuse_surrogate(scope, receive, send)
            return

        async def replay() -> Message:
            return chunks.pop(0) if chunks else await receive()

        await self.app(scope, replay, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, where: str) -> None:
    response = edge_problem("validation", (f"{where} 中不接受 NUL 字符（U+0000）。",
                                           f"NUL characters (U+0000) are not accepted in the {where}."),
                            errors=[{"field": where, "message": "contains U+0000"}])
    await response(scope, receive, send)


async def _refuse_surrogate(scope: Scope, receive: Receive, send: Send) -> None:
    response = edge_problem("validation", ("请求体含有不成对的 UTF-16 代理项转义（\\ud800–\\udfff），不是有效的文本。",
                                           "The body holds an unpaired UTF-16 surrogate escape (\\ud800-\\udfff): "
                                           "not valid text."),
                            errors=[{"field": "body", "message": "unpaired surrogate escape"}])
    await response(scope, receive, send)
