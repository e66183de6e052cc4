"""Routes for 12345 work orders: intake (single, bulk) and reads."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query, Request, Response
from sqlalchemy import select

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.api.context import policies as _policies
from hotline_ingestion.api.context import runtime as _runtime
from hotline_ingestion.application import feedback, intake, lifecycle, queries, routing
from hotline_ingestion.application.lifecycle import ActionCommand
from hotline_ingestion.domain.errors import InvalidInput, NotFound
from hotline_ingestion.domain.vocabulary import RequestType, Status
from hotline_ingestion.domain.work_order import WorkOrderIntake

router = APIRouter(tags=["work orders"])
Actor = Annotated[str | None, Header(alias="X-Operator-Id", description="操作人标识 (audit)")]


@router.post("/work-orders", status_code=201,
             summary="Receive one work order (受理); a repeat of the same order_no returns the stored one")
async def receive(body: WorkOrderIntake, request: Request, response: Response, x_operator_id: Actor = None) -> dict:
    runtime = _runtime(request)
    received = await intake.receive(runtime.uow, body, x_operator_id or "hotline", _policies(request))
    response.status_code = 201 if received.created else 200
    if received.written is not None:
        return queries.just_received(received.written)
    return await queries.work_order(runtime.engine, received.work_order_id)


@router.post("/work-orders/bulk", summary="Receive up to 1,000 orders; each item answers accepted/duplicate/rejected")
async def receive_bulk(request: Request, items: Annotated[list[Any], Body()], x_operator_id: Actor = None) -> dict:
    runtime = _runtime(request)
    limit = runtime.settings.bulk_max_items
    if len(items) > limit:
        raise InvalidInput(f"a bulk request carries at most {limit} orders; it had {len(items)}")
    results = await intake.receive_bulk(runtime.uow, items, x_operator_id or "hotline", _policies(request))
    counts = {k: sum(r.outcome == k for r in results) for k in ("accepted", "duplicate", "rejected")}
    return {"summary": counts, "items": [r.__dict__ for r in results]}


@router.get("/work-orders/{work_order_id}", summary="One work order with its append-only history")
async def get_work_order(work_order_id: str, request: Request) -> dict:
    found = await queries.work_order(_runtime(request).engine, work_order_id)
    if found is None:
        raise NotFound(f"work order {work_order_id} does not exist")
    return found


@router.get("/work-orders", summary="Work orders, filterable and paginated by order number")
async def list_work_orders(request: Request, status: Status | None = None, request_type: RequestType | None = None,
                           region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
                           received_from: datetime | None = None, received_to: datetime | None = None,
                           limit: Annotated[int, Query(ge=1, le=500)] = 50, cursor: str | None = None) -> dict:
    items, next_cursor = await queries.work_orders(
        _runtime(request).engine, status=status, request_type=request_type, region_code=region_code,
        received_from=received_from, received_to=received_to, limit=limit, cursor=cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/work-orders/{work_order_id}/routing-suggestions",
            summary="Ranked departments (with score and the id of the rule that matched) and any enforcement signal")
async def routing_suggestions(work_order_id: str, request: Request) -> dict:
    policies = _policies(request)
    ranked, signal = await routing.suggestions_for(_runtime(request).uow, work_order_id, policies)
    return {"suggestions": [s.__dict__ for s in ranked], "enforcement_signal": signal.__dict__ if signal else None,
            "advisory": True}


@router.post("/work-orders/{work_order_id}/actions",
             summary="One lifecycle step (派单 … 评价, 退单, 延期, 督办, 重办); a refusal names the allowed actions")
async def take_action(work_order_id: str, body: ActionCommand, request: Request, x_operator_id: Actor = None) -> dict:
    runtime = _runtime(request)
    await lifecycle.act(runtime.uow, work_order_id, body, x_operator_id or "dispatcher", _policies(request))
    return await queries.work_order(runtime.engine, work_order_id)


@router.get("/feedback-deliveries", tags=["feedback"], summary="Deliveries to the hotline platform, e.g. send_failed")
async def list_deliveries(request: Request, status: Literal["pending", "sent", "send_failed"] | None = None,
                          limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict]:
    stmt = select(t.feedback_delivery).order_by(t.feedback_delivery.c.created_at).limit(limit)
    if status:
        stmt = stmt.where(t.feedback_delivery.c.status == status)
    async with _runtime(request).engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


@router.post("/feedback-deliveries/{delivery_id}/resend", tags=["feedback"], status_code=202,
             summary="Queue a send_failed delivery again (same X-Delivery-Id)")
async def resend_delivery(delivery_id: str, request: Request) -> dict:
    await feedback.resend(_runtime(request).uow, delivery_id)
    return {"id": delivery_id, "status": "pending"}
