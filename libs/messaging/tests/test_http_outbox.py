"""The HTTP outbox (platform_messaging.webhooks) against a real HTTP receiver and the session's real PostgreSQL.

The receiver is an in-process `http.server` on a free port whose answers each test scripts; deliveries are staged
in a real unit of work and sent by the real sender, one round at a time (`deliver_due`), so every step is seen.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlalchemy import select, update

from platform_db import UnitOfWork, add_messaging_tables, build_engine, make_metadata
from platform_messaging.metrics import WEBHOOK_DELIVERIES
from platform_messaging.webhooks import (
    DeliveryNotFailed,
    Webhook,
    WebhookSender,
    add_webhook_table,
    list_deliveries,
    replay,
    skip,
    stage,
    standard_signature,
)
from platform_messaging.webhooks.retry import retry_after_s, retry_delay
from platform_settings import DatabaseSettings, WebhookEndpoint, WebhookSettings

METADATA = make_metadata()
OUTBOX, INBOX, _ = add_messaging_tables(METADATA)
DELIVERY = add_webhook_table(METADATA)
SECRET = "whsec_" + base64.b64encode(b"a test key of thirty-two bytes!!").decode()
FAST = WebhookSettings(backoff_s=0.05, max_backoff_s=0.2, max_attempts=3, poll_interval_s=0.05, lease_s=1)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """A webhook receiver: records every request; `answer(payload, n)` picks (status, headers) for the n-th
    request of a webhook-id (default 204)."""

    received: list[Received] = field(default_factory=list)
    answer: object = None
    url: str = ""

    def payloads(self, status_ok_only: bool = True) -> list[dict]:
        return [json.loads(r.body) for r in self.received if not status_ok_only or r.headers.get("x-answered") == "2"]


@pytest.fixture(scope="module")
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            seen = sum(r.headers.get("webhook-id") == self.headers["webhook-id"] for r in state.received)
            status, extra = (state.answer or (lambda payload, n: (204, {})))(json.loads(body), seen + 1)
            headers = {k.lower(): v for k, v in self.headers.items()} | {"x-answered": str(status)[0]}
            state.received.append(Received(headers, body, time.time()))
            if status == "hang":
                time.sleep(1.0)
                status = 204
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state
    server.shutdown()


@pytest.fixture(scope="module")
async def engine(local_stack):
    engine = build_engine(DatabaseSettings(url=local_stack.database_url("messaging_webhooks")))
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def receiver_answers(receiver):
    """Each test scripts the receiver's answers and sees only its own requests."""
    receiver.received.clear()
    yield lambda answer: setattr(receiver, "answer", answer)
    receiver.answer = None


@pytest.fixture
async def outbox(engine, receiver, receiver_answers):
    """A sender of a fresh endpoint (so tests never see each other's rows), and `stage(aggregate, n)`."""
    name = f"ep-{uuid.uuid4().hex[:8]}"

    def sender(settings: WebhookSettings = FAST, **endpoint: object) -> WebhookSender:
        conf = WebhookEndpoint(url=receiver.url, secret=SECRET, timeout_s=0.5) if not endpoint else \
            WebhookEndpoint(url=receiver.url, **endpoint)
        return WebhookSender(engine=engine, table=DELIVERY, endpoints={name: conf}, settings=settings,
                             service="webhook_test", rng=random.Random(7))

    async def put(*items: tuple[str, int]) -> list[str]:
        async with UnitOfWork(engine, source="/services/webhook_test", outbox=OUTBOX, inbox=INBOX) as uow:
            ids = await stage(uow, DELIVERY, [Webhook(name, agg, "thing.changed", {"aggregate": agg, "n": n})
                                              for agg, n in items])
            await uow.commit()
        return ids

    return name, sender, put


async def rounds(sender: WebhookSender, seconds: float, until=None) -> None:
    """Let the sender work, round after round, for up to `seconds` or until `until()` holds."""
    async with httpx.AsyncClient() as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until and until()):
            if not await sender.deliver_due(client):
                await asyncio.sleep(0.02)


async def rows(engine, endpoint: str) -> list[dict]:
    items, _ = await list_deliveries(engine, DELIVERY, endpoint=endpoint, limit=500)
    return items


def verify_standard(secret: str, headers: dict[str, str], body: bytes, *, tolerance_s: int = 300) -> bool:
    """A receiver's check, written from the Standard Webhooks spec (not the sender's code): key = base64 after
    whsec_; HMAC-SHA256 of "{id}.{timestamp}.{body}"; any space-separated v1 entry matches in constant time;
    the timestamp within the tolerance."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance_s:
        return False
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    return any(hmac.compare_digest(expected, sig.encode()) for version, _, sig in
               (entry.partition(",") for entry in headers["webhook-signature"].split()) if version == "v1")


def test_signing_reproduces_the_standard_webhooks_test_vector():
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    signature = standard_signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_standard_webhooks_secret_must_be_whsec_base64_of_24_to_64_bytes():
    for bad in ("plain-secret", "whsec_!!!", "whsec_" + base64.b64encode(b"short").decode()):
        with pytest.raises(ValueError):
            WebhookEndpoint(url="http://x", secret=bad)
    with pytest.raises(ValueError):
        WebhookEndpoint(url="http://x")  # a url without a secret would send unsigned deliveries
    assert WebhookEndpoint(url="http://x", secret="anything", signature="hmac-sha256").url == "http://x"


async def test_a_delivery_verifies_as_the_standard_webhooks_spec_says(engine, outbox, receiver):
    name, sender, put = outbox
    [webhook_id] = await put(("A", 1))
    await rounds(sender(), 5, until=lambda: receiver.received)
    [got] = receiver.received
    assert got.headers["webhook-id"] == webhook_id and got.headers["content-type"] == "application/json"
    assert verify_standard(SECRET, got.headers, got.body)
    assert not verify_standard(SECRET, got.headers, got.body.replace(b"1", b"2"))  # a changed body fails
    assert json.loads(got.body) == {"aggregate": "A", "n": 1}
    assert [(r["status"], r["attempts"], r["last_status"]) for r in await rows(engine, name)] == [("sent", 1, 204)]


async def test_the_hmac_scheme_keeps_x_signature_for_receivers_built_against_it(outbox, receiver):
    _, sender, put = outbox
    [webhook_id] = await put(("A", 1))
    await rounds(sender(secret="legacy-secret", signature="hmac-sha256", timeout_s=0.5), 5,
                 until=lambda: receiver.received)
    [got] = receiver.received
    assert got.headers["x-delivery-id"] == got.headers["webhook-id"] == webhook_id
    assert got.headers["x-signature"] == "sha256=" + hmac.new(b"legacy-secret", got.body, hashlib.sha256).hexdigest()
    assert "webhook-signature" not in got.headers


async def test_a_failing_delivery_holds_back_its_own_aggregate_only(engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    receiver_answers(lambda payload, n: (500, {}) if payload["aggregate"] == "A" else (204, {}))
    await put(("A", 1), ("B", 1), ("A", 2), ("B", 2), ("B", 3))
    settings = FAST.model_copy(update={"max_attempts": 50})
    await rounds(sender(settings), 10, until=lambda: len(receiver.payloads()) == 3)
    await rounds(sender(settings), 0.5)
    assert receiver.payloads() == [{"aggregate": "B", "n": n} for n in (1, 2, 3)]
    assert {(p["aggregate"], p["n"]) for p in map(lambda r: json.loads(r.body), receiver.received)} == {
        ("A", 1), ("B", 1), ("B", 2), ("B", 3)}  # A's second delivery never left while its first was failing
    receiver_answers(None)  # the receiver is fixed: A's deliveries follow, in their order
    await rounds(sender(settings), 10, until=lambda: len(receiver.payloads()) == 5)
    assert [p for p in receiver.payloads() if p["aggregate"] == "A"] == [{"aggregate": "A", "n": 1},
                                                                          {"aggregate": "A", "n": 2}]


async def test_retry_after_in_seconds_is_honoured_before_the_next_attempt(engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    receiver_answers(lambda payload, n: (503, {"Retry-After": "2"}) if n == 1 else (204, {}))
    await put(("A", 1))
    await rounds(sender(), 10, until=lambda: receiver.payloads())
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert second.at - first.at >= 2.0  # backoff alone would have retried after ~0.05 s
    assert [(r["status"], r["attempts"]) for r in await rows(engine, name)] == [("sent", 2)]


async def test_retry_after_as_an_http_date_on_429_sets_the_next_attempt(engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    later = datetime.now(UTC) + timedelta(seconds=30)
    receiver_answers(lambda payload, n: (429, {"Retry-After": format_datetime(later, usegmt=True)}))
    await put(("A", 1))
    await rounds(sender(), 5, until=lambda: receiver.received)
    [row] = await rows(engine, name)
    assert row["status"] == "pending" and row["last_status"] == 429
    assert abs((row["next_attempt_at"] - later).total_seconds()) < 2


def test_retry_after_reads_seconds_and_http_dates_and_is_capped():
    now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert retry_after_s("120", now) == 120
    assert retry_after_s("Thu, 03 Dec 2026 08:01:00 GMT", now) == 60
    assert retry_after_s("soon", now) is None
    settings = WebhookSettings(max_retry_after_s=600)
    rng = random.Random(1)
    assert retry_delay(1, settings, status=503, retry_after="86400", now=now, rng=rng) == 600
    assert retry_delay(1, settings, status=500, retry_after="86400", now=now, rng=rng) <= settings.backoff_s


def test_retries_back_off_exponentially_with_jitter_up_to_the_ceiling():
    settings = WebhookSettings(backoff_s=2, max_backoff_s=30)
    rng = random.Random(3)
    now = datetime.now(UTC)
    for attempts, ceiling in ((1, 2), (2, 4), (3, 8), (4, 16), (5, 30), (9, 30)):
        delays = [retry_delay(attempts, settings, status=500, retry_after=None, now=now, rng=rng) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jitter: senders do not come back in step


async def test_send_failed_after_the_limit_is_listed_holds_back_its_aggregate_and_replay_delivers_it(
        engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    receiver_answers(lambda payload, n: (503, {}))
    failed_before = WEBHOOK_DELIVERIES.labels("webhook_test", name, "send_failed")._value.get()
    first, _ = await put(("A", 1), ("A", 2))
    await rounds(sender(), 10, until=lambda: len(receiver.received) == 3)
    await rounds(sender(), 0.5)
    items, _ = await list_deliveries(engine, DELIVERY, status="send_failed", endpoint=name)
    assert [(i["webhook_id"], i["attempts"], i["last_error"]) for i in items] == [(first, 3, "HTTP 503")]
    assert WEBHOOK_DELIVERIES.labels("webhook_test", name, "send_failed")._value.get() == failed_before + 1
    assert {r.headers["webhook-id"] for r in receiver.received} == {first}  # A/2 held back behind it
    receiver_answers(None)
    await rounds(sender(), 0.5)
    assert len(receiver.received) == 3  # send_failed stays put until someone acts
    replayed = await replay(engine, DELIVERY, items[0]["id"])
    assert (replayed["status"], replayed["attempts"], replayed["replay_count"]) == ("pending", 0, 1)
    await rounds(sender(), 10, until=lambda: len(receiver.payloads()) == 2)
    assert receiver.payloads() == [{"aggregate": "A", "n": 1}, {"aggregate": "A", "n": 2}]
    assert receiver.received[-2].headers["webhook-id"] == first  # same id: the receiver can dedupe
    with pytest.raises(DeliveryNotFailed):
        await replay(engine, DELIVERY, items[0]["id"])  # only a send_failed delivery is replayed


async def test_skipping_a_send_failed_delivery_lets_its_aggregate_proceed(engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    receiver_answers(lambda payload, n: (410, {}) if payload["n"] == 1 else (204, {}))
    await put(("A", 1), ("A", 2))
    await rounds(sender(FAST.model_copy(update={"max_attempts": 1})), 5,
                 until=lambda: len(receiver.received) == 1)
    [failed] = [r for r in await rows(engine, name) if r["status"] == "send_failed"]
    assert (await skip(engine, DELIVERY, failed["id"]))["status"] == "skipped"
    await rounds(sender(), 5, until=lambda: receiver.payloads())
    assert receiver.payloads() == [{"aggregate": "A", "n": 2}]


async def test_a_delivery_older_than_max_age_is_send_failed_whatever_its_attempts(
        engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    receiver_answers(lambda payload, n: (500, {}))
    await put(("A", 1))
    async with engine.begin() as conn:
        await conn.execute(update(DELIVERY).where(DELIVERY.c.endpoint == name)
                           .values(created_at=datetime.now(UTC) - timedelta(hours=2)))
    await rounds(sender(FAST.model_copy(update={"max_attempts": 100, "max_age_s": 3600})), 5,
                 until=lambda: receiver.received)
    assert [(r["status"], r["attempts"]) for r in await rows(engine, name)] == [("send_failed", 1)]


async def test_at_least_once_a_timed_out_attempt_is_sent_again_with_the_same_webhook_id(
        engine, outbox, receiver, receiver_answers):
    name, sender, put = outbox
    receiver_answers(lambda payload, n: ("hang", {}) if n == 1 else (204, {}))  # answers after the sender gave up
    [webhook_id] = await put(("A", 1))
    await rounds(sender(), 10, until=lambda: len(receiver.received) == 2)
    assert [r.headers["webhook-id"] for r in receiver.received] == [webhook_id, webhook_id]
    [row] = await rows(engine, name)
    assert (row["status"], row["attempts"]) == ("sent", 2)  # the first attempt timed out, the second was answered


async def test_a_sender_that_dies_after_claiming_leaves_the_delivery_to_be_sent_after_the_lease(
        engine, outbox, receiver):
    name, sender, put = outbox
    [webhook_id] = await put(("A", 1))
    worker = sender(FAST.model_copy(update={"lease_s": 1}))
    await worker._on_driver(lambda d: d.fetch(worker._claim_sql, [name], 10, 1.0))  # claimed, never sent
    await rounds(worker, 0.3)
    assert receiver.received == []  # leased: no second sender takes it meanwhile
    await rounds(worker, 5, until=lambda: receiver.received)
    assert [r.headers["webhook-id"] for r in receiver.received] == [webhook_id]


async def test_the_listing_filters_and_pages_with_a_cursor(engine, outbox):
    name, _, put = outbox
    await put(*[("A", n) for n in range(5)], ("B", 0))
    first, more = await list_deliveries(engine, DELIVERY, endpoint=name, aggregate_key="A", limit=3)
    assert more and [i["payload"]["n"] for i in first] == [0, 1, 2]
    rest, more = await list_deliveries(engine, DELIVERY, endpoint=name, aggregate_key="A", limit=3,
                                       after_id=first[-1]["id"])
    assert not more and [i["payload"]["n"] for i in rest] == [3, 4]
    assert {i["status"] for i in first + rest} == {"pending"}


async def test_a_rolled_back_unit_of_work_leaves_no_delivery(engine, outbox):
    name, _, _ = outbox
    async with UnitOfWork(engine, source="/services/webhook_test", outbox=OUTBOX, inbox=INBOX) as uow:
        await stage(uow, DELIVERY, [Webhook(name, "A", "thing.changed", {"n": 1})])
    async with engine.connect() as conn:
        assert (await conn.execute(select(DELIVERY.c.id).where(DELIVERY.c.endpoint == name))).all() == []
