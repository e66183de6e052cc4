"""The simple procedure (简易程序): decided and handed over on the spot (P-6), then filed with the agency (P-7)."""

import uuid
from datetime import date
from decimal import Decimal

from pydantic import Field

from case_intake.adapters import case_store, clocks, copies, data_scope
from case_intake.application import actors, case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.deadlines import payment_due, simple_filing_due
from case_intake.domain.errors import InvalidInput, NotPermitted, RuleViolation
from case_intake.domain.limitation import limitation
from case_intake.domain.model import Assignment, Case, Decision, Model, Party, Payment, PenaltyItem, Service
from case_intake.domain.officers import ActedBy, check_acting
from case_intake.domain.simple_procedure import check_cash, check_on_the_spot
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import ClockKind, Outcome, Procedure, ServedDocument, ServiceMethod, Stage
from platform_db import UnitOfWork
from platform_errors import FieldProblem
from platform_events.contracts.case_intake import CaseFiled
from platform_events.wire import SupportedDate
from platform_identity import Caller


class OnTheSpot(Model):
    """当场处罚决定书 (§9.1 on-the-spot form, P-7): pre-printed and numbered, handed over after the certificates."""

    department_code: str = Field(min_length=1, max_length=40)
    matter_code: str = Field(min_length=1, max_length=60)
    party: Party
    act_date: SupportedDate
    decided_on: SupportedDate
    place: str = Field(min_length=2, max_length=300, description="地点")
    form_no: str = Field(min_length=2, max_length=60, description="预定格式、编有号码的决定书编号")
    facts: str = Field(min_length=2, max_length=5000, description="违法行为")
    legal_basis: str = Field(min_length=2, max_length=2000, description="处罚依据")
    penalties: list[PenaltyItem] = Field(min_length=1, description="警告 and/or 罚款 (P-6)")
    remedies: str = Field(min_length=2, max_length=1000, description="复议、诉讼途径和期限")
    agency: str = Field(min_length=2, max_length=200)
    officers: list[str] = Field(min_length=2, description="执法人员（签名）")
    certificates_shown: bool = Field(description="已向当事人出示执法证件 (P-2, P-7)")
    cash_collected: bool = Field(False, description="当场收缴罚款 (P-8)")
    cash_ground: str | None = Field(None, description="当场收缴的法定情形 (P-8)")
    cash_receipt_no: str | None = Field(None, description="省级财政部门统一制发的专用票据号 (P-9)")


class SimpleFiling(Model):
    filed_on: SupportedDate


async def on_the_spot(svc: Services, body: OnTheSpot, caller: Caller) -> str:
    """Decided on the spot by certified officers (P-6, P-1); the verified person is one of the agency's officers."""
    async with svc.uows() as uow:
        if not await data_scope.sees(uow.session, caller, body.department_code):
            raise NotPermitted((f"{body.department_code} 的案件只能由该执法主体录入",
                                f"a case of {body.department_code} is recorded only by that agency"), rule="P-1")
        actors.require_person(caller)
        check_date(body.decided_on, today=svc.today(), not_before=body.act_date, field="decided_on")
        await _check(uow, svc, body)
        await actors.check(uow, caller, body.department_code, body.decided_on, by=ActedBy.officer)
        fine = sum((p.amount_cny or Decimal(0) for p in body.penalties), Decimal(0))
        due = payment_due(body.decided_on, svc.calendar, svc.rules) if fine and not body.cash_collected else None
        case = _case(body, due.due if due else None)
        head = await case_store.create(uow, case, caller=caller, act="当场作出行政处罚决定", content={
            "on": body.decided_on, "on_the_spot": body.model_dump(mode="json"),
            "rule_ids": ["P-6", "P-7", "P-1", "P-2", "P-8"]})
        filing = simple_filing_due(body.decided_on, svc.calendar, svc.rules)
        await clocks.set_clock(uow, "case", case.id, ClockKind.simple_filing, filing, rule_ids=("P-7", "G-1"),
                               calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
        if due is not None:
            await clocks.set_clock(uow, "case", case.id, ClockKind.payment, due, rule_ids=("P-24", *due.rule_ids),
                                   calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
        uow.publish(CaseFiled(case_id=case.id, matter_code=case.matter_code, department_code=case.department_code,
                              filed_on=case.filed_on, case_no=case.case_no, procedure=case.procedure.value,
                              record_hash=head.hash), subject=case.id)
        await uow.commit()
    return case.id


async def _check(uow: UnitOfWork, svc: Services, body: OnTheSpot) -> None:
    matter = await copies.matter(uow.session, body.matter_code)
    if matter is None or not matter["active"] or matter["department_code"] != body.department_code:
        raise InvalidInput((f"执法事项 {body.matter_code} 不是 {body.department_code} 现行有效的执法事项",
                            f"matter {body.matter_code} is not an active matter of {body.department_code}"),
                           errors=[FieldProblem("matter_code", "not in the department's catalog")])
    if not body.certificates_shown:
        raise RuleViolation(("执法人员须先向当事人出示执法证件，方可当场作出行政处罚决定",
                             "an on-the-spot decision is made only after the officers show their certificates"),
                            rule="P-2")
    check_on_the_spot(body.penalties, body.party.type, body.act_date)  # rule P-6
    if body.cash_collected:
        check_cash(sum((p.amount_cny or Decimal(0) for p in body.penalties), Decimal(0)), body.cash_ground)
        if not body.cash_receipt_no:
            raise RuleViolation(("当场收缴罚款须载明专用票据的号码",
                                 "cash collected on the spot needs the official receipt's number"), rule="P-9")
    if limitation(body.act_date, body.decided_on, safety_harm=False, calendar=svc.calendar,
                  civil_counting=svc.rules.civil_counting).expired:
        raise RuleViolation(("违法行为在追责期限届满后才被发现，不再给予行政处罚",
                             "the violation was discovered after the limitation period"), rule="P-5")
    check_acting(body.officers, await copies.certificates(uow.session, body.officers), body.decided_on,
                 recused=set(), act="当场作出行政处罚决定")


def _case(body: OnTheSpot, payment_due_on: date | None) -> Case:
    decision = Decision(decided_on=body.decided_on, decision_no=body.form_no, outcome=Outcome.penalty,
                        penalties=body.penalties, facts=body.facts, legal_basis=body.legal_basis,
                        performance="当场缴纳" if body.cash_collected else "自收到本决定书之日起十五日内到指定银行缴纳",
                        remedies=body.remedies, agency=body.agency, officers=body.officers)
    served = Service(method=ServiceMethod.on_announcement, issued_on=body.decided_on, served_on=body.decided_on,
                     documents=[ServedDocument.decision], recipient=body.party.name, officers=body.officers)
    case_id = str(uuid.uuid4())
    return Case(
        id=case_id, case_no=f"{body.department_code}〔{body.decided_on.year}〕当场{body.form_no}",
        procedure=Procedure.simple, stage=Stage.served, department_code=body.department_code,
        matter_code=body.matter_code, party=body.party, act_date=body.act_date, discovered_on=body.decided_on,
        filed_on=body.decided_on, form_no=body.form_no, decision=decision, service=served,
        assignments=[Assignment(person_no=p, role="主办" if n == 0 else "协办", assigned_on=body.decided_on)
                     for n, p in enumerate(dict.fromkeys(body.officers))],
        payment_due=payment_due_on, payments=_cash(body, decision))


def _cash(body: OnTheSpot, decision: Decision) -> list[Payment]:
    """Rule P-8, P-9: collected by the officers against the official receipt (delivered on within 2 + 2 days)."""
    if not body.cash_collected or decision.fine_total() == 0:
        return []
    return [Payment(paid_on=body.decided_on, amount_cny=decision.fine_total(), receipt_ref=body.cash_receipt_no,
                    payee="当场收缴（缴付指定银行）")]


async def file_simple(svc: Services, case_id: str, body: SimpleFiling, caller: Caller) -> Case:
    """Rule P-7: the on-the-spot decision is filed (备案) with the agency."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        if case.simple_filed_on is not None:
            raise InvalidInput((f"已于 {case.simple_filed_on} 备案", f"already filed on {case.simple_filed_on}"))
        check_date(body.filed_on, today=svc.today(), not_before=case.decision.decided_on, field="filed_on")
        case.simple_filed_on = body.filed_on
        await clocks.stop_clock(uow, "case", case.id, ClockKind.simple_filing, on=body.filed_on)
        return Done(body.filed_on, body.model_dump(mode="json"), ("P-7",))

    return await case_steps.run(svc, case_id, caller, Step.file_simple, apply)
