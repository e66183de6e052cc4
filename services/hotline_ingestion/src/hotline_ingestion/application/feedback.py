"""Feedback to the 12345 platform (回复 → 办结 → 回访 → 评价, and every refusal; rules H-2, H-8, H-10): one webhook
per status change, staged in the change's own transaction on the HTTP outbox of platform_messaging, which signs,
orders (per work order), retries and shows what failed (README: Feedback)."""

from hotline_ingestion.adapters import tables as t
from platform_db import UnitOfWork
from platform_messaging import webhooks

#: The endpoint name deliveries are staged under (settings `feedback`), and their type.
ENDPOINT = "feedback"
EVENT_TYPE = "workorder.feedback"


async def stage(uow: UnitOfWork, work_order_id: str, payload: dict) -> None:
    """Part of the status change's own transaction: no change without its feedback, none twice."""
    await stage_all(uow, [(work_order_id, payload)])


async def stage_all(uow: UnitOfWork, feedback: list[tuple[str, dict]]) -> None:
    """(work order id, payload) deliveries in one statement; each order's go out in the order staged."""
    await webhooks.stage(uow, t.webhook_delivery, [webhooks.Webhook(ENDPOINT, work_order_id, EVENT_TYPE, payload)
                                                   for work_order_id, payload in feedback])
