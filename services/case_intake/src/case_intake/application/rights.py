"""告知 and the party's rights: 陈述申辩 re-examined (P-14, P-15), hearings requested, noticed, held (P-16, P-17)."""

import uuid
from datetime import date

from pydantic import Field

from case_intake.application import case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_clocks import refresh_decision_clock
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.deadlines import hearing_notice_latest, hearing_request_due, statement_due
from case_intake.domain.errors import InvalidInput, InvalidTransition, NotFound, RuleViolation
from case_intake.domain.hearing import hearing_grounds
from case_intake.domain.model import Case, Hearing, Model, Notice, Pause, Proposal, Statement
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import Outcome, Stage
from platform_db import UnitOfWork
from platform_identity import Caller


class NoticeCreate(Model):
    notified_on: date = Field(description="告知书送达之日")
    proposal: Proposal
    officers: list[str] = Field(default_factory=list)


class Waiver(Model):
    on: date
    statement: bool = Field(False, description="放弃陈述申辩")
    hearing: bool = Field(False, description="放弃听证")


class StatementCreate(Model):
    received_on: date
    content: str = Field(min_length=1, max_length=20_000)


class Reexamination(Model):
    reexamined_on: date
    adopted: bool = Field(description="理由成立，予以采纳 (P-15)")
    reasons: str = Field(min_length=2, max_length=10_000)


class HearingRequest(Model):
    requested_on: date


class HearingSchedule(Model):
    notice_sent_on: date = Field(description="听证通知送达之日")
    scheduled_for: date
    place: str = Field(min_length=2, max_length=300)
    chair: str = Field(min_length=1, description="听证主持人 person_no：非本案调查人员 (P-17)")
    public: bool = Field(True, description="公开举行，涉及国家秘密、商业秘密或者个人隐私的除外")


class HearingHeld(Model):
    held_on: date
    record_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="听证笔录（当事人签字）的 SHA-256")
    absent_without_reason: bool = Field(False, description="当事人无正当理由拒不出席：视为放弃 (P-17)")


async def notify(svc: Services, case_id: str, body: NoticeCreate, caller: Caller) -> Case:
    """Rule P-14: the intended penalty, facts, reasons, basis and the rights to 陈述申辩 and a hearing (P-16)."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        if not any(not e.excluded for e in case.evidence):
            raise InvalidTransition(("告知须在调查取证完成后进行：尚无可采用的证据",
                                     "告知 needs the 调查取证 done: no usable evidence is recorded"),
                                    missing=Step.collect_evidence.value, allowed=[Step.collect_evidence.value])
        if body.proposal.outcome is not Outcome.penalty:
            raise InvalidInput(("告知针对拟作出的行政处罚；不予处罚的决定无需告知",
                                "告知 concerns an intended penalty; a decision not to penalise needs none"))
        check_date(body.notified_on, today=svc.today(), not_before=max(e.collected_on for e in case.evidence),
                   field="notified_on")
        people = await case_steps.acting(uow, case, body.officers, body.notified_on, "告知")
        grounds = hearing_grounds(body.proposal, case.party.type, svc.rules)
        case.notice = Notice(
            notified_on=body.notified_on, proposal=body.proposal, hearing_offered=bool(grounds),
            hearing_grounds=grounds, statement_due=statement_due(body.notified_on, svc.calendar, svc.rules).due,
            hearing_request_due=hearing_request_due(body.notified_on, svc.calendar).due if grounds else None,
            officers=people)
        case.statements, case.hearing = [], None  # a new 告知 opens the windows again (P-15)
        case.stage = Stage.notified
        rules = ("P-14", "P-16", "P-17") if grounds else ("P-14",)
        return Done(body.notified_on, {"notice": case.notice.model_dump(mode="json")}, rules)

    return await case_steps.run(svc, case_id, caller, Step.notify, apply)


async def waive(svc: Services, case_id: str, body: Waiver, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        notice = _notice(case)
        check_date(body.on, today=svc.today(), not_before=notice.notified_on)
        if body.hearing and not notice.hearing_offered:
            raise InvalidInput(("该拟处罚未告知听证权利，无听证可放弃",
                                "no hearing was offered for this proposal, so none can be waived"))
        notice.statement_waived = notice.statement_waived or body.statement
        notice.hearing_waived = notice.hearing_waived or body.hearing
        return Done(body.on, body.model_dump(mode="json"), ("P-14", "P-17"))

    return await case_steps.run(svc, case_id, caller, Step.statement, apply)


async def add_statement(svc: Services, case_id: str, body: StatementCreate, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.received_on, today=svc.today(), not_before=_notice(case).notified_on, field="received_on")
        case.statements.append(Statement(id=str(uuid.uuid4()), **body.model_dump()))
        return Done(body.received_on, body.model_dump(mode="json"), ("P-14", "P-15"))

    return await case_steps.run(svc, case_id, caller, Step.statement, apply)


async def reexamine(svc: Services, case_id: str, statement_id: str, body: Reexamination, caller: Caller) -> Case:
    """Rule P-15: every point is re-examined and adopted if valid; defending never makes the penalty heavier."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        statement = next((s for s in case.statements if s.id == statement_id), None)
        if statement is None:
            raise NotFound((f"本案不存在陈述申辩 {statement_id}", f"no statement {statement_id} on this case"))
        check_date(body.reexamined_on, today=svc.today(), not_before=statement.received_on, field="reexamined_on")
        statement.reexamined_on, statement.adopted = body.reexamined_on, body.adopted
        statement.reexamination = body.reasons
        return Done(body.reexamined_on, {"statement_id": statement_id, **body.model_dump(mode="json")}, ("P-15",))

    return await case_steps.run(svc, case_id, caller, Step.statement, apply)


async def request_hearing(svc: Services, case_id: str, body: HearingRequest, caller: Caller) -> Case:
    """Rule P-17: within 5 days of the notice; the decision clock stops for the hearing (S-4)."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        notice = _notice(case)
        if not notice.hearing_offered:
            raise RuleViolation(("该拟处罚不属于当事人有权要求听证的情形（P-16）",
                                 "this proposal carries no right to a hearing (P-16)"), rule="P-16")
        check_date(body.requested_on, today=svc.today(), not_before=notice.notified_on, field="requested_on")
        if notice.hearing_waived or body.requested_on > notice.hearing_request_due:
            raise RuleViolation((f"当事人应在告知后 5 日内要求听证，即最迟于 {notice.hearing_request_due}",
                                 f"a hearing is requested within 5 days of the notice, by "
                                 f"{notice.hearing_request_due}"), rule="P-17")
        case.hearing = Hearing(requested_on=body.requested_on)
        case.pauses.append(Pause(kind="听证", started_on=body.requested_on, reason="当事人申请听证"))
        await refresh_decision_clock(uow, svc, case)
        return Done(body.requested_on, body.model_dump(mode="json"), ("P-17", "S-4"))

    return await case_steps.run(svc, case_id, caller, Step.hearing, apply)


async def schedule_hearing(svc: Services, case_id: str, body: HearingSchedule, caller: Caller) -> Case:
    """Rule P-17: told time and place 7 days ahead; the chair did not investigate the case."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        hearing = _hearing(case)
        check_date(body.notice_sent_on, today=svc.today(), not_before=hearing.requested_on, field="notice_sent_on")
        latest = hearing_notice_latest(body.scheduled_for, svc.calendar).due
        if body.notice_sent_on > latest:
            raise RuleViolation((f"{body.scheduled_for} 举行的听证应最迟于 {latest} 通知当事人（提前 7 日）",
                                 f"a hearing on {body.scheduled_for} is noticed by {latest} (7 days ahead)"),
                                rule="P-17")
        investigators = {p for e in case.evidence for p in e.collected_by} | set(case_steps.active_officers(case))
        if body.chair in investigators:
            raise RuleViolation((f"{body.chair} 参与了本案调查，不得担任本案听证主持人",
                                 f"{body.chair} investigated the case and may not chair its hearing"), rule="P-17")
        hearing.notice_sent_on, hearing.scheduled_for = body.notice_sent_on, body.scheduled_for
        hearing.place, hearing.chair, hearing.public = body.place, body.chair, body.public
        return Done(body.notice_sent_on, body.model_dump(mode="json"), ("P-17",))

    return await case_steps.run(svc, case_id, caller, Step.hearing, apply)


async def hold_hearing(svc: Services, case_id: str, body: HearingHeld, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        hearing = _hearing(case)
        if hearing.scheduled_for is None:
            raise InvalidTransition(("听证尚未安排并通知当事人", "the hearing has not been scheduled and noticed"),
                                    missing="听证通知",
                                    allowed=[Step.hearing.value])
        check_date(body.held_on, today=svc.today(), not_before=hearing.scheduled_for, field="held_on")
        if body.absent_without_reason:  # rule P-17: an unjustified absence waives the hearing
            hearing.waived, hearing.waived_reason = True, "当事人无正当理由拒不出席听证"
        else:
            hearing.held_on, hearing.record_sha256 = body.held_on, body.record_sha256
        for p in case.pauses:
            if p.kind == "听证" and p.ended_on is None:
                p.ended_on = body.held_on
        await refresh_decision_clock(uow, svc, case)
        return Done(body.held_on, body.model_dump(mode="json"), ("P-16", "P-17", "S-4"))

    return await case_steps.run(svc, case_id, caller, Step.hearing, apply)


def _notice(case: Case) -> Notice:
    if case.notice is None:
        raise InvalidTransition(("尚未告知", "no 告知 yet"), missing=Step.notify.value, allowed=[Step.notify.value])
    return case.notice


def _hearing(case: Case) -> Hearing:
    if case.hearing is None:
        raise InvalidTransition(("当事人未申请听证", "no hearing was requested"), missing="听证申请",
                                allowed=[Step.hearing.value])
    return case.hearing
