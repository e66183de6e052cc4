"""The end of a draw, inside the transaction of its last reveal: the proof derived from the stored frozen inputs
and roster (R-4), the selection scheduled as visits — one per entity with a task per drawn matter and its
inspectors, joined with other departments' tasks where their windows meet (综合查一次) — and the routine visits
a yearly cap refused since the freeze (E-3, E-4) recorded on the draw, not scheduled."""

import asyncio
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select, update

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.application import draw_inputs
from inspection_scheduling.application.services import Services
from inspection_scheduling.application.visit_scheduling import TaskRequest, VisitRequest, schedule
from inspection_scheduling.domain import draws
from inspection_scheduling.domain.canonical import canonical_json, sha256_hex
from platform_db import UnitOfWork
from platform_events.contracts import inspection_scheduling as ev
from platform_identity import Caller


async def complete(uow: UnitOfWork, svc: Services, draw: dict, caller: Caller) -> None:
    s = uow.session
    lines_gz = await s.scalar(select(t.draw_roster.c.lines_gz).where(t.draw_roster.c.draw_id == draw["id"]))
    secrets = {r["party"]: r["secret"] for r in draw["reveals"]}
    proof, raw = await asyncio.to_thread(_derive, draw["frozen"], lines_gz, secrets, draw["public_value"])
    task = (await s.execute(select(t.plan_task).where(t.plan_task.c.id == draw["task_id"]))).mappings().one()
    requests = visit_requests(proof, draw, task)
    done = await schedule(uow, svc, requests, caller.actor)
    unscheduled = [{"credit_code": x.credit_code, "rule": x.refused.rule, "department": x.refused.department,
                    "detail": x.refused.detail} for x in done if x.refused is not None]
    at, digest = datetime.now(UTC), sha256_hex(raw)
    await s.execute(update(t.draw).where(t.draw.c.id == draw["id"]).values(
        status="completed", proof=raw, proof_sha256=digest, selected=len(proof["selected"]), completed_at=at,
        unscheduled=unscheduled, updated_by=caller.actor, updated_at=at))
    uow.publish(ev.DrawCompleted(draw_id=draw["id"], plan_id=draw["plan_id"], task_id=draw["task_id"],
                                 department_code=draw["department_code"], region_code=draw["region_code"],
                                 commitment=draw["commitment"], proof_sha256=digest, selected=len(proof["selected"]),
                                 visits=len({x.visit_id for x in done if x.visit_id}), at=at), subject=draw["id"])


def _derive(frozen: dict, lines_gz: bytes, secrets: dict[str, str], public_value: str | None) -> tuple[dict, bytes]:
    """The proof (the stored roster checked against the frozen hash on the way) and its canonical bytes."""
    roster = draw_inputs.roster_of(lines_gz)
    with draw_inputs.paused_gc():
        proof = draws.reveal(frozen, roster, secrets, public_value)
    return proof, canonical_json(proof)


def visit_requests(proof: dict, draw: dict, task: dict) -> list[VisitRequest]:
    """One request per selected entity, in credit-code order, with one task per drawn matter (a stratum's matter)
    and the inspectors assigned to it there; the plan's initiating department leads."""
    strata = {s["key"]: s["matter"] for s in proof["strata"]}
    tasks: dict[str, list[TaskRequest]] = defaultdict(list)
    for a in proof["assignments"]:
        matter = strata[a["stratum"]]
        tasks[a["credit_code"]].append(TaskRequest(draw["matter_departments"][matter], matter, tuple(a["inspectors"]),
                                                   draw["id"], draw["plan_id"], a["stratum"]))
    return [VisitRequest(code, tuple(tasks[code]), draw["department_code"], task["inspection_type"],
                         task["window_from"], task["window_to"]) for code in sorted(tasks)]
