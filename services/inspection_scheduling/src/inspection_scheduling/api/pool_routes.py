"""Routes of 一单两库 (R-2): the object pool (imports, reads, updates), the inspector pool (E-1, R-10) and the matter
list copy (E-2). Each route declares its scope; the use case sees only what the caller's data scope reaches."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from inspection_scheduling.api.context import EngineDep, ServicesDep, require
from inspection_scheduling.api.pool_schemas import (
    IMPORT_BODY,
    ConflictRead,
    EntityPage,
    EntityRead,
    ImportRead,
    InspectorPage,
    InspectorRead,
    MatterPage,
)
from inspection_scheduling.application import entity_import, entity_pool, pool
from platform_db import Page
from platform_events.wire import SupportedDate
from platform_http import body_limit
from platform_http.body_limit import BodyTooLarge
from platform_identity import Caller

router = APIRouter(tags=["pool"])
#: the edge's ceiling for an import body; `import_max_bytes` (settings) is checked below it as the body streams in
IMPORT_CEILING_BYTES = 2 * 1024**3
Limit = Annotated[int, Query(ge=1, le=500)]


async def _file(request: Request, limit: int) -> bytes:
    if int(request.headers.get("content-length") or 0) > limit:
        raise BodyTooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/entities/imports", status_code=201, response_model=ImportRead,
             openapi_extra=body_limit(IMPORT_CEILING_BYTES, **IMPORT_BODY),
             responses={200: {"description": "the same file (SHA-256) imported before", "model": ImportRead}},
             summary="Import entities (CSV / JSON / NDJSON); any bad row refuses the whole file (422, each row named)")
async def import_entities(request: Request, svc: ServicesDep, caller: Annotated[Caller, require("pool:write")],
                          filename: Annotated[str | None, Query(max_length=200)] = None) -> JSONResponse:
    body = await _file(request, svc.import_max_bytes)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    record, created = await entity_import.import_file(svc, body, media_type, filename, caller)
    return JSONResponse(ImportRead.model_validate(record).model_dump(mode="json"), status_code=201 if created else 200)


@router.get("/entities/imports/{import_id}", response_model=ImportRead, summary="One import and its outcome")
async def get_import(import_id: str, engine: EngineDep, caller: Annotated[Caller, require("pool:read")]) -> dict:
    return await entity_import.one(engine, import_id, caller)


@router.get("/entities", response_model=EntityPage, summary="The object pool (检查对象名录库) in the caller's region")
async def list_entities(engine: EngineDep, caller: Annotated[Caller, require("pool:read")],
                        region_code: Annotated[str | None, Query(pattern=r"^\d{2,12}$", description="区划前缀")] = None,
                        credit_class: entity_pool.CreditClass | None = None, kind: entity_pool.Kind | None = None,
                        industry: Annotated[str | None, Query(max_length=20, description="行业代码前缀")] = None,
                        status: entity_pool.Status | None = None,
                        q: Annotated[str | None, Query(min_length=1, max_length=100, description="名称包含")] = None,
                        limit: Limit = 100, cursor: str | None = None) -> Page:
    filters = entity_pool.Filters(region_code=region_code, credit_class=credit_class, kind=kind, industry=industry,
                                  status=status, q=q)
    return await entity_pool.listing(engine, caller, filters, limit=limit, cursor=cursor)


@router.get("/entities/{credit_code}", response_model=EntityRead, summary="One entity of the object pool")
async def get_entity(credit_code: str, engine: EngineDep, caller: Annotated[Caller, require("pool:read")]) -> dict:
    return await entity_pool.one(engine, credit_code, caller)


@router.put("/entities/{credit_code}", response_model=EntityRead, summary="Write one entity whole (created if new)")
async def put_entity(credit_code: str, body: entity_pool.EntityWrite, svc: ServicesDep,
                     caller: Annotated[Caller, require("pool:write")]) -> dict:
    return await entity_pool.put(svc, credit_code, body, caller)


@router.patch("/entities/{credit_code}", response_model=EntityRead,
              summary="Change some fields: credit class with its as-of date, 注销, address, risk level …")
async def patch_entity(credit_code: str, body: entity_pool.EntityChange, svc: ServicesDep,
                       caller: Annotated[Caller, require("pool:write")]) -> dict:
    return await entity_pool.patch(svc, credit_code, body, caller)


@router.get("/inspectors", response_model=InspectorPage,
            summary="The inspector pool (执法检查人员名录库): who may be drawn on a date, and why not (E-1)")
async def list_inspectors(svc: ServicesDep, engine: EngineDep, caller: Annotated[Caller, require("pool:read")],
                          department_code: str | None = None, eligible_on: SupportedDate | None = None, limit: Limit = 100,
                          cursor: str | None = None) -> Page:
    return await pool.listing(engine, caller, department_code=department_code, on=eligible_on or svc.today(),
                              limit=limit, cursor=cursor)


@router.put("/inspectors/{person_no}/profile", response_model=InspectorRead,
            summary="The pool's profile of an officer: specialties, workload cap, 入库/出库")
async def put_profile(person_no: str, body: pool.Profile, svc: ServicesDep,
                      caller: Annotated[Caller, require("pool:write")]) -> dict:
    return await pool.put_profile(svc, person_no, body, caller)


@router.post("/inspectors/{person_no}/conflicts", status_code=201, response_model=ConflictRead,
             responses={200: {"description": "the same conflict, already in force", "model": ConflictRead}},
             summary="Declare an interest in an entity: never drawn for it (R-10)")
async def declare_conflict(person_no: str, body: pool.ConflictDeclaration, svc: ServicesDep,
                           caller: Annotated[Caller, require("pool:write")]) -> JSONResponse:
    conflict, created = await pool.declare_conflict(svc, person_no, body, caller)
    return JSONResponse(ConflictRead.model_validate(conflict).model_dump(mode="json"),
                        status_code=201 if created else 200)


@router.delete("/inspectors/{person_no}/conflicts/{credit_code}", response_model=ConflictRead,
               summary="Withdraw a declared conflict (kept, with its withdrawal date)")
async def withdraw_conflict(person_no: str, credit_code: str, svc: ServicesDep,
                            caller: Annotated[Caller, require("pool:write")]) -> dict:
    return await pool.withdraw_conflict(svc, person_no, credit_code, caller)


@router.get("/inspection-matters", response_model=MatterPage,
            summary="The published inspection matters copied from list_management (E-2: only these are planned)")
async def list_matters(engine: EngineDep, caller: Annotated[Caller, require("pool:read")],
                       department_code: str | None = None, limit: Limit = 100, cursor: str | None = None) -> Page:
    return await pool.matters(engine, department_code=department_code, limit=limit, cursor=cursor)
