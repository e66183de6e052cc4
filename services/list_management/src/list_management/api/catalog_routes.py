"""Routes for 执法主体, 执法事项目录 and 执法人员; each declares its scope, the caller's data scope is applied inside."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from list_management.api.context import Caller, ServicesDep, require
from list_management.api.schemas import (
    CertificateHistory,
    CertificateStatusChange,
    DepartmentCreate,
    DepartmentPage,
    DepartmentRead,
    MatterCreate,
    MatterPage,
    MatterRead,
    OfficerCreate,
    OfficerPage,
    OfficerRead,
)
from list_management.application import catalog, queries
from list_management.domain.catalog import CertificateStatus, MatterType
from platform_db import Page as StoredPage
from platform_events.wire import SupportedDate

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]


@router.post("/departments", response_model=DepartmentRead, status_code=201, tags=["departments"],
             summary="Register an enforcement body (执法主体); a repeat with the same code returns it")
async def register_department(body: DepartmentCreate, svc: ServicesDep, response: Response,
                              caller: Annotated[Caller, require("departments:write")]) -> dict:
    dept, created = await catalog.register_department(svc.uow, body, caller)
    response.status_code = 201 if created else 200
    return await queries.department(svc.engine, caller, dept.code)


@router.put("/departments/{code}", response_model=DepartmentRead, tags=["departments"])
async def update_department(code: str, body: DepartmentCreate, svc: ServicesDep,
                            caller: Annotated[Caller, require("departments:write")]) -> dict:
    await catalog.update_department(svc.uow, body.model_copy(update={"code": code}), caller)
    return await queries.department(svc.engine, caller, code)


@router.get("/departments", response_model=DepartmentPage, tags=["departments"])
async def list_departments(svc: ServicesDep, caller: Annotated[Caller, require("departments:read")],
                           region_code: str | None = None, sector: str | None = None, q: str | None = None,
                           limit: Limit = 50, cursor: str | None = None) -> StoredPage:
    return await queries.departments(svc.engine, caller, region_code=region_code, sector=sector, q=q, limit=limit,
                                     cursor=cursor)


@router.get("/departments/{code}", response_model=DepartmentRead, tags=["departments"])
async def get_department(code: str, svc: ServicesDep, caller: Annotated[Caller, require("departments:read")]) -> dict:
    return await queries.department(svc.engine, caller, code)


@router.post("/matters", response_model=MatterRead, status_code=201, tags=["matters"],
             summary="Add a matter to the catalog (执法事项目录); a repeat with the same code returns it")
async def register_matter(body: MatterCreate, svc: ServicesDep, response: Response,
                          caller: Annotated[Caller, require("matters:write")]) -> dict:
    matter, created = await catalog.register_matter(svc.uow, body, caller)
    response.status_code = 201 if created else 200
    return await queries.matter(svc.engine, caller, matter.code)


@router.put("/matters/{code}", response_model=MatterRead, tags=["matters"], summary="Change a catalog matter")
async def update_matter(code: str, body: MatterCreate, svc: ServicesDep,
                        caller: Annotated[Caller, require("matters:write")]) -> dict:
    await catalog.update_matter(svc.uow, body.model_copy(update={"code": code}), caller)
    return await queries.matter(svc.engine, caller, code)


@router.post("/matters/{code}/retire", response_model=MatterRead, tags=["matters"],
             summary="Retire a matter from the catalog (e.g. unused for five years, policy 001 item 14)")
async def retire_matter(code: str, svc: ServicesDep, caller: Annotated[Caller, require("matters:write")]) -> dict:
    await catalog.retire_matter(svc.uow, code, caller)
    return await queries.matter(svc.engine, caller, code)


@router.get("/matters", response_model=MatterPage, tags=["matters"])
async def list_matters(svc: ServicesDep, caller: Annotated[Caller, require("matters:read")],
                       department_code: str | None = None, matter_type: MatterType | None = None,
                       active: bool | None = None, q: str | None = None, limit: Limit = 50, cursor: str | None = None) -> StoredPage:
    return await queries.matters(svc.engine, caller, department_code=department_code, matter_type=matter_type,
                                 active=active, q=q, limit=limit, cursor=cursor)


@router.get("/matters/{code}", response_model=MatterRead, tags=["matters"])
async def get_matter(code: str, svc: ServicesDep, caller: Annotated[Caller, require("matters:read")]) -> dict:
    return await queries.matter(svc.engine, caller, code)


@router.post("/personnel", response_model=OfficerRead, status_code=201, tags=["personnel"],
             summary="Register an officer (执法人员); a repeat with the same person_no returns it")
async def register_officer(body: OfficerCreate, svc: ServicesDep, response: Response,
                           caller: Annotated[Caller, require("personnel:write")]) -> dict:
    officer, created = await catalog.register_officer(svc.uow, body, caller)
    response.status_code = 201 if created else 200
    return await queries.officer(svc.engine, caller, officer.person_no)


@router.put("/personnel/{person_no}", response_model=OfficerRead, tags=["personnel"],
            summary="Change an officer's record (certificate status has its own route, with history)")
async def update_officer(person_no: str, body: OfficerCreate, svc: ServicesDep,
                         caller: Annotated[Caller, require("personnel:write")]) -> dict:
    await catalog.update_officer(svc.uow, body.model_copy(update={"person_no": person_no}), caller)
    return await queries.officer(svc.engine, caller, person_no)


@router.get("/personnel", response_model=OfficerPage, tags=["personnel"])
async def list_officers(svc: ServicesDep, caller: Annotated[Caller, require("personnel:read")],
                        department_code: str | None = None, status: CertificateStatus | None = None,
                        legal_professional_qualification: bool | None = None, auxiliary: bool | None = None,
                        q: str | None = None, limit: Limit = 50, cursor: str | None = None) -> StoredPage:
    return await queries.officers(svc.engine, caller, department_code=department_code, status=status,
                                  legal_qualified=legal_professional_qualification, auxiliary=auxiliary, q=q,
                                  limit=limit, cursor=cursor)


@router.get("/personnel/{person_no}", response_model=OfficerRead, tags=["personnel"],
            summary="An officer; with `as_of`, whether the certificate counted on that date (P-1, E-1)")
async def get_officer(person_no: str, svc: ServicesDep, caller: Annotated[Caller, require("personnel:read")],
                      as_of: SupportedDate | None = None) -> dict:
    return await queries.officer(svc.engine, caller, person_no, as_of)


@router.post("/personnel/{person_no}/certificate-status", response_model=OfficerRead, tags=["personnel"],
             summary="Suspend, revoke or reinstate an enforcement certificate (history kept)")
async def change_certificate(person_no: str, body: CertificateStatusChange, svc: ServicesDep,
                             caller: Annotated[Caller, require("personnel:write")]) -> dict:
    await catalog.change_certificate_status(svc.uow, person_no, body.status, body.effective_on, body.reason, caller)
    return await queries.officer(svc.engine, caller, person_no)


@router.get("/personnel/{person_no}/certificate-history", response_model=CertificateHistory,
            tags=["personnel"], summary="Every change of the officer's certificate status (证件状态变更记录), oldest first")
async def certificate_history(person_no: str, svc: ServicesDep,
                              caller: Annotated[Caller, require("personnel:read")]) -> dict:
    return {"items": await queries.certificate_history(svc.engine, caller, person_no), "next_cursor": None}
