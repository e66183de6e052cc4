"""Routes for flexible enforcement measures and 行政调解, and the flexible-enforcement report (policy 000)."""

from typing import Annotated

from fastapi import APIRouter, Query

from case_intake.api.context import Caller, EngineDep, ServicesDep, require
from case_intake.api.flexible_schemas import FlexibleEnforcementReport, MeasurePage, MeasureRead
from case_intake.application import flexible, queries, reports
from case_intake.domain.vocabulary import FlexibleKind

router = APIRouter(tags=["flexible enforcement"])


@router.post("/flexible-measures", status_code=201, response_model=MeasureRead,
             summary="Record 行政指导 (eight forms), 告诫, 行政调解, 和解, 奖励, 行政建议 or 行政提示")
async def record_measure(body: flexible.MeasureCreate, svc: ServicesDep,
                         caller: Annotated[Caller, require("flexible-measures:write")]) -> dict:
    return await flexible.record(svc, body, caller)


@router.get("/flexible-measures", response_model=MeasurePage,
            summary="Measures in the caller's data scope, filterable by kind, department, case")
async def list_measures(engine: EngineDep, caller: Annotated[Caller, require("flexible-measures:read")],
                        kind: FlexibleKind | None = None, department_code: str | None = None,
                        case_id: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                        cursor: str | None = None) -> dict:
    items, next_cursor = await queries.measures(engine, kind=kind, department_code=department_code, case_id=case_id,
                                                limit=limit, cursor=cursor, caller=caller)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/flexible-measures/{measure_id}", response_model=MeasureRead, summary="One measure with its steps")
async def get_measure(measure_id: str, svc: ServicesDep,
                      caller: Annotated[Caller, require("flexible-measures:read")]) -> dict:
    return await flexible.get(svc, measure_id, caller)


@router.post("/flexible-measures/{measure_id}/mediation-steps", response_model=MeasureRead,
             summary="行政调解: accept or decline, a session, agreement or ending (45 WD clock from acceptance, K-3)")
async def add_mediation_step(measure_id: str, body: flexible.MediationStep, svc: ServicesDep,
                             caller: Annotated[Caller, require("flexible-measures:write")]) -> dict:
    return await flexible.mediate(svc, measure_id, body, caller)


@router.get("/reports/flexible-enforcement", tags=["reports"], response_model=FlexibleEnforcementReport,
            summary="Monthly (with month) or annual statistics of flexible enforcement over the caller's data scope "
                    "(policy 000)")
async def get_flexible_enforcement_report(engine: EngineDep, caller: Annotated[Caller, require("reports:read")],
                                          year: Annotated[int, Query(ge=2000, le=2100)],
                                          month: Annotated[int | None, Query(ge=1, le=12)] = None) -> dict:
    return await reports.flexible_enforcement(engine, year, month, caller)
