"""Open311 GeoReport v2 facade at /open311/v2 (the standard's paths, not /api/v1), so 311 clients work unchanged.

Reading services and requests is public (GeoReport's own model: anyone may track a request; answers never carry
the requester, and the listing leaves out 举报 and confidential orders); reporting one needs `workorders:write`.
"""

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from hotline_ingestion.api.context import ServicesDep
from hotline_ingestion.api.open311_schemas import (
    OPEN311_REFUSALS,
    Open311Receipt,
    Open311Service,
    Open311ServiceRequest,
    georeport_errors,
)
from hotline_ingestion.application import open311, open311_handlers
from platform_errors import DomainError, FieldProblem, NotFound, NotPermitted
from platform_http import localized, problem, register_edge_problem
from platform_identity import Caller
from platform_runtime.dependencies import PUBLIC, PUBLIC_OPENAPI, require

JSON = "application/json; charset=utf-8"  # GeoReport v2, Format Support
for _status, _titles in OPEN311_REFUSALS.items():
    register_edge_problem(f"open311-{_status}", _status, _titles)
Jurisdiction = Annotated[str | None, Query(description="optional: this endpoint serves one jurisdiction")]


class GeoReportRoute(APIRoute):
    """Refusals answer GeoReport's `[{code, description}]`, or RFC 9457 problem+json when the client asks for it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = [FieldProblem(".".join(map(str, e["loc"][1:])), e["msg"]) for e in exc.errors()]
                return refusal(request, 400, localized(("请求参数无效", "the request has invalid arguments")), errors)
            except DomainError as exc:  # GeoReport v2: 404 for what does not exist, 400 for anything else
                return refusal(request, _status(exc), localized(exc.detail), exc.errors)

        return answer


def _status(exc: DomainError) -> int:
    """404 for what does not exist, 403 for what this caller may not do, 400 for anything else."""
    return 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, NotPermitted) else 400


def refusal(request: Request, status: int, detail: str, errors: list[FieldProblem]) -> Response:
    if _wants_problem(request.headers.get("accept", "")):
        return problem(status, OPEN311_REFUSALS[status], detail, slug=f"open311-{status}",
                       errors=[{"field": e.field, "message": e.message} for e in errors])
    body = [{"code": status, "description": f"{e.field}: {e.message}"} for e in errors]
    return JSONResponse(body or [{"code": status, "description": detail}], status_code=status, media_type=JSON)


def _wants_problem(accept: str) -> bool:
    for media_range in accept.lower().split(","):
        media, *params = [part.strip() for part in media_range.split(";")]
        if media == "application/problem+json" and "q=0" not in params:
            return True
    return False


router = APIRouter(prefix="/open311/v2", tags=["open311"], route_class=GeoReportRoute)


def _served(services: ServicesDep, jurisdiction_id: str | None) -> None:
    open311.check_jurisdiction(jurisdiction_id, services.open311_jurisdiction_id)


@router.get("/services.json", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI,
            response_model=list[Open311Service], responses=georeport_errors(400, 404),
            summary="GeoReport v2 GET Service List: one service per department (部门); public")
async def list_services(services: ServicesDep, jurisdiction_id: Jurisdiction = None) -> JSONResponse:
    _served(services, jurisdiction_id)
    return JSONResponse(await open311_handlers.list_services(services.engine), media_type=JSON)


_FORM_DOC = {"requestBody": {"required": True, "content": {
    open311.FORM: {"schema": {"type": "object", "required": ["service_code"], "properties": {
        name: {"type": "string"} for name in (
            "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email", "device_id",
            "account_id", "first_name", "last_name", "phone", "description", "media_url",
            "attribute[request_type]")}}},
    "application/json": {"schema": {"type": "object"}}}}}


@router.post("/requests.json", openapi_extra=_FORM_DOC, response_model=list[Open311Receipt],
             responses=georeport_errors(400, 403, 404),
             summary="GeoReport v2 POST Service Request: received as a work order (受理) of that department")
async def create_request(request: Request, services: ServicesDep,
                         caller: Annotated[Caller, require("workorders:write")],
                         idempotency_key: Annotated[str | None, Header()] = None,
                         jurisdiction_id: Jurisdiction = None) -> JSONResponse:
    fields = open311.read_fields(await request.body(), request.headers.get("content-type"))
    _served(services, fields.get("jurisdiction_id") or jurisdiction_id)
    receipt = await open311_handlers.submit_request(services.uows, services.engine, fields, idempotency_key, caller,
                                                    services.policies)
    return JSONResponse([receipt], media_type=JSON)


@router.get("/requests.json", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI,
            response_model=list[Open311ServiceRequest], responses=georeport_errors(400, 404),
            summary="GeoReport v2 GET Service Requests (90 days / 1000 requests at most); public")
async def list_requests(services: ServicesDep, jurisdiction_id: Jurisdiction = None, service_request_id: str | None = None,
                        service_code: Annotated[list[str], Query()] = (), start_date: str | None = None,
                        end_date: str | None = None, status: Annotated[list[str], Query()] = ()) -> JSONResponse:
    _served(services, jurisdiction_id)
    query = open311.read_query(service_request_id, list(service_code), start_date, end_date, list(status),
                               datetime.now(UTC))
    return JSONResponse(await open311_handlers.find_requests(services.engine, query), media_type=JSON)


@router.get("/requests/{service_request_id}.json", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI,
            response_model=list[Open311ServiceRequest], responses=georeport_errors(400, 404),
            summary="GeoReport v2 GET Service Request (a one-element list); public")
async def one_request(service_request_id: str, services: ServicesDep,
                      jurisdiction_id: Jurisdiction = None) -> JSONResponse:
    _served(services, jurisdiction_id)
    found = await open311_handlers.find_request(services.engine, service_request_id)
    return JSONResponse([found], media_type=JSON)
