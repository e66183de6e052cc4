"""案源线索: registered from any source, checked within the 立案 clock (S-1), then filed as a case or not (S-3).

A clue is the agency's: a caller registers clues only for agencies in its data scope, and reads or acts on one only
there (404 otherwise). A reporter's identity (K-7) is kept with the clue and answered only to a cleared caller, whose
read is audited; it never reaches events, lists or logs. A 12345 lead becomes a clue as an act of the service itself.
"""

import uuid
from datetime import UTC, date, datetime

from pydantic import Field
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from case_intake.adapters import clocks, data_scope
from case_intake.adapters import tables as t
from case_intake.application import actors
from case_intake.application.acts import check_date
from case_intake.application.services import Services
from case_intake.domain.deadlines import check_extension, filing_due
from case_intake.domain.errors import Conflict, InvalidInput, InvalidTransition, NotFound, NotPermitted
from case_intake.domain.model import Extension, ExtensionCreate, Model, Party, Pause
from case_intake.domain.officers import ActedBy
from case_intake.domain.vocabulary import ClockKind, ClueSource, ClueStatus, NotFilingGround
from platform_calendar import future_receipt, shanghai_date
from platform_db import UnitOfWork
from platform_db.clocks import ClockRef
from platform_errors import FieldProblem
from platform_events.contracts.case_intake import ClueFilingDecided, ClueReceived
from platform_events.wire import SupportedDate, SupportedInstant
from platform_identity import Caller

cl = t.clue.c
REPORTER_NOTICE_WD = 5  # rule K-5: a real-name reporter is told within 5 WD of the 立案 decision


class Reporter(Model):
    """举报人 (K-7: confidential — only cleared callers are answered it, never in events, lists or logs)."""

    name: str = Field(min_length=1, max_length=100, description="姓名")
    phone: str | None = Field(None, pattern=r"^\+?[0-9\-]{5,20}$", description="联系电话")
    id_number: str | None = Field(None, max_length=40, description="身份证件号码")
    contact: str | None = Field(None, max_length=300, description="其他联系方式（告知不予立案等, K-5）")


class ClueCreate(Model):
    source: ClueSource = Field(description="线索来源")
    source_ref: str | None = Field(None, max_length=100, description="来源编号（幂等键），如 12345 工单标识")
    received_at: SupportedInstant = Field(description="发现或收到的时间：立案审查期限自次日起算 (S-1)")
    department_code: str = Field(min_length=1, max_length=40, description="办案机关")
    matter_code: str | None = Field(None, max_length=60, description="涉及的执法事项")
    party: Party | None = Field(None, description="涉嫌违法的当事人")
    description: str = Field(min_length=2, max_length=10_000, description="线索内容")
    act_date: SupportedDate | None = Field(None, description="违法行为发生日（已知时）")
    real_name_reporter: bool = Field(False, description="实名举报 (K-5)")
    reporter: Reporter | None = Field(None, description="举报人身份（保密, K-7）：只答复有保密权限的调用方")


class ClockPause(Model):
    kind: str = Field(description="检测 / 检验 / 鉴定 …")
    started_on: date
    reason: str = Field("", max_length=2000)


class NotFiling(Model):
    ground: NotFilingGround = Field(description="不予立案理由 (S-3)")
    reason: str = Field(min_length=2, max_length=5000, description="说明")
    decided_on: date
    approved_by: str | None = Field(None, max_length=100, description="批准人 person_no：须为令牌所证明的本人 (403 "
                                    "otherwise); recorded from the token when absent")


async def register(svc: Services, body: ClueCreate, caller: Caller) -> tuple[dict, bool]:
    """A repeat of the same (source, source_ref) returns the stored clue, never a second one. A receipt time later
    than now (beyond the configured clock skew) is refused, the rule hotline intake applies too (S-1's clock runs
    from receipt)."""
    future = future_receipt(body.received_at, tolerance=svc.received_at_skew)
    if future is not None:
        raise InvalidInput(future, errors=[FieldProblem("received_at", future[1])])
    async with svc.uows() as uow:
        if not await data_scope.sees(uow.session, caller, body.department_code):
            raise NotPermitted((f"{body.department_code} 的线索仅可由该执法主体或数据范围覆盖它的用户登记",
                                f"a clue of {body.department_code} is registered only by that agency or a caller "
                                "whose data scope covers it"))
        clue_id, created = await insert(uow, svc, body, caller)
        await uow.commit()
    return await get(svc, clue_id, caller), created


async def insert(uow: UnitOfWork, svc: Services, body: ClueCreate, caller: Caller) -> tuple[str, bool]:
    clue_id = str(uuid.uuid4())
    row = body.model_dump(mode="json", exclude={"party", "received_at", "reporter"}) | {
        "id": clue_id, "received_at": body.received_at, "status": ClueStatus.pending.value,
        "created_by": caller.actor, "party": body.party.model_dump(mode="json") if body.party else None,
        "reporter": body.reporter.model_dump(mode="json") if body.reporter else None, "source": body.source.value,
        "act_date": body.act_date}
    stmt = pg_insert(t.clue).values(**row).on_conflict_do_nothing(index_elements=["source", "source_ref"])
    if (await uow.session.execute(stmt.returning(cl.id))).first() is not None:  # NULL refs never conflict
        received_on = shanghai_date(body.received_at)
        due = filing_due(received_on, svc.calendar, svc.rules, as_of=svc.today()).due
        await clocks.set_clock(uow, "clue", clue_id, ClockKind.filing, due, rule_ids=("S-1", "G-1"),
                               calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
        uow.publish(ClueReceived(clue_id=clue_id, source=body.source.value, source_ref=body.source_ref,
                                 received_at=body.received_at, department_code=body.department_code,
                                 matter_code=body.matter_code, filing_due=due.due), subject=clue_id)
        return clue_id, True
    stored = (await uow.session.execute(select(cl.id).where(
        cl.source == body.source.value, cl.source_ref == body.source_ref,
        data_scope.visible(caller, cl.department_code)))).scalar_one_or_none()
    if stored is None:  # registered by an agency outside the caller's scope: say no more than that it is taken
        raise Conflict((f"来源为 {body.source.value}、来源编号为 {body.source_ref} 的线索已登记",
                        f"({body.source.value}, {body.source_ref}) is already registered"), field="source_ref")
    return stored, False


async def pause(svc: Services, clue_id: str, body: ClockPause, caller: Caller) -> dict:
    """Rule S-1: testing, inspection and appraisal time is not counted; an officer of the agency stops the clock."""
    async with svc.uows() as uow:
        row = await pending(uow, clue_id, caller)
        check_date(body.started_on, today=svc.today(), not_before=shanghai_date(row["received_at"]),
                   field="started_on")
        await actors.check(uow, caller, row["department_code"], body.started_on, by=ActedBy.officer)
        pauses = [Pause.model_validate(p) for p in row["pauses"]] + [Pause(**body.model_dump())]
        await _recompute(uow, svc, row, pauses=pauses)
        await uow.commit()
    return await get(svc, clue_id, caller)


async def resume(svc: Services, clue_id: str, ended_on: date, caller: Caller) -> dict:
    async with svc.uows() as uow:
        row = await pending(uow, clue_id, caller)
        pauses = [Pause.model_validate(p) for p in row["pauses"]]
        open_ = [p for p in pauses if p.ended_on is None]
        if not open_:
            raise InvalidTransition(("立案期限未处于中止状态", "the filing clock is not paused"), allowed=["pause"])
        check_date(ended_on, today=svc.today(), not_before=open_[-1].started_on, field="ended_on")
        await actors.check(uow, caller, row["department_code"], ended_on, by=ActedBy.officer)
        open_[-1].ended_on = ended_on
        await _recompute(uow, svc, row, pauses=pauses)
        await uow.commit()
    return await get(svc, clue_id, caller)


async def extend(svc: Services, clue_id: str, body: ExtensionCreate, caller: Caller) -> dict:
    """Rule S-1: once, by at most 15 WD, approved by the agency's head — the verified person who asks it."""
    async with svc.uows() as uow:
        row = await pending(uow, clue_id, caller)
        await actors.check(uow, caller, row["department_code"], body.approved_on, by=ActedBy.agency, rule="S-1")
        extensions = [Extension.model_validate(e) for e in row["extensions"]]
        new = body.approved(actors.approver(caller, body.approved_by, rule="S-1"), clock="filing")
        check_extension(extensions, new, svc.rules)
        await _recompute(uow, svc, row, extensions=[*extensions, new])
        await uow.commit()
    return await get(svc, clue_id, caller)


async def not_file(svc: Services, clue_id: str, body: NotFiling, caller: Caller) -> dict:
    """Rule S-3: the ground for not filing is recorded with its verified approver; a real-name reporter is told
    (K-5)."""
    async with svc.uows() as uow:
        row = await pending(uow, clue_id, caller)
        check_date(body.decided_on, today=svc.today(), not_before=shanghai_date(row["received_at"]),
                   field="decided_on")
        await actors.check(uow, caller, row["department_code"], body.decided_on, by=ActedBy.agency, rule="S-3")
        approver = actors.approver(caller, body.approved_by, rule="S-3")
        await uow.session.execute(update(t.clue).where(cl.id == clue_id).values(
            status=ClueStatus.not_filed.value, not_filed_ground=body.ground.value, decided_on=body.decided_on,
            not_filed_reason=f"{body.reason}（批准：{approver}）", updated_at=datetime.now(UTC)))
        await clocks.stop_clock(uow, "clue", clue_id, ClockKind.filing, on=body.decided_on)
        announce_decided(uow, svc, row, filed=False, case_id=None, ground=body.ground.value, on=body.decided_on)
        await uow.commit()
    return await get(svc, clue_id, caller)


def announce_decided(uow: UnitOfWork, svc: Services, row: dict, *, filed: bool, case_id: str | None,
                     ground: str | None, on: date) -> None:
    notify = svc.calendar.add_working_days(on, REPORTER_NOTICE_WD).due if row["real_name_reporter"] else None
    rules = ["S-1"] + (["K-5"] if notify else []) + ([] if filed else ["S-3"])
    uow.publish(ClueFilingDecided(clue_id=row["id"], source=row["source"], source_ref=row["source_ref"],
                                  filed=filed, case_id=case_id, ground=ground, decided_on=on,
                                  notify_reporter_by=notify, rule_ids=rules), subject=row["id"])


async def _recompute(uow: UnitOfWork, svc: Services, row: dict, *, pauses: list[Pause] | None = None,
                     extensions: list[Extension] | None = None) -> None:
    pauses = pauses if pauses is not None else [Pause.model_validate(p) for p in row["pauses"]]
    extensions = extensions if extensions is not None else [Extension.model_validate(e) for e in row["extensions"]]
    clock = filing_due(shanghai_date(row["received_at"]), svc.calendar, svc.rules, pauses=pauses,
                       extensions=extensions, as_of=svc.today())
    await uow.session.execute(update(t.clue).where(cl.id == row["id"]).values(
        pauses=[p.model_dump(mode="json") for p in pauses],
        extensions=[e.model_dump(mode="json") for e in extensions], updated_at=datetime.now(UTC)))
    await clocks.set_clock(uow, "clue", row["id"], ClockKind.filing, clock.due, rule_ids=clock.rule_ids,
                           calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd, paused=clock.paused)


async def pending(uow: UnitOfWork, clue_id: str, caller: Caller) -> dict:
    row = (await uow.session.execute(select(t.clue).where(
        cl.id == clue_id, data_scope.visible(caller, cl.department_code)).with_for_update())).mappings().first()
    if row is None:
        raise NotFound((f"线索 {clue_id} 不存在", f"clue {clue_id} does not exist"))
    if row["status"] != ClueStatus.pending.value:
        raise InvalidTransition((f"线索状态为 {row['status']}：已于 {row['decided_on']} 作出是否立案的决定",
                                 f"the clue is {row['status']}: its filing was decided on {row['decided_on']}"),
                                allowed=[])
    return dict(row)


async def get(svc: Services, clue_id: str, caller: Caller) -> dict:
    """The clue with its 立案 clock; the reporter (K-7) only for a cleared caller, and that read is audited."""
    async with svc.uows() as uow:
        row = (await uow.session.execute(select(t.clue).where(
            cl.id == clue_id, data_scope.visible(caller, cl.department_code)))).mappings().first()
        if row is None:
            raise NotFound((f"线索 {clue_id} 不存在", f"clue {clue_id} does not exist"))
        clock = await clocks.CLOCKS.read(uow, ClockRef("clue", clue_id, ClockKind.filing.value))
    found = dict(row) | {"filing_clock": clock}
    if not caller.cleared:
        del found["reporter"]  # K-7: absent, not masked — an uncleared caller does not learn who reported
    elif found["reporter"] is not None:
        await svc.record_read(f"clue/{clue_id}")
    return found
