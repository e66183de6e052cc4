"""Routes for 公示 and 信用修复 (DOMAIN §5, §11.3)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select

from case_intake.adapters import tables as t
from case_intake.api.context import ActorDep, EngineDep, ServicesDep
from case_intake.application import publicity

router = APIRouter(tags=["publicity"])
PublicityStatus = Literal["not_publishable", "pending", "published", "withdrawn", "repaired", "expired"]


@router.get("/publicity", summary="Publicity records, filterable by status (e.g. pending: publish-by clock running)")
async def list_publicity(engine: EngineDep, status: PublicityStatus | None = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict]:
    p = t.publicity.c
    stmt = select(t.publicity).order_by(p.created_at).limit(limit)
    if status:
        stmt = stmt.where(p.status == status)
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


@router.get("/publicity/{publicity_id}", summary="One publicity record with its redacted summary and end date")
async def get_publicity(publicity_id: str, svc: ServicesDep) -> dict:
    return await publicity.get(svc, publicity_id)


@router.post("/publicity/{publicity_id}/publication",
             summary="Publish the redacted summary (P-31, T-12); 公示截止期 by class and regime (CR-1/5/6)")
async def publish(publicity_id: str, body: publicity.Publication, svc: ServicesDep, actor: ActorDep) -> dict:
    return await publicity.publish(svc, publicity_id, body, actor)


@router.post("/publicity/{publicity_id}/withdrawal",
             summary="Take down a changed or revoked decision's publicity, with the reason (P-27, T-11)")
async def withdraw(publicity_id: str, body: publicity.Withdrawal, svc: ServicesDep, actor: ActorDep) -> dict:
    return await publicity.withdraw(svc, publicity_id, body, actor)


@router.post("/publicity/{publicity_id}/credit-repair",
             summary="信用修复: early end after the minimum period when the conditions hold (CR-2, CR-6)")
async def repair(publicity_id: str, body: publicity.RepairApplication, svc: ServicesDep, actor: ActorDep) -> dict:
    return await publicity.repair(svc, publicity_id, body, actor)
