"""决定 (P-18): made only through the gate of DOMAIN §11.2, with the lists' evaluation of its date recorded (D-4).

Also 集体讨论 (P-18, L-3) before it, and a later change or revocation (P-27), which withdraws its publicity.
"""

import uuid
from datetime import date
from decimal import Decimal

from pydantic import Field

from case_intake.adapters import clocks
from case_intake.application import case_steps, publicity
from case_intake.application.acts import check_date, last_act_on
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.deadlines import service_due
from case_intake.domain.decision_gate import blockers
from case_intake.domain.errors import DecisionBlocked, InvalidInput
from case_intake.domain.limitation import limitation
from case_intake.domain.model import Case, Decision, Departure, Discussion, Model, PenaltyItem
from case_intake.domain.officers import ActedBy
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import ClockKind, NoPenaltyGround, Outcome, Stage
from platform_db import UnitOfWork
from platform_events.contracts.case_intake import CaseDecided, CaseDecisionChanged
from platform_identity import Caller

LIST_TYPES = ("不予处罚", "首违不罚", "从轻处罚", "减轻处罚")


class DecisionCreate(Model):
    decided_on: date
    decision_no: str = Field(min_length=2, max_length=100, description="决定书文号")
    outcome: Outcome
    penalties: list[PenaltyItem] = Field(default_factory=list)
    facts: str = Field(min_length=2, max_length=20_000)
    legal_basis: str = Field(min_length=2, max_length=5000)
    evidence_ids: list[str] = Field(default_factory=list, description="定案证据")
    performance: str = Field("", max_length=2000, description="履行方式和期限")
    remedies: str = Field("", max_length=2000, description="申请行政复议、提起行政诉讼的途径和期限")
    agency: str = Field(min_length=2, max_length=200, description="作出决定的行政机关")
    facts_found: list[str] = Field(default_factory=list, description="查明的情节（list_management Circumstance）")
    chosen_tier: str | None = Field(None, description="适用的裁量阶次")
    benchmark_explanation: str = Field("", max_length=5000, description="裁量基准适用说明 (D-4)")
    departure: Departure | None = Field(None, description="偏离裁量基准的批准 (D-5)")
    no_penalty_ground: NoPenaltyGround | None = None
    education_record: str | None = Field(None, max_length=5000, description="教育记录 (Q-3)")
    trade_secret_passages: list[str] = Field(default_factory=list)
    served_on_announcement: bool = Field(False, description="宣告后当场交付 (P-22)")
    officers: list[str] = Field(default_factory=list)


class DiscussionCreate(Discussion):
    pass


class DecisionChange(Model):
    change: str = Field(pattern="^(变更|撤销|确认违法|确认无效)$", description="P-27")
    changed_on: date
    reason: str = Field(min_length=2, max_length=5000, description="如 行政复议决定书、法院判决书文号及理由")


async def discuss(svc: Services, case_id: str, body: DiscussionCreate, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.held_on, today=svc.today(), not_before=case.filed_on, field="held_on")
        case.discussion = Discussion(**body.model_dump())
        return Done(body.held_on, body.model_dump(mode="json"), ("P-18", "L-3"))

    return await case_steps.run(svc, case_id, caller, Step.discuss, apply, by=ActedBy.agency, rule="L-3")


async def decide(svc: Services, case_id: str, body: DecisionCreate, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        if body.outcome is Outcome.transfer:
            raise InvalidInput(("移送司法机关（行刑衔接，P-18）为单独环节：POST …/transfer",
                                "a transfer to the judicial organs is its own step (行刑衔接, P-18): POST …/transfer"))
        check_date(body.decided_on, today=svc.today(), not_before=last_act_on(case), field="decided_on")
        people = await case_steps.acting(uow, case, body.officers, body.decided_on, "作出决定")  # P-1
        case.facts_found = list(dict.fromkeys([*case.facts_found, *body.facts_found]))
        fine = sum((p.amount_cny or Decimal(0) for p in body.penalties), Decimal(0)) or None
        evaluation = await svc.lists.evaluate(matter_code=case.matter_code, act_date=body.decided_on,
                                              facts=case.facts_found, person=case.party.type.is_person,
                                              proposed_fine_cny=fine)
        decision = Decision(**body.model_dump(exclude={"facts_found", "served_on_announcement", "officers"}),
                            evaluation=evaluation.raw, officers=people)
        expired = limitation(case.act_date, case.discovered_on, safety_harm=case.safety_harm, calendar=svc.calendar,
                             civil_counting=svc.rules.civil_counting).expired
        found = blockers(case, decision, evaluation, limitation_expired=expired)
        if found:
            raise DecisionBlocked((f"决定被 {len(found)} 条规则阻止", f"the decision is blocked by {len(found)} rule(s)"),
                                  rule=found[0].rule,
                                  blocked_by=[{"rule": b.rule, "reason": b.reason} for b in found])
        case.decision, case.stage = decision, Stage.decided
        await clocks.stop_clock(uow, "case", case.id, ClockKind.decision, on=body.decided_on)
        due = None if body.served_on_announcement else service_due(body.decided_on, svc.calendar)
        if due is not None:
            await clocks.set_clock(uow, "case", case.id, ClockKind.service, due, rule_ids=("P-22", "G-1"),
                                   calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
        await publicity.on_decided(uow, svc, case)
        rules = ("P-18", "P-1", "P-14", "P-15", "P-16", "L-1", "L-3", "D-4", "D-5", "P-21", "Q-3", "P-5")
        return Done(body.decided_on, {"decision": decision.model_dump(mode="json")}, rules,
                    events=[_decided(due.due if due else None)])

    return await case_steps.run(svc, case_id, caller, Step.decide, apply)


def _decided(service_due_on: date | None):  # noqa: ANN202
    def make(case: Case, head) -> CaseDecided:  # noqa: ANN001
        d = case.decision
        applied = sorted({e.get("list_type") for e in (d.evaluation or {}).get("list_entries", [])
                          if e.get("list_type") in LIST_TYPES})
        return CaseDecided(case_id=case.id, case_no=case.case_no, department_code=case.department_code,
                           record_seq=head.seq, record_hash=head.hash, decided_on=d.decided_on,
                           decision_no=d.decision_no, outcome=d.outcome.value,
                           penalties=[p.model_dump(mode="json") for p in d.penalties], matter_code=case.matter_code,
                           chosen_tier=d.chosen_tier, list_types_applied=applied, service_due=service_due_on)

    return make


async def change_decision(svc: Services, case_id: str, body: DecisionChange, caller: Caller) -> Case:
    """Rule P-27, T-11: a changed, revoked, illegal or void decision's publicity comes down within 3 WD."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        decision = case.decision
        check_date(body.changed_on, today=svc.today(), not_before=decision.decided_on, field="changed_on")
        decision.changed, decision.changed_on, decision.changed_reason = body.change, body.changed_on, body.reason
        await publicity.on_decision_changed(uow, svc, case, body.changed_on, f"{body.change}：{body.reason}")

        def make(case: Case, head) -> CaseDecisionChanged:  # noqa: ANN001
            return CaseDecisionChanged(case_id=case.id, case_no=case.case_no, department_code=case.department_code,
                                       record_seq=head.seq, record_hash=head.hash, change=body.change,
                                       changed_on=body.changed_on, reason=body.reason)

        return Done(body.changed_on, body.model_dump(mode="json") | {"id": str(uuid.uuid4())}, ("P-27", "T-11"),
                    events=[make])

    return await case_steps.run(svc, case_id, caller, Step.change_decision, apply)
