"""Routes for 公示 and 信用修复 (DOMAIN §5, §11.3), and the published decisions themselves, open to the public."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from case_intake.api.context import PUBLIC, PUBLIC_OPENAPI, Caller, EngineDep, ServicesDep, require
from case_intake.api.publicity_schemas import PublicityPage, PublicityRead, PublishedDecisionPage
from case_intake.application import publicity, queries
from case_intake.application.services import Services

router = APIRouter(tags=["publicity"])
PublicityStatus = Literal["not_publishable", "pending", "published", "withdrawn", "repaired", "expired"]


def _shown(record: dict, svc: Services) -> dict:
    """A record answered as the list and the case show it: whether it is overdue (T-3, T-4) included."""
    return queries.publicity_view(record, svc.today())


@router.get("/publicity", response_model=PublicityPage,
            summary="Publicity records in the caller's data scope, filterable by status (e.g. "
            "pending: publish-by clock running)")
async def list_publicity(engine: EngineDep, caller: Annotated[Caller, require("publicity:read")],
                         status: PublicityStatus | None = None, department_code: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> dict:
    items, next_cursor = await queries.publicity_records(engine, status=status, department_code=department_code,
                                                         limit=limit, cursor=cursor, caller=caller)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/publicity/{publicity_id}", response_model=PublicityRead,
            summary="One publicity record with its redacted summary and end date")
async def get_publicity(publicity_id: str, svc: ServicesDep,
                        caller: Annotated[Caller, require("publicity:read")]) -> dict:
    return _shown(await publicity.get(svc, publicity_id, caller), svc)


@router.post("/publicity/{publicity_id}/publication", response_model=PublicityRead,
             summary="Publish the redacted summary (P-31, T-12); 公示截止期 by class and regime (CR-1/5/6)")
async def publish_publicity(publicity_id: str, body: publicity.Publication, svc: ServicesDep,
                            caller: Annotated[Caller, require("publicity:write")]) -> dict:
    return _shown(await publicity.publish(svc, publicity_id, body, caller), svc)


@router.post("/publicity/{publicity_id}/withdrawal", response_model=PublicityRead,
             summary="Take down a changed or revoked decision's publicity, with the reason (P-27, T-11)")
async def withdraw_publicity(publicity_id: str, body: publicity.Withdrawal, svc: ServicesDep,
                             caller: Annotated[Caller, require("publicity:write")]) -> dict:
    return _shown(await publicity.withdraw(svc, publicity_id, body, caller), svc)


@router.post("/publicity/{publicity_id}/credit-repair", response_model=PublicityRead,
             summary="信用修复: early end after the minimum period when the conditions hold (CR-2, CR-6)")
async def repair_credit(publicity_id: str, body: publicity.RepairApplication, svc: ServicesDep,
                        caller: Annotated[Caller, require("publicity:write")]) -> dict:
    return _shown(await publicity.repair(svc, publicity_id, body, caller), svc)


@router.get("/published-decisions", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI,
            response_model=PublishedDecisionPage,
            summary="For the public, no token: the penalty decisions now published, as their redacted summaries "
                    "(P-31, T-12) — what the agency's site and 信用中国 show")
async def list_published_decisions(engine: EngineDep, department_code: str | None = None,
                                   limit: Annotated[int, Query(ge=1, le=500)] = 100,
                                   cursor: str | None = None) -> dict:
    items, next_cursor = await queries.published_decisions(engine, department_code=department_code, limit=limit,
                                                           cursor=cursor)
    return {"items": items, "next_cursor": next_cursor}
