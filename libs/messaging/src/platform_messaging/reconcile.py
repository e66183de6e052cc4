"""Reconciliation: a consumer compares what it handled with what its producers sent, and asks for what is missing.

The broker is not the record: a restarted memory-only broker forgets everything, and a real one can lose an
unreplicated partition. Each producer keeps its sent events for a retention (platform_messaging.outbox_ledger) and
serves, over REST, per-day digests (count and a hash of the ids) and the ids themselves. A consumer group derives
state from some of those events (case_intake's clues from 12345 leads, every local copy of list_management's
catalogues), so for each producer it:

1. asks for the day digests of the event types it handles over the last `window_h` hours, leaving out the last
   `grace_s` seconds (events still on their way);
2. for each day whose digest it has not matched before, pages through the ids and looks each up in its inbox (and
   among its dead letters, which operators see and replay on their own);
3. asks the producer to publish the missing ones again (`POST /api/v1/outbox/republish`). The inbox makes the
   second delivery of anything it did handle a no-op, so an over-eager request costs only traffic.

A day that matched completely is remembered by its digest and not listed again while the digest stays the same.
The consumer runner wakes the reconciler when the broker may have lost messages (it reconnected, or found its
position beyond a partition's log), so on the local stack a broker restart heals without an operator.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Table, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_logging import get_logger
from platform_messaging import metrics
from platform_messaging.outbox_ledger import MAX_REPUBLISH_IDS, TIME_ZONE
from platform_settings import ReconcileSettings

log = get_logger(__name__)
_CHINA = ZoneInfo(TIME_ZONE)
_PAGE = 5000


@dataclass(frozen=True)
class Source:
    """A producing service: where its REST API is and which of its event types this group handles."""

    name: str
    base_url: str
    event_types: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    source: str
    checked: int  # ids compared with the inbox
    missing: int  # ids the group had not handled
    republished: int  # rows the producer marked to send again


class Reconciler:
    def __init__(self, *, engine: AsyncEngine, inbox: Table, dead_letter: Table, group_id: str,
                 sources: Sequence[Source], settings: ReconcileSettings, auth: httpx.Auth | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._engine = engine
        self._inbox = inbox
        self._dead_letter = dead_letter
        self.group_id = group_id
        self.sources = list(sources)
        self._settings = settings
        self._auth = auth
        self._transport = transport
        self._wake = asyncio.Event()
        self._matched: dict[tuple[str, date], str] = {}  # (source, day) → the digest found complete

    async def aclose(self) -> None:
        """Close what the auth holds open (a client-credentials token's HTTP client)."""
        closer = getattr(self._auth, "aclose", None)
        if closer is not None:
            await closer()

    def wake(self) -> None:
        """Reconcile soon (after `grace_s`, so what is on its way arrives first) instead of at the next interval."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        delay = self._settings.first_run_after_s
        while not stop.is_set():
            if await _wait_any(stop, self._wake, delay):
                if stop.is_set():
                    return
                self._wake.clear()
                log.info("reconciliation_woken", group=self.group_id, in_s=self._settings.grace_s)
                if await _wait_any(stop, None, self._settings.grace_s) and stop.is_set():
                    return
            await self.reconcile_all()
            delay = self._settings.interval_s

    async def reconcile_all(self) -> list[Gap]:
        gaps = []
        async with httpx.AsyncClient(auth=self._auth, transport=self._transport, timeout=30) as client:
            for source in self.sources:
                try:
                    gap = await self.reconcile(client, source)
                except Exception as exc:  # noqa: BLE001 - the producer or our database is away: report, next round
                    metrics.RECONCILIATION_RUNS.labels(self.group_id, source.name, "failed").inc()
                    log.warning("reconciliation_failed", group=self.group_id, source=source.name, error=repr(exc))
                    continue
                gaps.append(gap)
        return gaps

    async def reconcile(self, client: httpx.AsyncClient, source: Source) -> Gap:
        now = datetime.now(UTC)
        until = now - timedelta(seconds=self._settings.grace_s)
        since = now - timedelta(hours=self._settings.window_h)
        today = until.astimezone(_CHINA).date()
        answer = await client.get(f"{source.base_url.rstrip('/')}/api/v1/outbox/digests", params={
            "event_type": list(source.event_types), "since": since.astimezone(_CHINA).date().isoformat(),
            "until": today.isoformat()})
        answer.raise_for_status()
        checked = 0
        missing: list[str] = []
        for digest in answer.json()["items"]:
            day = date.fromisoformat(digest["day"])
            if self._matched.get((source.name, day)) == digest["sha256"]:
                continue
            absent = []
            async for ids in self._event_ids(client, source, day, until):
                checked += len(ids)
                absent += await self._not_handled(ids)
            missing += absent
            if not absent and day < today:  # a whole past day handled: not listed again while its digest holds
                self._matched[(source.name, day)] = digest["sha256"]
        republished = 0
        for start in range(0, len(missing), MAX_REPUBLISH_IDS):
            answer = await client.post(f"{source.base_url.rstrip('/')}/api/v1/outbox/republish",
                                       json={"event_ids": missing[start:start + MAX_REPUBLISH_IDS]})
            answer.raise_for_status()
            republished += answer.json()["republished"]
        metrics.RECONCILIATION_MISSING.labels(self.group_id, source.name).set(len(missing))
        metrics.RECONCILIATION_RUNS.labels(self.group_id, source.name, "gap" if missing else "ok").inc()
        if missing:
            log.warning("reconciliation_gap", group=self.group_id, source=source.name, missing=len(missing),
                        republished=republished, checked=checked)
        else:
            log.info("reconciliation_ok", group=self.group_id, source=source.name, checked=checked)
        return Gap(source.name, checked, len(missing), republished)

    async def _event_ids(self, client: httpx.AsyncClient, source: Source, day: date, until: datetime):  # noqa: ANN202
        cursor = None
        while True:
            params = {"event_type": list(source.event_types), "day": day.isoformat(), "before": until.isoformat(),
                      "limit": _PAGE} | ({"cursor": cursor} if cursor else {})
            answer = await client.get(f"{source.base_url.rstrip('/')}/api/v1/outbox/event-ids", params=params)
            answer.raise_for_status()
            page = answer.json()
            yield page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return

    async def _not_handled(self, ids: list[str]) -> list[str]:
        """The ids neither in this group's inbox nor among its dead letters."""
        if not ids:
            return []
        inbox, dead = self._inbox, self._dead_letter
        handled = select(inbox.c.event_id).where(inbox.c.consumer_group == self.group_id,
                                                 inbox.c.event_id.in_(ids))
        pair = func.jsonb_array_elements(dead.c.headers).table_valued("value").alias("pair")
        dead_ids = (select(pair.c.value.op("->>")(1))
                    .select_from(dead.join(pair, literal_column("true")))
                    .where(dead.c.consumer_group == self.group_id, pair.c.value.op("->>")(0) == "ce_id",
                           pair.c.value.op("->>")(1).in_(ids)))
        async with self._engine.connect() as conn:
            found = set((await conn.execute(handled)).scalars()) | set((await conn.execute(dead_ids)).scalars())
        return [i for i in ids if i not in found]


async def _wait_any(stop: asyncio.Event, wake: asyncio.Event | None, seconds: float) -> bool:
    """Wait until `stop` or `wake` is set or `seconds` pass; True when an event was set."""
    waiters = [asyncio.create_task(stop.wait())] + ([asyncio.create_task(wake.wait())] if wake else [])
    try:
        done, _ = await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
    return bool(done)
