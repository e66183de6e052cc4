"""The case's own clocks as the case file now stands: recomputed after every pause, extension or step that ends one."""

from datetime import date

from pydantic import Field

from case_intake.adapters import clocks
from case_intake.application import actors, case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.deadlines import check_extension, decision_due
from case_intake.domain.errors import InvalidInput, InvalidTransition
from case_intake.domain.model import Case, ExtensionCreate, Model, Pause
from case_intake.domain.officers import ActedBy
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import ClockKind
from platform_db import UnitOfWork
from platform_identity import Caller


class PauseStart(Model):
    kind: str = Field(description="中止 / 公告 / 检测 / 检验 / 鉴定 / 复议 / 诉讼 (S-4; P-26)")
    started_on: date
    reason: str = Field(min_length=2, max_length=2000)


class PauseEnd(Model):
    kind: str
    ended_on: date


async def refresh_decision_clock(uow: UnitOfWork, svc: Services, case: Case) -> None:
    clock = decision_due(case.filed_on, svc.calendar, svc.rules, pauses=case.pauses, extensions=case.extensions,
                         as_of=svc.today())
    await clocks.set_clock(uow, "case", case.id, ClockKind.decision, clock.due, rule_ids=clock.rule_ids,
                           calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd, paused=clock.paused)


async def pause(svc: Services, case_id: str, body: PauseStart, caller: Caller) -> Case:
    """Rules S-4 (suspension, notice, testing, appraisal are not counted) and P-26 (review and litigation)."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.started_on, today=svc.today(), not_before=case.filed_on, field="started_on")
        if body.kind not in svc.rules.decision_clock_pauses:
            raise InvalidInput((f"“{body.kind}”不属于不计入作出决定期限的期间"
                                f"（{' / '.join(svc.rules.decision_clock_pauses)}）",
                                f"{body.kind} is not a period excluded from the decision clock "
                                f"({' / '.join(svc.rules.decision_clock_pauses)})"), rule="S-4")
        if any(p.kind == body.kind and p.ended_on is None for p in case.pauses):
            raise InvalidTransition((f"“{body.kind}”期间的计时暂停已在进行中", f"a {body.kind} pause is already running"),
                                    allowed=["resume"])
        case.pauses.append(Pause(**body.model_dump()))
        await refresh_decision_clock(uow, svc, case)
        return Done(body.started_on, body.model_dump(mode="json"), ("S-4", "P-26"))

    return await case_steps.run(svc, case_id, caller, Step.pause_clock, apply)


async def resume(svc: Services, case_id: str, body: PauseEnd, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        running = next((p for p in case.pauses if p.kind == body.kind and p.ended_on is None), None)
        if running is None:
            raise InvalidTransition((f"没有正在进行的“{body.kind}”期间计时暂停", f"no {body.kind} pause is running"),
                                    allowed=["pause"])
        check_date(body.ended_on, today=svc.today(), not_before=running.started_on, field="ended_on")
        running.ended_on = body.ended_on
        await refresh_decision_clock(uow, svc, case)
        return Done(body.ended_on, body.model_dump(mode="json"), ("S-4",))

    return await case_steps.run(svc, case_id, caller, Step.pause_clock, apply)


async def extend(svc: Services, case_id: str, body: ExtensionCreate, caller: Caller) -> Case:
    """Rule S-4: once by 30 days with approval; beyond, only by 集体讨论 with a set period. The approver is the
    verified person (the agency's head: no enforcement certificate needed)."""
    approver = actors.approver(caller, body.approved_by, rule="S-4")

    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.approved_on, today=svc.today(), not_before=case.filed_on, field="approved_on")
        new = body.approved(approver, clock="decision")
        check_extension(case.extensions, new, svc.rules)
        case.extensions.append(new)
        await refresh_decision_clock(uow, svc, case)
        return Done(body.approved_on, new.model_dump(mode="json"), ("S-4", "P-20"))

    return await case_steps.run(svc, case_id, caller, Step.extend, apply, by=ActedBy.agency, rule="S-4")
