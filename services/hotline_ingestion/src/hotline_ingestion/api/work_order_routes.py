"""Routes for 12345 work orders: intake (single, bulk), reads and lifecycle steps (feedback deliveries: the shared
`/webhook-deliveries` routes of platform_runtime, mounted in api/app.py).

Every route declares its scope; every read and write is bounded by the caller's data scope (application/access.py).
Orders answer with `response_model_exclude_unset`: what a caller may not see (the requester's name and phone,
K-7/H-4) is left out rather than written as null, and a fresh order's empty `lifecycle` stays `{}`.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from hotline_ingestion.api.context import ServicesDep, authorize_action
from hotline_ingestion.api.schemas import BulkReceipt, RoutingSuggestions, WorkOrderPage, WorkOrderRead
from hotline_ingestion.application import intake, lifecycle, queries, routing
from hotline_ingestion.application.access import scope_for
from hotline_ingestion.application.intake import Outcome
from hotline_ingestion.application.lifecycle import ActionCommand
from hotline_ingestion.domain.lifecycle import Action
from hotline_ingestion.domain.vocabulary import RequestType, Status
from hotline_ingestion.domain.work_order import WorkOrderIntake
from platform_db.clocks import ClockState
from platform_errors import NotFound
from platform_events import Instant, RegionPrefix
from platform_http import MIB, body_limit
from platform_identity import Caller
from platform_runtime import dependencies
from platform_runtime.dependencies import require

router = APIRouter(tags=["work orders"])
#: In OpenAPI beside the route's own `workorders:read`: the scope each action needs besides.
ACTION_SCOPES = {action.value: scope_for(action) for action in Action}
#: The bulk body as documented: an array of WorkOrderIntake. The route takes the raw items so that an invalid one is
#: answered `rejected` in the receipt rather than failing the whole request with a 422.
#: Its size limit: 1,000 orders of 500-character content weigh 2.1 MiB as UTF-8 and 3.6 MiB \u-escaped
#: (tests/unit/test_bulk_body_limit.py measures them); 16 MiB leaves four times that (issue 12 item 5).
BULK_MAX_BODY_BYTES = 16 * MIB
_BULK_BODY = body_limit(BULK_MAX_BODY_BYTES, requestBody={"required": True, "content": {"application/json": {
    "schema": {"type": "array", "items": {"anyOf": [
        {"$ref": "#/components/schemas/WorkOrderIntake"},
        {"description": "an item that is not a valid WorkOrderIntake is answered `rejected` with its field errors; "
                        "the other items are still received"}]}}}}})


@router.post("/work-orders", status_code=201, response_model=WorkOrderRead, response_model_exclude_unset=True,
             responses={200: {"model": WorkOrderRead, "description": "a repeat of a stored order_no: the stored order"}},
             summary="Receive one work order (受理); a repeat of the same order_no returns the stored one")
async def receive(body: WorkOrderIntake, response: Response, services: ServicesDep,
                  caller: Annotated[Caller, require("workorders:write")]) -> dict:
    received = await intake.receive(services.uows, body, caller, services.policies)
    response.status_code = 201 if received.created else 200
    return await queries.received(services.engine, received, caller)


@router.post("/work-orders/bulk", response_model=BulkReceipt, openapi_extra=_BULK_BODY,
             summary="Receive up to 1,000 orders; each item answers accepted / merged / not_accepted / rejected / "
                     "duplicate",
             description="Each item is validated alone: an invalid one is answered `rejected` with its field errors "
                         "(nothing of it stored) while the others are stored together. `merged`: a repeat of an open "
                         "order, linked to it (`parent_id`); `not_accepted`: refused at intake as 不予受理 (H-8) with "
                         "the reason and the proper channel; `duplicate`: the order_no is already stored (an earlier "
                         "request or item) — nothing written, `work_order_id` is the stored order.")
async def receive_bulk(items: Annotated[list[Any], Body()], services: ServicesDep,
                       caller: Annotated[Caller, require("workorders:write")]) -> dict:
    results = await intake.receive_bulk(services.uows, items, caller, services.policies,
                                        max_items=services.bulk_max_items)
    counts = {k.value: sum(r.outcome == k for r in results) for k in Outcome}
    return {"summary": counts, "items": [r.__dict__ for r in results]}


@router.get("/work-orders/{work_order_id}", response_model=WorkOrderRead, response_model_exclude_unset=True,
            summary="One work order with its append-only history")
async def get_work_order(work_order_id: str, services: ServicesDep,
                         caller: Annotated[Caller, require("workorders:read")]) -> dict:
    found = await queries.work_order(services.engine, work_order_id, caller)
    if found is None:
        raise NotFound((f"工单 {work_order_id} 不存在", f"work order {work_order_id} does not exist"))
    return found


@router.get("/work-orders", response_model=WorkOrderPage, response_model_exclude_unset=True,
            summary="Work orders the caller sees, filterable and paginated by order number")
async def list_work_orders(services: ServicesDep, caller: Annotated[Caller, require("workorders:read")],
                           order_no: Annotated[str | None, Query(max_length=64,
                                                                 description="热线工单编号（精确匹配）")] = None,
                           status: Status | None = None, request_type: RequestType | None = None,
                           region_code: Annotated[RegionPrefix | None, Query(
                               description="行政区划代码 or its prefix (2, 4, 6, 9 or 12 digits)")] = None,
                           received_from: Instant | None = None, received_to: Instant | None = None,
                           clock_state: Annotated[ClockState | None, Query(description="办理时限的状态")] = None,
                           provisional: Annotated[bool | None, Query(description="时限含未公布放假安排的年份")] = None,
                           limit: Annotated[int, Query(ge=1, le=500)] = 50, cursor: str | None = None) -> dict:
    items, next_cursor = await queries.work_orders(
        services.engine, caller, order_no=order_no, status=status, request_type=request_type, region_code=region_code,
        received_from=received_from, received_to=received_to, clock_state=clock_state, provisional=provisional,
        limit=limit, cursor=cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/work-orders/{work_order_id}/routing-suggestions", response_model=RoutingSuggestions,
            summary="Ranked departments (with score and the id of the rule that matched) and any enforcement signal")
async def routing_suggestions(work_order_id: str, services: ServicesDep,
                              caller: Annotated[Caller, require("workorders:read")]) -> dict:
    ranked, signal = await routing.suggestions_for(services.uows, work_order_id, caller, services.policies)
    return {"suggestions": [s.__dict__ for s in ranked], "enforcement_signal": signal.__dict__ if signal else None,
            "advisory": True}


@router.post("/work-orders/{work_order_id}/actions", openapi_extra={dependencies.ACTION_SCOPES: ACTION_SCOPES},
             response_model=WorkOrderRead, response_model_exclude_unset=True,
             summary="One lifecycle step (派单 … 评价, 退单, 延期, 督办, 重办); a refusal names the allowed actions",
             description="Needs `workorders:read` and the action's own scope: `workorders:handle` for a unit's acts "
                         "(签收, 退单, 办理, 回复, 延期申请 — done as one of the caller's agencies, H-9), "
                         "`workorders:dispatch` for the centre's (every other action).")
async def take_action(work_order_id: str, body: ActionCommand, services: ServicesDep,
                      caller: Annotated[Caller, require("workorders:read")]) -> dict:
    authorize_action(caller, body.action)
    await lifecycle.act(services.uows, work_order_id, body, caller, services.policies)
    return await queries.work_order(services.engine, work_order_id, caller, scoped=False)
