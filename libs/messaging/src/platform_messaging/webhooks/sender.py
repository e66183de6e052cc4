"""The webhook sender: claims the deliveries due, POSTs them signed, records each answer, retries with backoff.

Only the oldest unfinished delivery of each (endpoint, aggregate key) is ever claimed, so an aggregate's deliveries
arrive in the order they were staged and a failing one holds back the later ones of its aggregate only. A claim is
a lease (its next attempt moved `lease_s` ahead) committed before the POST: no transaction stays open across the
network, and a sender that dies mid-POST leaves the delivery to be tried again with the same webhook-id.
"""

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

import asyncpg
import httpx
from sqlalchemy import Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from platform_logging import get_logger
from platform_messaging import metrics
from platform_messaging.webhooks.retry import gives_up, retry_delay
from platform_messaging.webhooks.signing import signed_headers
from platform_messaging.webhooks.store import SEND_FAILED, unfinished_counts
from platform_settings import WebhookEndpoint, WebhookSettings

log = get_logger(__name__)

#: A round that fails because the database is away is logged and tried again after a pause.
DATABASE_AWAY = (OSError, SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError)
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    sent: bool
    status: int | None = None
    error: str | None = None
    retry_after: str | None = None


class WebhookSender:
    def __init__(self, *, engine: AsyncEngine, table: Table, endpoints: Mapping[str, WebhookEndpoint],
                 settings: WebhookSettings, service: str, rng: random.Random | None = None) -> None:
        """`endpoints`: the name each delivery was staged with → where and how it is sent. Deliveries of an
        endpoint without a url wait (pending) until one is configured."""
        self._engine = engine
        self._table = table
        self._endpoints = dict(endpoints)
        self._settings = settings
        self._service = service
        self._rng = rng or random.Random()
        self._metrics_due = 0.0
        longest = max((e.timeout_s for e in self._endpoints.values()), default=0.0)
        self._lease_s = max(settings.lease_s, longest + 5)
        t = table.name
        self._claim_sql = (
            f"UPDATE {t} SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $3)"
            f" WHERE id IN (SELECT d.id FROM {t} d WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
            " AND d.endpoint = ANY($1::text[])"
            f" AND NOT EXISTS (SELECT 1 FROM {t} e WHERE e.endpoint = d.endpoint AND e.aggregate_key = d.aggregate_key"
            " AND e.status IN ('pending', 'send_failed') AND e.id < d.id)"
            " ORDER BY d.id LIMIT $2 FOR UPDATE SKIP LOCKED)"
            " RETURNING id, webhook_id, endpoint, aggregate_key, body, attempts,"
            " coalesce(replayed_at, created_at) AS since")
        self._sent_sql = (f"UPDATE {t} SET status = 'sent', sent_at = now(), last_status = $2, last_error = NULL"
                          " WHERE id = $1 AND status = 'pending'")
        self._failed_sql = (f"UPDATE {t} SET status = $2, next_attempt_at = now() + make_interval(secs => $3),"
                            " last_status = $4, last_error = $5 WHERE id = $1 AND status = 'pending'")

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set: straight on while there is work, a pause when nothing is due."""
        async with httpx.AsyncClient(follow_redirects=False) as client:
            while not stop.is_set():
                try:
                    delivered = await self.deliver_due(client)
                    await self._refresh_gauges()
                except DATABASE_AWAY as exc:
                    log.warning("webhook_round_failed", error=repr(exc))
                    delivered = 0
                if not delivered:
                    try:
                        await asyncio.wait_for(stop.wait(), self._settings.poll_interval_s)
                    except TimeoutError:
                        pass

    async def deliver_due(self, client: httpx.AsyncClient) -> int:
        """One round: claim the due heads of their aggregates, POST them concurrently, record the answers."""
        ready = [name for name, e in self._endpoints.items() if e.url]
        if not ready:
            return 0
        claimed = await self._on_driver(
            lambda driver: driver.fetch(self._claim_sql, ready, self._settings.batch_size, self._lease_s))
        if not claimed:
            return 0
        outcomes = await asyncio.gather(*(self._post(client, row) for row in claimed))
        await self._on_driver(lambda driver: self._record(driver, claimed, outcomes))
        return len(claimed)

    async def _on_driver(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """A pooled connection for one piece of work, in autocommit (each statement its own transaction), and
        back to the pool before anything goes over the network."""
        pooled = await self._engine.raw_connection()
        try:
            return await work(pooled.driver_connection)
        finally:
            await greenlet_spawn(pooled.close)

    async def _post(self, client: httpx.AsyncClient, row: asyncpg.Record) -> Outcome:
        endpoint = self._endpoints[row["endpoint"]]
        headers = signed_headers(endpoint, row["webhook_id"], int(time.time()), row["body"])
        try:
            answer = await client.post(endpoint.url, content=row["body"], headers=headers, timeout=endpoint.timeout_s)
        except httpx.HTTPError as exc:
            return Outcome(row["id"], False, error=f"{type(exc).__name__}: {exc}"[:500])
        if answer.is_success:
            return Outcome(row["id"], True, answer.status_code)
        return Outcome(row["id"], False, answer.status_code, f"HTTP {answer.status_code}",
                       answer.headers.get("retry-after"))

    async def _record(self, driver: asyncpg.Connection, claimed: list[asyncpg.Record],
                      outcomes: list[Outcome]) -> None:
        now = datetime.now(UTC)
        sent, failed = [], []
        for row, outcome in zip(claimed, outcomes, strict=True):
            if outcome.sent:
                sent.append((row["id"], outcome.status))
                self._count(row, "sent")
                continue
            attempts, age = row["attempts"], (now - row["since"]).total_seconds()
            status = SEND_FAILED if gives_up(attempts, age, self._settings) else "pending"
            delay = retry_delay(attempts, self._settings, status=outcome.status, retry_after=outcome.retry_after,
                                now=now, rng=self._rng)
            failed.append((row["id"], status, delay, outcome.status, outcome.error))
            self._count(row, "send_failed" if status == SEND_FAILED else "retried")
            log.warning("webhook_delivery_failed", webhook_id=row["webhook_id"], endpoint=row["endpoint"],
                        aggregate_key=row["aggregate_key"], attempts=attempts, error=outcome.error,
                        status=status, retry_in_s=round(delay, 3))
        if sent:
            await driver.executemany(self._sent_sql, sent)
        if failed:
            await driver.executemany(self._failed_sql, failed)

    def _count(self, row: asyncpg.Record, outcome: str) -> None:
        metrics.WEBHOOK_DELIVERIES.labels(self._service, row["endpoint"], outcome).inc()

    async def _refresh_gauges(self) -> None:
        """Count pending and send_failed deliveries now and then (not every round: the gauges change slowly)."""
        if time.monotonic() < self._metrics_due:
            return
        self._metrics_due = time.monotonic() + self._settings.metrics_interval_s
        counts = {(e, s): (n, oldest) for e, s, n, oldest in await unfinished_counts(self._engine, self._table)}
        now = datetime.now(UTC)
        for name in self._endpoints:
            pending, oldest = counts.get((name, "pending"), (0, None))
            metrics.WEBHOOK_PENDING.labels(self._service, name).set(pending)
            metrics.WEBHOOK_OLDEST_PENDING_AGE.labels(self._service, name).set(
                max((now - oldest).total_seconds(), 0.0) if oldest else 0.0)
            metrics.WEBHOOK_SEND_FAILED.labels(self._service, name).set(counts.get((name, SEND_FAILED), (0,))[0])
