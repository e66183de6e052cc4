"""Operations routes of a service that sends webhooks: its HTTP outbox listed, a send_failed delivery replayed or
skipped. Mounted by the services that stage webhooks (platform_messaging.webhooks), beside `operations_router`."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_db.paging import decode_id_cursor, encode_cursor
from platform_errors import Conflict, NotFound
from platform_identity import Caller
from platform_logging import get_logger
from platform_messaging import webhooks
from platform_runtime.dependencies import RuntimeDep, require

log = get_logger(__name__)
DeliveryStatus = Literal["pending", "sent", "send_failed", "skipped"]


class WebhookDelivery(BaseModel):
    id: int = Field(description="staging order; the path id of replay and skip")
    webhook_id: str = Field(description="`webhook-id` (and `X-Delivery-Id`) header: the same on every attempt")
    endpoint: str = Field(description="the receiver's name in the service's settings")
    aggregate_key: str = Field(description="deliveries of one aggregate go out in order, one after the other")
    event_type: str
    status: DeliveryStatus = Field(description="send_failed holds back its aggregate until replayed or skipped")
    attempts: int
    next_attempt_at: datetime
    last_status: int | None = Field(description="HTTP status of the last answer; null: no answer")
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    replayed_at: datetime | None
    replay_count: int
    payload: Any = Field(description="the JSON body as sent")


class WebhookDeliveryPage(BaseModel):
    items: list[WebhookDelivery]
    next_cursor: str | None


def webhook_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/webhook-deliveries", response_model=WebhookDeliveryPage,
                summary="Outbound webhook deliveries of this service (HTTP outbox), oldest first")
    async def webhook_deliveries(runtime: RuntimeDep, caller: Annotated[Caller, require("webhooks:read")],
                         status: DeliveryStatus | None = None, aggregate: str | None = None,
                         endpoint: str | None = None, cursor: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 50) -> WebhookDeliveryPage:
        items, more = await webhooks.list_deliveries(runtime.engine, _table(runtime), status=status,
                                                     aggregate_key=aggregate, endpoint=endpoint, limit=limit,
                                                     after_id=_after_id(cursor))
        return WebhookDeliveryPage(items=items, next_cursor=encode_cursor(str(items[-1]["id"])) if more else None)

    @router.post("/webhook-deliveries/{delivery_id}/replay", response_model=WebhookDelivery,
                 summary="Send a send_failed delivery again: fresh attempts, the same webhook-id")
    async def replay_webhook_delivery(runtime: RuntimeDep, delivery_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                     caller: Annotated[Caller, require("webhooks:replay")]) -> dict:
        return await _change(webhooks.replay, runtime, delivery_id, caller)

    @router.post("/webhook-deliveries/{delivery_id}/skip", response_model=WebhookDelivery,
                 summary="Give a send_failed delivery up: never sent, its aggregate's later deliveries proceed")
    async def skip_webhook_delivery(runtime: RuntimeDep, delivery_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                   caller: Annotated[Caller, require("webhooks:replay")]) -> dict:
        return await _change(webhooks.skip, runtime, delivery_id, caller)

    return router


Change = Callable[[AsyncEngine, Table, int], Awaitable[dict]]


async def _change(change: Change, runtime: Any, delivery_id: int, caller: Caller) -> dict:  # noqa: ANN401
    try:
        item = await change(runtime.engine, _table(runtime), delivery_id)
    except webhooks.DeliveryNotFound as exc:
        raise NotFound((f"推送记录 {delivery_id} 不存在", f"webhook delivery {delivery_id} does not exist")) from exc
    except webhooks.DeliveryNotFailed as exc:
        raise Conflict(str(exc)) from exc
    log.info("webhook_delivery_changed", delivery_id=delivery_id, status=item["status"], by=caller.actor)
    return item


def _table(runtime: Any) -> Table:  # noqa: ANN401 - the ServiceRuntime (typed loosely, as in operations.py)
    table = runtime.outbox.metadata.tables.get("webhook_delivery")
    if table is None:
        raise NotFound(("本服务不发送推送", "this service sends no webhooks"))
    return table


def _after_id(cursor: str | None) -> int:
    return decode_id_cursor(cursor) or 0
