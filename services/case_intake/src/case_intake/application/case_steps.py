"""One step of a case, the same way every time: lock the file, check the stage, apply, check who acts, record,
announce, commit.

The step's act is appended to the case's hash-chained record in the transaction that changes the case, with the
events it causes (outbox): there is no change without its record, and no record of a change that did not happen.
The record names the verified caller (subject, client, acting client); a step of an HTTP caller is done by a person
who may do it on the act's date (P-1, E-1: `application/actors.py`), a step of the service itself (an outcome from
legality_review) by the service.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

from case_intake.adapters import case_store, copies
from case_intake.adapters.case_store import Head
from case_intake.application import actors
from case_intake.application.services import Services
from case_intake.domain import stages
from case_intake.domain.model import Case
from case_intake.domain.officers import ActedBy, check_acting
from case_intake.domain.stages import Step
from platform_db import UnitOfWork
from platform_events import IntegrationEvent
from platform_events.contracts.case_intake import CaseStageChanged
from platform_identity import Caller

EventFor = Callable[[Case, Head], IntegrationEvent]


@dataclass
class Done:
    """What a step did: its legal date, what the record keeps of it, the rules it applied, the events it causes."""

    on: date
    content: dict
    rule_ids: tuple[str, ...] = ()
    events: list[EventFor] = field(default_factory=list)


Apply = Callable[[UnitOfWork, Case], Awaitable[Done]]


async def run(svc: Services, case_id: str, caller: Caller, step: Step, apply: Apply, *,
              by: ActedBy = ActedBy.officer, rule: str | None = "P-1") -> Case:
    async with svc.uows() as uow:
        case = await run_in(uow, case_id, caller, step, apply, by=by, rule=rule)
        await uow.commit()
    return case


async def run_in(uow: UnitOfWork, case_id: str, caller: Caller, step: Step, apply: Apply, *,
                 by: ActedBy = ActedBy.officer, rule: str | None = "P-1") -> Case:
    """The step inside a unit of work the caller commits (a consumer's, whose inbox entry commits with it)."""
    stored = await case_store.load(uow, case_id, caller)
    actors.require_person(caller, rule=rule)
    case = stored.case.model_copy(deep=True)
    before = case.stage
    stages.require(case, step)
    done = await apply(uow, case)
    await actors.check(uow, caller, case.department_code, done.on, by=by, recused=recused(case), rule=rule)
    content = done.content | {"on": done.on, "rule_ids": list(done.rule_ids)}
    head = await case_store.save(uow, stored, case, caller=caller, act=step.value, content=content)
    if case.stage is not before:
        uow.publish(stage_changed(case, head, step, before.value, done), subject=case.id)
    for make in done.events:
        uow.publish(make(case, head), subject=case.id)
    return case


def stage_changed(case: Case, head: Head, step: Step, before: str, done: Done) -> CaseStageChanged:
    return CaseStageChanged(case_id=case.id, case_no=case.case_no, department_code=case.department_code,
                            record_seq=head.seq, record_hash=head.hash, step=step.value, from_stage=before,
                            to_stage=case.stage.value, on=done.on, rule_ids=list(done.rule_ids))


def active_officers(case: Case) -> list[str]:
    return [a.person_no for a in case.assignments if a.removed_on is None]


def recused(case: Case) -> set[str]:
    return {r.person_no for r in case.recusals if r.decision == "回避"}


async def acting(uow: UnitOfWork, case: Case, named: list[str] | None, on: date, act: str) -> list[str]:
    """The officers of an act (those named, else those assigned): at least two certified on its date (P-1)."""
    people = named or active_officers(case)
    certificates = await copies.certificates(uow.session, people)
    return check_acting(people, certificates, on, recused=recused(case), act=act)
