"""Feedback deliveries: staged with each status change, sent by a worker with retries, re-sendable."""

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import access
from hotline_ingestion.domain.errors import InvalidInput, NotFound
from hotline_ingestion.domain.feedback import after_failure, canonical, next_attempt, signature
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_identity import Caller
from platform_logging import get_logger
from platform_runtime import every

log = get_logger(__name__)
fd = t.feedback_delivery.c


async def stage(uow: UnitOfWork, work_order_id: str, payload: dict) -> None:
    """Part of the status change's own transaction: no change without its feedback, none twice."""
    await uow.session.execute(t.feedback_delivery.insert().values(
        id=str(uuid.uuid4()), work_order_id=work_order_id, payload=payload, status="pending"))


async def send_due(uows: UnitOfWorkFactory, client: httpx.AsyncClient, settings) -> int:  # noqa: ANN001
    """One round: claim due pending deliveries (SKIP LOCKED), POST each, record the outcome."""
    if not settings.url:
        return 0
    now = datetime.now(UTC)
    async with uows() as uow:
        claim = (select(t.feedback_delivery).where(fd.status == "pending", fd.next_attempt_at <= now)
                 .order_by(fd.created_at).limit(50).with_for_update(skip_locked=True))
        rows = (await uow.session.execute(claim)).mappings().all()
        for row in rows:
            await _attempt(uow, client, settings, row, now)
        await uow.commit()
    return len(rows)


async def _attempt(uow: UnitOfWork, client: httpx.AsyncClient, settings, row, now: datetime) -> None:  # noqa: ANN001
    body = canonical(row["payload"])
    headers = {"content-type": "application/json", "X-Delivery-Id": row["id"],
               "X-Signature": signature(settings.secret.get_secret_value().encode(), body)}
    attempts = row["attempts"] + 1
    try:
        response = await client.post(settings.url, content=body, headers=headers, timeout=settings.timeout_s)
        error = None if response.is_success else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    values = {"attempts": attempts, "last_error": error}
    if error is None:
        values |= {"status": "sent", "sent_at": now}
    else:
        values |= {"status": after_failure(attempts, settings.max_attempts),
                   "next_attempt_at": next_attempt(now, attempts, settings.backoff_s)}
        log.warning("feedback_delivery_failed", delivery_id=row["id"], attempts=attempts, error=error)
    await uow.session.execute(update(t.feedback_delivery).where(fd.id == row["id"]).values(**values))


async def deliveries(engine: AsyncEngine, caller: Caller, *, status: str | None, limit: int) -> list[dict]:
    """Deliveries about the orders the caller sees, oldest first."""
    stmt = select(t.feedback_delivery).order_by(fd.created_at).limit(limit)
    if status:
        stmt = stmt.where(fd.status == status)
    scope = access.visible(caller)
    if scope:  # a national region-wide caller sees all: no join
        stmt = stmt.join(t.work_order, t.work_order.c.id == fd.work_order_id).where(*scope)
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def resend(uows: UnitOfWorkFactory, delivery_id: str, caller: Caller) -> None:
    """Put a send_failed delivery back in the queue; the same X-Delivery-Id lets the hotline dedupe. A delivery
    about an order the caller does not see does not exist for it."""
    wo = t.work_order.c
    async with uows() as uow:
        row = (await uow.session.execute(select(fd.status, wo.region_code, wo.lifecycle).join(
            t.work_order, wo.id == fd.work_order_id).where(fd.id == delivery_id))).mappings().first()
        if row is None or not access.sees(caller, row):
            raise NotFound(f"feedback delivery {delivery_id} does not exist")
        if row["status"] != "send_failed":
            raise InvalidInput(f"only a send_failed delivery is re-sent; this one is {row['status']}")
        await uow.session.execute(update(t.feedback_delivery).where(fd.id == delivery_id).values(
            status="pending", attempts=0, next_attempt_at=datetime.now(UTC)))
        await uow.commit()


def feedback_sender(settings):  # noqa: ANN001, ANN201 - a runtime extra worker
    async def send(runtime, stop: asyncio.Event) -> None:  # noqa: ANN001 - the service runtime
        async with httpx.AsyncClient() as client:
            await every(settings.scan_interval_s, stop, lambda: send_due(runtime.uow, client, settings),
                        name="feedback_round")

    return send
