"""Routes for flexible enforcement measures and 行政调解, and the flexible-enforcement report (policy 000)."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from case_intake.adapters import tables as t
from case_intake.api.context import ActorDep, EngineDep, ServicesDep
from case_intake.application import flexible, reports
from case_intake.domain.vocabulary import FlexibleKind

router = APIRouter(tags=["flexible enforcement"])


@router.post("/flexible-measures", status_code=201,
             summary="Record 行政指导 (eight forms), 告诫, 行政调解, 和解, 奖励, 行政建议 or 行政提示")
async def record(body: flexible.MeasureCreate, svc: ServicesDep, actor: ActorDep) -> dict:
    return await flexible.record(svc, body, actor)


@router.get("/flexible-measures", summary="Measures, filterable by kind, department, case")
async def list_measures(engine: EngineDep, kind: FlexibleKind | None = None, department_code: str | None = None,
                        case_id: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict]:
    m = t.flexible_measure.c
    stmt = select(t.flexible_measure).order_by(m.measure_on.desc(), m.id).limit(limit)
    for column, value in ((m.kind, kind.value if kind else None), (m.department_code, department_code),
                          (m.case_id, case_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


@router.get("/flexible-measures/{measure_id}", summary="One measure with its steps")
async def get_measure(measure_id: str, svc: ServicesDep) -> dict:
    return await flexible.get(svc, measure_id)


@router.post("/flexible-measures/{measure_id}/mediation-steps",
             summary="行政调解: accept or decline, a session, agreement or ending (45 WD clock from acceptance, K-3)")
async def mediate(measure_id: str, body: flexible.MediationStep, svc: ServicesDep, actor: ActorDep) -> dict:
    return await flexible.mediate(svc, measure_id, body, actor)


@router.get("/reports/flexible-enforcement", tags=["reports"],
            summary="Monthly (with month) or annual statistics of flexible enforcement (policy 000)")
async def flexible_report(engine: EngineDep, year: Annotated[int, Query(ge=2000, le=2100)],
                          month: Annotated[int | None, Query(ge=1, le=12)] = None) -> dict:
    return await reports.flexible_enforcement(engine, year, month)
