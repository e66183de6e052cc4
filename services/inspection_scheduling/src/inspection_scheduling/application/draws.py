"""Draws anyone can verify (R-4), persisted: commit the frozen inputs, take each party's reveal, and once every
party has revealed derive the proof and schedule the visits of the selection — each step one transaction with its
event, audited as the verified caller.

A draw is never replaced or deleted: a second draw of a task names the draw it follows and why (R-4), and only a
committed, unrevealed predecessor changes at all — its status becomes `abandoned`."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select, update

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.application import draw_inputs, draw_queries
from inspection_scheduling.application.completion import complete
from inspection_scheduling.application.plans import published_task
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.canonical import secret_commitment
from inspection_scheduling.domain.draws import MIN_SECRET_CHARS
from platform_errors import (
    Conflict,
    FieldProblem,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
    RuleViolation,
)
from platform_events.contracts import inspection_scheduling as ev
from platform_identity import Caller

d = t.draw.c


@dataclass(frozen=True)
class Party:
    party: str
    commitment: str
    department_code: str
    person: str | None = None


@dataclass(frozen=True)
class CommitDraw:
    task_id: str
    parties: tuple[Party, ...]
    drawn_on: date | None = None
    redraw_of: str | None = None
    redraw_reason: str | None = None


async def commit(svc: Services, cmd: CommitDraw, caller: Caller) -> tuple[dict, bool]:
    """(the draw, created?): the same frozen inputs again (same commitment) answer the draw already made."""
    drawn_on = cmd.drawn_on or svc.today()
    async with svc.uows() as uow:
        s = uow.session
        task = await published_task(s, cmd.task_id)
        _may_draw(task, caller, drawn_on)
        await s.execute(select(func.pg_advisory_xact_lock(func.hashtext("draw:" + cmd.task_id))))
        inputs = await draw_inputs.gather(uow, svc, task, drawn_on)
        parties = {p.party: p.commitment for p in cmd.parties}
        frozen = await asyncio.to_thread(draw_inputs.frozen_of, inputs, parties, drawn_on,
                                         svc.rules.inspectors_per_object)
        if (same := await s.scalar(select(d.id).where(d.commitment == frozen["commitment"]))) is not None:
            return await draw_queries.one(svc.engine, same, caller), False
        previous = await _redraw_checked(s, cmd)
        lines = await asyncio.to_thread(draw_inputs.roster_lines, frozen)
        draw_id, at = str(uuid.uuid4()), datetime.now(UTC)
        await s.execute(t.draw.insert().values(
            id=draw_id, plan_id=task["plan_id"], task_id=task["id"], region_code=task["region_code"],
            department_code=task["initiating_department"], status="committed", redraw_of=cmd.redraw_of,
            redraw_reason=cmd.redraw_reason, drawn_on=drawn_on, commitment=frozen["commitment"], frozen=dict(frozen),
            parties=[p.__dict__ for p in sorted(cmd.parties, key=lambda p: p.party)], committed_at=at,
            matter_departments=inputs.matter_departments, created_by=caller.actor, updated_by=caller.actor))
        await s.execute(t.draw_roster.insert().values(draw_id=draw_id, rows=frozen["roster"]["rows"],
                                                      sha256=frozen["roster"]["sha256"],
                                                      lines_gz=await asyncio.to_thread(draw_inputs.compressed, lines)))
        if previous is not None and previous["status"] == "committed":
            await s.execute(update(t.draw).where(d.id == previous["id"]).values(
                status="abandoned", updated_by=caller.actor, updated_at=at))
        uow.publish(ev.DrawCommitted(**_facts(task, draw_id, frozen["commitment"]), drawn_on=drawn_on,
                                     roster_sha256=frozen["roster"]["sha256"], roster_rows=frozen["roster"]["rows"],
                                     strata=len(frozen["strata"]), exclusions=len(frozen["exclusions"]),
                                     parties=sorted(parties), redraw_of=cmd.redraw_of,
                                     redraw_reason=cmd.redraw_reason, at=at), subject=draw_id)
        await uow.commit()
    return await draw_queries.one(svc.engine, draw_id, caller), True


async def reveal(svc: Services, draw_id: str, party: str, secret: str, caller: Caller) -> dict:
    """Rule R-4: a party's secret, revealed by that party's own department (or person), must match the commitment
    it made; the last reveal completes the draw (proof, visits) in the same transaction."""
    async with svc.uows() as uow:
        draw = await _locked(uow.session, draw_id, caller)
        mine = _party(draw, party)
        if not (mine["department_code"] in caller.agencies or (mine.get("person") and caller.person == mine["person"])):
            raise NotPermitted((f"只有参与方 {party} 所属部门（或本人）可以揭示其秘密",
                                f"only party {party}'s own department (or person) reveals its secret"), rule="R-4")
        revealed = {r["party"]: r for r in draw["reveals"]}
        if party in revealed and revealed[party]["secret"] == secret:
            return await draw_queries.one(svc.engine, draw_id, caller)  # a repeat of a reveal already taken
        _open(draw)
        if party in revealed:
            raise Conflict((f"参与方 {party} 已揭示", f"party {party} has revealed already"))
        if len(secret) < MIN_SECRET_CHARS or secret_commitment(secret) != mine["commitment"]:
            raise RuleViolation((f"参与方 {party} 的秘密与其承诺不符", f"party {party}'s secret does not match its "
                                 "commitment"), rule="R-4", errors=[FieldProblem("secret", "its SHA-256 is not the "
                                                                                 "party's commitment")])
        at = datetime.now(UTC)
        reveals = [*draw["reveals"], {"party": party, "secret": secret, "revealed_at": at.isoformat(),
                                      "by": caller.actor}]
        await uow.session.execute(update(t.draw).where(d.id == draw_id).values(
            reveals=reveals, updated_by=caller.actor, updated_at=at))
        uow.publish(ev.DrawRevealed(**_facts(draw, draw_id, draw["commitment"]), party=party, at=at), subject=draw_id)
        if len(reveals) == len(draw["parties"]):
            await complete(uow, svc, draw | {"reveals": reveals}, caller)
        await uow.commit()
    return await draw_queries.one(svc.engine, draw_id, caller)


async def set_public_value(svc: Services, draw_id: str, value: str, caller: Caller) -> dict:
    """The optional public value entered at the ceremony: once, before the last reveal."""
    async with svc.uows() as uow:
        draw = await _locked(uow.session, draw_id, caller)
        if not caller.sees(draw["department_code"], draw["region_code"]):
            raise NotPermitted(("公开值由抽取部门录入", "the drawing department enters the public value"))
        _open(draw)
        if draw["public_value"] is not None:
            raise Conflict(("公开值已录入", "the public value was entered already"))
        await uow.session.execute(update(t.draw).where(d.id == draw_id).values(
            public_value=value, updated_by=caller.actor, updated_at=datetime.now(UTC)))
        await uow.commit()
    return await draw_queries.one(svc.engine, draw_id, caller)


def _may_draw(task: dict, caller: Caller, drawn_on: date) -> None:
    if not caller.sees(task["initiating_department"], task["region_code"]):
        if set(caller.agencies) & set(task["plan_departments"]):
            raise NotPermitted((f"由发起部门 {task['initiating_department']} 抽取",
                                f"the initiating department {task['initiating_department']} draws"))
        raise NotFound((f"计划任务 {task['id']} 不存在", f"no plan task {task['id']}"))
    if not task["window_from"] <= drawn_on <= task["window_to"]:
        raise InvalidInput(("抽取日期不在任务时间窗内", "the draw date is outside the task's window"), errors=[
            FieldProblem("drawn_on", f"between {task['window_from']} and {task['window_to']}")])


async def _redraw_checked(s, cmd: CommitDraw) -> dict | None:  # noqa: ANN001 - the unit of work's session
    """Rule R-4: a task drawn before is drawn again only as a redraw of its latest draw, with the reason stated."""
    rows = (await s.execute(select(d.id, d.status, d.redraw_of).where(d.task_id == cmd.task_id)
                            .with_for_update())).mappings().all()
    if not rows:
        if cmd.redraw_of:
            raise InvalidInput(("该任务尚无抽取，无所谓重抽", "the task has no draw to redraw"),
                               errors=[FieldProblem("redraw_of", "no draw of this task")])
        return None
    followed = {r["redraw_of"] for r in rows}
    latest = next(dict(r) for r in rows if r["id"] not in followed)
    problems = [] if cmd.redraw_of == latest["id"] else [FieldProblem("redraw_of", f"the task's latest draw, "
                                                                                   f"{latest['id']}")]
    problems += [] if cmd.redraw_reason and cmd.redraw_reason.strip() else [FieldProblem("redraw_reason", "stated")]
    if problems:
        raise RuleViolation(("该任务已抽取：重抽须指明前一次抽取并说明理由，两次抽取均予保留",
                             "the task was drawn: a redraw names the draw it follows and why, and both are kept"),
                            rule="R-4", errors=problems)
    return latest


async def _locked(s, draw_id: str, caller: Caller) -> dict:  # noqa: ANN001 - the unit of work's session
    row = (await s.execute(select(t.draw).where(d.id == draw_id, draw_queries.draw_visible(caller))
                           .with_for_update())).mappings().first()
    if row is None:
        raise NotFound((f"抽取 {draw_id} 不存在", f"no draw {draw_id}"))
    return dict(row)


def _party(draw: dict, party: str) -> dict:
    found = next((p for p in draw["parties"] if p["party"] == party), None)
    if found is None:
        raise InvalidInput((f"{party} 不是本次抽取的参与方", f"{party} is not a party of this draw"),
                           errors=[FieldProblem("party", "one of " + ", ".join(p["party"] for p in draw["parties"]))])
    return found


def _open(draw: dict) -> None:
    if draw["status"] != "committed":
        raise InvalidTransition((f"抽取已{draw['status']}", f"the draw is {draw['status']}"), current=draw["status"],
                                allowed=[])


def _facts(source: dict, draw_id: str, commitment: str) -> dict:
    plan_id, task_id = source.get("plan_id"), source.get("task_id", source.get("id"))
    return {"draw_id": draw_id, "plan_id": plan_id, "task_id": task_id, "region_code": source["region_code"],
            "department_code": source.get("department_code") or source["initiating_department"],
            "commitment": commitment}
