"""The database half of bench/inspection_draw.py: the same roster as entities of an embedded PostgreSQL 18, read
and drawn as the service draws (services/inspection_scheduling: adapters/draw_inputs.py, application/draw_inputs.py).

Entities are loaded by COPY (not timed). A task names one matter and every stratum's 区划, with the draw's share as
the ratio of every credit class, so its strata are the roster's. Timed, in this order:

1. floor        - read the eligible roster from PostgreSQL by the service's own statement (one LF-joined string of
                  codes per 区划 × credit class, unordered: the cheapest read of a million keys found; not sorted,
                  as `eligible` then does) and SHA-256 every row's ticket bytes once;
2. draw         - the service's path: `draw_inputs.gather` (roster, exclusions, caps, inspector pool from the
                  database), `frozen_of` (freeze and commitment), the domain `reveal` (tickets, selection, inspectors);
3. store        - what the commit adds after the draw: the roster's published lines (canonical order, from the
                  freeze's groups) and their gzip (information);
4. naive        - `ORDER BY random() LIMIT count` per stratum in SQL (information: no proof);
5. offline      - tools/verify_draw.py on that draw's proof and roster CSV (python -I, wall).
The plain row fetch (`SELECT credit_code, region_code, credit_class`, one record per entity) is timed too, for
information: it is the read a draw would make without the aggregation.
"""

import asyncio
import csv
import gc
import hashlib
import math
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import asyncpg

from inspection_scheduling.adapters import draw_inputs as sql
from inspection_scheduling.adapters import tables
from inspection_scheduling.application import draw_inputs
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.canonical import canonical_json, secret_commitment
from inspection_scheduling.domain.draws import reveal
from inspection_scheduling.domain.policy import InspectionPolicy
from platform_db import UnitOfWork, build_engine
from platform_settings import DatabaseSettings

DEPARTMENT = "330200MSA"


def task_of(keys: list[tuple[str, str, str]], share: float) -> dict:
    """One task over the roster's 区划: its strata are (matter, 区划, credit class) of the roster."""
    percent = round(share * 100, 4)
    return {"id": str(uuid.uuid4()), "plan_id": str(uuid.uuid4()), "departments": [DEPARTMENT],
            "matter_codes": ["食品经营"], "region_codes": sorted({region for _, region, _ in keys}),
            "entity_kinds": [], "industries": [], "ratio_by_class": dict.fromkeys("ABCD", percent),
            "window_from": date(2026, 1, 1), "window_to": date(2026, 12, 31)}


async def load(url: str, roster: list, keys: list[tuple[str, str, str]], inspectors: int) -> float:
    """Schema (metadata.create_all), entities by COPY, the matter and the inspectors; seconds of the COPY."""
    engine = build_engine(DatabaseSettings(url=url))
    async with engine.begin() as conn:
        await conn.run_sync(tables.metadata.create_all)
    await engine.dispose()
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        t0 = time.perf_counter()
        await conn.copy_records_to_table("entity", columns=["credit_code", "name", "kind", "industry", "region_code",
                                                            "status", "credit_class", "credit_as_of"],
                                         records=((row.credit_code, "某企业", "enterprise", "F", *_at(row),
                                                   date(2026, 1, 1)) for row in roster))
        copied = time.perf_counter() - t0
        await conn.execute("ANALYZE entity")
        await conn.execute("INSERT INTO department_copy (code, name, region_code, sector, source_event_id) "
                           "VALUES ($1, '东港市市场监督管理局', '330200', '市场监管', 'bench')",
                           DEPARTMENT)
        await conn.execute("INSERT INTO inspection_matter (series_key, matter_code, department_code, list_id, version,"
                           " effective_from, basis, objects, ratio_percent, frequency_per_year, method, "
                           "source_event_id, updated_at) VALUES ('bench', '食品经营', $1, 'bench', 1, '2026-01-01', "
                           "'《食品安全法》', '食品经营者', 1, 1, '现场检查', 'bench', now())", DEPARTMENT)
        await conn.executemany(
            "INSERT INTO officer_copy (person_no, name, department_code, certificate_no, valid_from, valid_to, "
            "status, auxiliary, areas, source_event_id) VALUES ($1, '检查员', $2, $3, '2024-01-01', "
            "'2028-12-31', 'valid', false, '[\"市场监管\", \"食品\"]', 'bench')",
            [(f"3302{i:05d}", DEPARTMENT, f"ZF{i:05d}") for i in range(1, inspectors + 1)])
    finally:
        await conn.close()
    return copied


def _at(row: object) -> tuple[str, str, str]:
    """区划, status and credit class of a generated row, from its stratum key (matter|区划|class)."""
    _, region, cls = row.stratum.split("|")
    return region, "存续", cls


async def floor(conn: asyncpg.Connection, task: dict, seed: bytes) -> tuple[int, float]:
    t0 = time.perf_counter()
    groups = {(r["region"], r["credit_class"]): r["codes"].split("\n")
              for r in await conn.fetch(sql.ELIGIBLE, *sql.scope_args(task))}  # as `eligible`, without its sort
    sha256, hashed = hashlib.sha256, 0
    for (region, cls), codes in groups.items():
        prefix = seed + f"食品经营|{region}|{cls}".encode() + b"\x00"
        for code in codes:
            sha256(prefix + code.encode("ascii")).digest()
        hashed += len(codes)
    return hashed, time.perf_counter() - t0


async def plain_fetch(conn: asyncpg.Connection) -> float:
    t0 = time.perf_counter()
    await conn.fetch("SELECT credit_code, region_code, credit_class FROM entity WHERE status = '存续'")
    return time.perf_counter() - t0


async def service_draw(engine: object, task: dict, secrets: dict[str, str]) -> tuple[dict, object, dict]:
    """(proof, frozen, seconds by step) of the service's draw path on the database."""
    svc = Services(uows=None, engine=engine, calendar=None, rules=InspectionPolicy(), import_max_bytes=1)
    parties = {party: secret_commitment(secret) for party, secret in secrets.items()}
    seconds = {}
    async with UnitOfWork(engine, source="/bench", outbox=tables.outbox, inbox=tables.inbox) as uow:
        t0 = time.perf_counter()
        inputs = await draw_inputs.gather(uow, svc, task, date(2026, 3, 2))
        t1 = time.perf_counter()
        frozen = draw_inputs.frozen_of(inputs, parties, date(2026, 3, 2), 2)
        t2 = time.perf_counter()
        with draw_inputs.paused_gc():
            proof = reveal(frozen, inputs.roster, secrets, "上证指数 2026-02-27 收盘 3361.88")
        t3 = time.perf_counter()
    seconds.update(gather=t1 - t0, freeze=t2 - t1, reveal=t3 - t2, draw=t3 - t0)
    return proof, frozen, seconds


async def naive(conn: asyncpg.Connection, proof: dict) -> tuple[int, float]:
    t0 = time.perf_counter()
    drawn = 0
    for stratum in proof["strata"]:
        rows = await conn.fetch("SELECT credit_code FROM entity WHERE region_code = $1 AND credit_class = $2 "
                                "AND status = '存续' ORDER BY random() LIMIT $3",
                                stratum["region"], stratum["credit_class"], stratum["count"])
        drawn += len(rows)
    return drawn, time.perf_counter() - t0


def store(frozen: object) -> tuple[bytes, float]:
    t0 = time.perf_counter()
    lines = draw_inputs.roster_lines(frozen)
    draw_inputs.compressed(lines)
    return lines, time.perf_counter() - t0


def files(tmp: Path, proof: dict, lines: bytes) -> tuple[Path, Path]:
    proof_path, roster_path = tmp / "proof.json", tmp / "roster.csv"
    proof_path.write_bytes(canonical_json(proof) + b"\n")
    with roster_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("credit_code", "stratum"))
        writer.writerows(line.split("\t") for line in lines.decode().splitlines())
    return proof_path, roster_path


async def run_db(url: str, roster: list, keys: list[tuple[str, str, str]], args: object,
                 secrets: dict[str, str], offline: object) -> dict:
    """Every figure of the database half; `offline(proof, proof_path, roster_path)` runs the verifier."""
    copied = await load(url, roster, keys, args.inspectors)
    task = task_of(keys, args.share)
    engine = build_engine(DatabaseSettings(url=url))
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        gc.collect()
        await floor(conn, task, hashlib.sha256(b"warm").digest())  # the table's pages in shared buffers, once
        rows, floor_s = await floor(conn, task, hashlib.sha256(b"floor").digest())
        fetch_s = await plain_fetch(conn)
        gc.collect()
        proof, frozen, seconds = await service_draw(engine, task, secrets)
        lines, store_s = store(frozen)
        naive_n, naive_s = await naive(conn, proof)
    finally:
        await conn.close()
        await engine.dispose()
    with tempfile.TemporaryDirectory(prefix="bench-draw-db-") as tmp:
        report, offline_s = offline(proof, *files(Path(tmp), proof, lines))
    expected = sum(math.ceil(args.share * 100 * s["rows"] / 100) for s in proof["roster"]["strata"].values())
    return {"copy": copied, "rows": rows, "floor": floor_s, "fetch": fetch_s, **seconds, "store": store_s,
            "naive": naive_s, "naive_n": naive_n, "selected": len(proof["selected"]), "expected": expected,
            "offline": offline_s, "offline_report": report}


def run(url: str, *args: object) -> dict:
    return asyncio.run(run_db(url, *args))
