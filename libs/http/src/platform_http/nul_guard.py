"""Refuse NUL characters at the edge: PostgreSQL text cannot hold them, so they would surface as a 500."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_http.problems import edge_problem

_NUL_MARKERS = (b"\\u0000", b"\x00")


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

        async def replay() -> Message:
            return chunks.pop(0) if chunks else await receive()

        await self.app(scope, replay, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, where: str) -> None:
    response = edge_problem("validation", (f"{where} 中不接受 NUL 字符（U+0000）。",
                                           f"NUL characters (U+0000) are not accepted in the {where}."),
                            errors=[{"field": where, "message": "contains U+0000"}])
    await response(scope, receive, send)
