"""Reads of draws, SQL first. A caller sees the draws of the departments it sees (the drawing department's, or
its region's when region-wide) and those it is a party to; anyone sees every draw on the public routes — the
frozen inputs and commitment from the start, the proof once complete — and re-derives it (R-4): `verify` and
`why` answer from the stored proof and roster exactly what tools/verify_draw.py answers offline."""

import asyncio
import csv
import gzip
import io
import json
from dataclasses import asdict

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ColumnElement

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.application import draw_inputs
from inspection_scheduling.domain.canonical import CREDIT_CODE, sha256_hex
from inspection_scheduling.domain.roster import RosterRow
from inspection_scheduling.domain.verification import verify, why
from platform_db import Page, page
from platform_errors import FieldProblem, InvalidInput, InvalidTransition, NotFound
from platform_identity import Caller
from platform_identity.sql import sees

d, r, vt = t.draw.c, t.draw_roster.c, t.visit_task.c
#: the largest proof + roster a citizen may send to be verified (a roster of about 1.5 million rows)
HELD_MAX_BYTES = 64 * 1024 * 1024
_SUMMARY = (d.id, d.plan_id, d.task_id, d.region_code, d.department_code, d.status, d.redraw_of, d.redraw_reason,
            d.drawn_on, d.commitment, d.public_value, d.proof_sha256, d.selected, d.committed_at, d.completed_at,
            r.rows.label("roster_rows"), r.sha256.label("roster_sha256"))


def draw_visible(caller: Caller) -> ColumnElement[bool]:
    """The drawing department's draws (its region's, region-wide), and the draws the caller is a party to."""
    parties = [d.parties.contains([{"department_code": agency}]) for agency in caller.agencies]
    if caller.person:
        parties.append(d.parties.contains([{"person": caller.person}]))
    return or_(sees(caller, d.department_code, d.region_code), *parties)


def _visits() -> ColumnElement[int]:
    return (select(func.count(distinct(vt.visit_id))).where(vt.draw_id == d.id).scalar_subquery().label("visits"))


async def listing(engine: AsyncEngine, caller: Caller, *, plan_id: str | None, task_id: str | None,
                  status: str | None, limit: int, cursor: str | None) -> Page:
    stmt = select(*_SUMMARY).select_from(t.draw.join(t.draw_roster, r.draw_id == d.id)).where(draw_visible(caller))
    for column, value in ((d.plan_id, plan_id), (d.task_id, task_id), (d.status, status)):
        if value is not None:
            stmt = stmt.where(column == value)
    return await page(engine, stmt, d.id, limit=limit, cursor=cursor)


async def one(engine: AsyncEngine, draw_id: str, caller: Caller | None) -> dict:
    """One draw as its readers see it (`caller` None: the public, who see no person and no internal field)."""
    stmt = (select(t.draw, r.rows.label("roster_rows"), r.sha256.label("roster_sha256"), _visits())
            .select_from(t.draw.join(t.draw_roster, r.draw_id == d.id)).where(d.id == draw_id))
    if caller is not None:
        stmt = stmt.where(draw_visible(caller))
    async with engine.connect() as conn:
        row = (await conn.execute(stmt)).mappings().first()
    if row is None:
        raise NotFound((f"抽取 {draw_id} 不存在", f"no draw {draw_id}"))
    return present(dict(row), public=caller is None)


def present(row: dict, *, public: bool) -> dict:
    """Secrets show once the draw is complete (before, a secret shown would let the last party's value be chosen
    knowing the others'); the frozen document is public from the commitment on."""
    done = row["status"] == "completed"
    revealed = {x["party"]: x for x in row["reveals"]}
    parties = [{"party": p["party"], "commitment": p["commitment"], "department_code": p["department_code"],
                "revealed_at": revealed.get(p["party"], {}).get("revealed_at"),
                "secret": revealed[p["party"]]["secret"] if done and p["party"] in revealed else None}
               | ({} if public else {"person": p.get("person"), "revealed_by": revealed.get(p["party"], {}).get("by")})
               for p in row["parties"]]
    frozen = row["frozen"]
    shown = {key: row[key] for key in (*(c.name for c in _SUMMARY), "visits", "unscheduled")}
    shown |= {"parties": parties, "strata": frozen["strata"], "exclusions": frozen["exclusions"],
              "inspectors_per_object": frozen["inspectors_per_object"]}
    if public:
        shown["frozen"] = None if done else frozen
    else:
        shown |= {"created_by": row["created_by"]}
    return shown


async def _stored(engine: AsyncEngine, draw_id: str, caller: Caller | None, *, proof: bool,
                  roster: bool = True) -> dict:
    columns = [d.status, d.commitment, *([d.proof] if proof else []), *([r.lines_gz] if roster else [])]
    stmt = select(*columns).select_from(t.draw.join(t.draw_roster, r.draw_id == d.id)).where(d.id == draw_id)
    if caller is not None:
        stmt = stmt.where(draw_visible(caller))
    async with engine.connect() as conn:
        row = (await conn.execute(stmt)).mappings().first()
    if row is None:
        raise NotFound((f"抽取 {draw_id} 不存在", f"no draw {draw_id}"))
    if proof and row["status"] != "completed":
        raise InvalidTransition(("各方尚未全部揭示，暂无抽取证明", "no proof until every party has revealed"),
                                current=row["status"], allowed=["completed"])
    return dict(row)


async def proof_bytes(engine: AsyncEngine, draw_id: str, caller: Caller | None) -> bytes:
    return (await _stored(engine, draw_id, caller, proof=True, roster=False))["proof"]


async def roster_csv(engine: AsyncEngine, draw_id: str, caller: Caller | None) -> bytes:
    """The frozen roster as CSV `credit_code,stratum`, in canonical order: by stratum key, then credit code (what the
    offline verifier reads)."""
    stored = await _stored(engine, draw_id, caller, proof=False)
    return await asyncio.to_thread(_csv, stored["lines_gz"])


def _csv(lines_gz: bytes) -> bytes:
    text = gzip.decompress(lines_gz).decode()
    if "," not in text and '"' not in text:
        return ("credit_code,stratum\n" + text.replace("\t", ",")).encode()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("credit_code", "stratum"))
    writer.writerows(line.split("\t") for line in text.splitlines())
    return out.getvalue().encode()


async def verification(engine: AsyncEngine, draw_id: str, caller: Caller | None) -> dict:
    """The stored proof re-derived from its stated inputs and the stored roster, against the commitment published
    when the draw was committed."""
    stored = await _stored(engine, draw_id, caller, proof=True)
    rows = await asyncio.to_thread(draw_inputs.rows_of, stored["lines_gz"])
    return await asyncio.to_thread(report, stored["proof"], rows, stored["commitment"])


async def explanation(engine: AsyncEngine, draw_id: str, credit_code: str, caller: Caller | None) -> dict:
    """Why `credit_code` was (not) drawn, per stratum, with the rule: R-4 (its ticket's rank against the count) or
    the exclusion's (R-1, R-2, E-3, E-4, E-5)."""
    if not CREDIT_CODE.fullmatch(credit_code):
        raise InvalidInput(("统一社会信用代码无效", "not a 统一社会信用代码"),
                           errors=[FieldProblem("credit_code", "18 characters of 0-9A-HJ-NPQRTUWXY")])
    stored = await _stored(engine, draw_id, caller, proof=True)
    rows = await asyncio.to_thread(draw_inputs.rows_of, stored["lines_gz"])
    answers = await asyncio.to_thread(why, credit_code, json.loads(stored["proof"]), rows)
    return {"draw_id": draw_id, "credit_code": credit_code, "answers": [asdict(a) for a in answers]}


def report(raw: bytes, rows: list, published_commitment: str | None) -> dict:
    """What tools/verify_draw.py prints: ok, byte_identical (the proof re-derived has the given bytes, a trailing
    newline aside), the re-derived proof's SHA-256 and each differing input."""
    try:
        proof = json.loads(raw)
        if not isinstance(proof, dict):
            raise ValueError("not a JSON object")
        with draw_inputs.paused_gc():
            result = verify(proof, rows, published_commitment)
    except (ValueError, TypeError, KeyError, AttributeError) as refusal:
        raise InvalidInput(("不是抽取证明", "not a draw proof"), errors=[
            FieldProblem("proof", f"{type(refusal).__name__}: {refusal}"[:300])]) from refusal
    return {"ok": result.ok, "proof_sha256": result.proof_sha256,
            "byte_identical": result.proof_sha256 is not None and sha256_hex(raw.rstrip(b"\n")) == result.proof_sha256,
            "differences": [asdict(x) for x in result.differences]}


def held_rows(roster: str | list[dict]) -> list[RosterRow]:
    """A citizen's roster: CSV text with the header `credit_code,stratum`, or a list of {credit_code, stratum}."""
    try:
        items = roster if isinstance(roster, list) else list(csv.DictReader(io.StringIO(roster)))
        return [RosterRow(str(x["credit_code"]), str(x["stratum"])) for x in items]
    except (KeyError, TypeError, csv.Error) as refusal:
        raise InvalidInput(("名录格式无效", "the roster is not CSV credit_code,stratum"), errors=[
            FieldProblem("roster", f"{type(refusal).__name__}: {refusal}"[:300])]) from refusal
