"""The edge's answers to hostile or out-of-range input (issue 12 item 5), installed by create_service_app: bodies
above the size limit are 413 before anything reads them, and a date the holiday calendar cannot count is 422."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from platform_http import BodyLimitMiddleware, BodyTooLarge
from platform_http.body_limit import too_large
from platform_settings import ServiceSettings


def install_body_limit(app: FastAPI, settings: ServiceSettings) -> None:
    """Added after every middleware that reads the body (NulGuardMiddleware) so that it runs before them."""
    app.add_middleware(BodyLimitMiddleware, default_limit=settings.http.max_body_bytes, routes=lambda: app.routes)
    app.add_exception_handler(BodyTooLarge, _body_too_large)


async def _body_too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
    return too_large(exc.limit)
