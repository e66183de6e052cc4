"""RFC 9457 problem details: one place maps every error to problem+json (CONVENTIONS.md: HTTP)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from platform_errors import DomainError
from platform_logging import get_logger

log = get_logger(__name__)
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://errors.enforcement-platform.example/"
_RESERVED = {"type", "title", "status", "detail", "instance", "slug", "rule", "errors"}


#: exception class -> HTTP status; the most specific class listed wins.
ErrorTable = Mapping[type[DomainError], int]


def problem(status: int, title: str, detail: str, *, slug: str, **extra: object) -> JSONResponse:
    body = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None and v != []})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


@dataclass
class _Handlers:
    table: ErrorTable = field(default_factory=dict)

    async def validation(self, request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field_name(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
        return problem(422, "Invalid request", "The request has invalid fields.", slug="validation", errors=errors)

    async def model(self, request: Request, exc: ValidationError) -> JSONResponse:
        errors = [{"field": _field_name(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
        return problem(422, "Invalid request", "The request has invalid fields.", slug="validation", errors=errors)

    async def http(self, request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, _reason(exc.status_code), str(exc.detail), slug=f"http-{exc.status_code}")

    async def domain(self, request: Request, exc: DomainError) -> JSONResponse:
        status = next((s for cls, s in self.table.items() if isinstance(exc, cls)), 422)
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
        extra = {k: v for k, v in exc.extra.items() if k not in _RESERVED}  # never overwrite the RFC 9457 members
        return problem(status, exc.title, exc.detail, slug=exc.slug, rule=exc.rule, errors=errors, **extra)

    async def unexpected(self, request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem(500, "Internal error", "An unexpected error occurred; it has been logged.", slug="internal")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install_problem_handlers(app: FastAPI, table: ErrorTable) -> None:
    ordered = dict(sorted(table.items(), key=lambda kv: -len(kv[0].__mro__)))
    handlers = _Handlers(ordered)
    app.add_exception_handler(RequestValidationError, handlers.validation)
    app.add_exception_handler(ValidationError, handlers.model)
    app.add_exception_handler(StarletteHTTPException, handlers.http)
    app.add_exception_handler(DomainError, handlers.domain)
    app.add_exception_handler(Exception, handlers.unexpected)
