"""Routes for 执法主体, 执法事项目录 and 执法人员."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from list_management.api.deps import ActorDep, ContainerDep
from list_management.api.schemas import (
    CertificateStatusChange,
    DepartmentCreate,
    DepartmentRead,
    MatterCreate,
    MatterRead,
    OfficerCreate,
    OfficerRead,
    Page,
)
from list_management.application import catalog, queries
from list_management.domain.catalog import (
    CertificateStatus,
    MatterType,
    Officer,
    certificate_valid_on,
    status_on,
)
from list_management.domain.errors import NotFound
from platform_db import page

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]


@router.post("/departments", response_model=DepartmentRead, status_code=201, tags=["departments"],
             summary="Register an enforcement body (执法主体); a repeat with the same code returns it")
async def register_department(body: DepartmentCreate, c: ContainerDep, actor: ActorDep, response: Response):
    dept, created = await catalog.register_department(c.uow, body, actor)
    response.status_code = 201 if created else 200
    return await _one(c, queries.departments(region_code=None, sector=None, q=None), dept.code)


@router.put("/departments/{code}", response_model=DepartmentRead, tags=["departments"])
async def update_department(code: str, body: DepartmentCreate, c: ContainerDep, actor: ActorDep):
    await catalog.update_department(c.uow, body.model_copy(update={"code": code}), actor)
    return await _one(c, queries.departments(region_code=None, sector=None, q=None), code)


@router.get("/departments", response_model=Page[DepartmentRead], tags=["departments"])
async def list_departments(c: ContainerDep, region_code: str | None = None, sector: str | None = None,
                           q: str | None = None, limit: Limit = 50, cursor: str | None = None):
    stmt, key = queries.departments(region_code=region_code, sector=sector, q=q)
    return await page(c.engine, stmt, key, limit=limit, cursor=cursor)


@router.get("/departments/{code}", response_model=DepartmentRead, tags=["departments"])
async def get_department(code: str, c: ContainerDep):
    return await _one(c, queries.departments(region_code=None, sector=None, q=None), code)


@router.post("/matters", response_model=MatterRead, status_code=201, tags=["matters"],
             summary="Add a matter to the catalog (执法事项目录); a repeat with the same code returns it")
async def register_matter(body: MatterCreate, c: ContainerDep, actor: ActorDep, response: Response):
    matter, created = await catalog.register_matter(c.uow, body, actor)
    response.status_code = 201 if created else 200
    return await _one(c, queries.matters(department_code=None, matter_type=None, active=None, q=None), matter.code)


@router.put("/matters/{code}", response_model=MatterRead, tags=["matters"], summary="Change a catalog matter")
async def update_matter(code: str, body: MatterCreate, c: ContainerDep, actor: ActorDep):
    await catalog.update_matter(c.uow, body.model_copy(update={"code": code}), actor)
    return await _one(c, queries.matters(department_code=None, matter_type=None, active=None, q=None), code)


@router.post("/matters/{code}/retire", response_model=MatterRead, tags=["matters"],
             summary="Retire a matter from the catalog (e.g. unused for five years, policy 001 item 14)")
async def retire_matter(code: str, c: ContainerDep, actor: ActorDep):
    await catalog.retire_matter(c.uow, code, actor)
    return await _one(c, queries.matters(department_code=None, matter_type=None, active=None, q=None), code)


@router.get("/matters", response_model=Page[MatterRead], tags=["matters"])
async def list_matters(c: ContainerDep, department_code: str | None = None, matter_type: MatterType | None = None,
                       active: bool | None = None, q: str | None = None, limit: Limit = 50, cursor: str | None = None):
    stmt, key = queries.matters(department_code=department_code, matter_type=matter_type, active=active, q=q)
    return await page(c.engine, stmt, key, limit=limit, cursor=cursor)


@router.get("/matters/{code}", response_model=MatterRead, tags=["matters"])
async def get_matter(code: str, c: ContainerDep):
    return await _one(c, queries.matters(department_code=None, matter_type=None, active=None, q=None), code)


@router.post("/personnel", response_model=OfficerRead, status_code=201, tags=["personnel"],
             summary="Register an officer (执法人员); a repeat with the same person_no returns it")
async def register_officer(body: OfficerCreate, c: ContainerDep, actor: ActorDep, response: Response):
    officer, created = await catalog.register_officer(c.uow, body, actor)
    response.status_code = 201 if created else 200
    return await _officer(c, officer.person_no, None)


@router.put("/personnel/{person_no}", response_model=OfficerRead, tags=["personnel"],
            summary="Change an officer's record (certificate status has its own route, with history)")
async def update_officer(person_no: str, body: OfficerCreate, c: ContainerDep, actor: ActorDep):
    await catalog.update_officer(c.uow, body.model_copy(update={"person_no": person_no}), actor)
    return await _officer(c, person_no, None)


@router.get("/personnel", response_model=Page[OfficerRead], tags=["personnel"])
async def list_officers(c: ContainerDep, department_code: str | None = None, status: CertificateStatus | None = None,
                        legal_professional_qualification: bool | None = None, auxiliary: bool | None = None,
                        q: str | None = None, limit: Limit = 50, cursor: str | None = None):
    stmt, key = queries.officers(department_code=department_code, status=status,
                                 legal_qualified=legal_professional_qualification, auxiliary=auxiliary, q=q)
    return await page(c.engine, stmt, key, limit=limit, cursor=cursor)


@router.get("/personnel/{person_no}", response_model=OfficerRead, tags=["personnel"],
            summary="An officer; with `as_of`, whether the certificate counted on that date (P-1, E-1)")
async def get_officer(person_no: str, c: ContainerDep, as_of: date | None = None):
    return await _officer(c, person_no, as_of)


@router.post("/personnel/{person_no}/certificate-status", response_model=OfficerRead, tags=["personnel"],
             summary="Suspend, revoke or reinstate an enforcement certificate (history kept)")
async def change_certificate(person_no: str, body: CertificateStatusChange, c: ContainerDep, actor: ActorDep):
    await catalog.change_certificate_status(c.uow, person_no, body.status, body.effective_on, body.reason, actor)
    return await _officer(c, person_no, None)


@router.get("/personnel/{person_no}/certificate-history", tags=["personnel"])
async def certificate_history(person_no: str, c: ContainerDep) -> list[dict]:
    return await queries.certificate_history(c.engine, person_no)


async def _one(c, query, key: str) -> dict:  # noqa: ANN001 - (Select, key column)
    stmt, column = query
    async with c.engine.connect() as conn:
        row = (await conn.execute(stmt.where(column == key))).mappings().first()
    if row is None:
        raise NotFound(f"{column.table.name} {key} does not exist")
    return dict(row)


async def _officer(c, person_no: str, as_of: date | None) -> dict:  # noqa: ANN001 - Container
    row = await _one(c, queries.officers(department_code=None, status=None, legal_qualified=None, auxiliary=None,
                                         q=None), person_no)
    if as_of is not None:
        history = await queries.certificate_history(c.engine, person_no)
        row |= {"certificate_valid_on": as_of, "certificate_valid": _valid_on(row, history, as_of)}
    return row


def _valid_on(row: dict, history: list[dict], day: date) -> bool:
    changes = [(h["effective_on"], h["previous_status"], h["status"]) for h in history]
    fields = {k: v for k, v in row.items() if k in Officer.model_fields}
    fields["status"] = status_on(CertificateStatus(row["status"]), changes, day)
    return certificate_valid_on(Officer.model_validate(fields), day)  # rules P-1, E-1
