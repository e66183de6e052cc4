"""送达, 执行, 结案 and 移送: serving the decision (P-22, P-23; 三书同达), the fine (P-24 … P-26), closing, transfer."""

from datetime import date
from typing import Literal

from pydantic import Field
from sqlalchemy import select

from case_intake.adapters import clocks, copies
from case_intake.adapters import tables as t
from case_intake.application import case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.deadlines import payment_due, public_notice_served_on
from case_intake.domain.errors import InvalidInput, RuleViolation
from case_intake.domain.model import Case, Model, Payment, Service, Transfer
from case_intake.domain.stages import Step
from case_intake.domain.surcharge import Dues, dues
from case_intake.domain.vocabulary import ClockKind, Outcome, ServedDocument, ServiceMethod, Stage
from platform_db import UnitOfWork
from platform_events.contracts.case_intake import CaseClosed, CaseServed, CaseTransferred
from platform_identity import Caller

D = ServedDocument
#: 三书同达 (policy 004 item 6; CR-5 两书同达; T-9): served together with a decision that will be published
WITH_PUBLISHED_DECISION = (D.credit_repair_notice, D.compliance_guidance, D.publicity_notice)
CLOSING_OUTCOME = {"不予行政处罚": Outcome.no_penalty, "违法事实不能成立": Outcome.not_established}


class ServiceCreate(Model):
    method: ServiceMethod
    issued_on: date = Field(description="交付、留置、寄出、发送或公告之日")
    documents: list[ServedDocument] = Field(min_length=1)
    recipient: str = Field("", max_length=200)
    electronic_consent_ref: str | None = Field(None, description="当事人同意电子送达并签订的确认书 (P-22)")
    officers: list[str] = Field(default_factory=list)


class PaymentCreate(Payment):
    pass


class Closure(Model):
    closed_on: date
    ground: Literal["执行完毕", "申请人民法院强制执行", "不予行政处罚", "违法事实不能成立", "其他"]
    reason: str = Field("", max_length=2000)


class TransferCreate(Transfer):
    officers: list[str] = Field(default_factory=list)


async def serve(svc: Services, case_id: str, body: ServiceCreate, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.issued_on, today=svc.today(), not_before=case.decision.decided_on, field="issued_on")
        await _check_documents(uow, case, body)
        people = await case_steps.acting(uow, case, body.officers, body.issued_on, "送达")
        served_on = public_notice_served_on(body.issued_on) if body.method is ServiceMethod.public_notice \
            else body.issued_on  # rule P-23
        case.service = Service(**body.model_dump(exclude={"officers"}), served_on=served_on, officers=people)
        case.stage = Stage.served
        await clocks.stop_clock(uow, "case", case.id, ClockKind.service, on=served_on)
        if case.decision.money_total() > 0:  # a fine or confiscated illegal gains to pay in (P-24)
            due = payment_due(served_on, svc.calendar, svc.rules)
            case.payment_due = due.due
            await clocks.set_clock(uow, "case", case.id, ClockKind.payment, due, rule_ids=("P-24", *due.rule_ids),
                                   calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
        guidance = await copies.guidance(uow.session, case.department_code, case.matter_code)
        content = {"service": case.service.model_dump(mode="json"), "compliance_guidance": guidance,
                   "payment_due": case.payment_due}
        return Done(body.issued_on, content, ("P-22", "P-23", "T-9", "CR-5"), events=[_served])

    return await case_steps.run(svc, case_id, caller, Step.serve, apply)


async def _check_documents(uow: UnitOfWork, case: Case, body: ServiceCreate) -> None:
    if body.method is ServiceMethod.electronic and not body.electronic_consent_ref:
        raise RuleViolation(("电子送达须经当事人同意并签订确认书", "electronic service needs the party's consent and a signed 确认书"),
                            rule="P-22")
    decision_doc = D.decision if case.decision.outcome is Outcome.penalty else D.no_penalty_decision
    missing = [decision_doc] if decision_doc not in body.documents else []
    to_publish = (await uow.session.execute(select(t.publicity.c.status).where(
        t.publicity.c.case_id == case.id))).scalar_one_or_none() == "pending"
    if to_publish:
        missing += [d for d in WITH_PUBLISHED_DECISION if d not in body.documents]
    if missing:
        rule = "CR-5" if any(d is not decision_doc for d in missing) else "P-22"
        names = "、".join(d.value for d in missing)
        raise RuleViolation((f"送达的文书缺少：{names}（三书同达：处罚决定书、信用修复告知书和合规指导书一并送达；T-9 公示告知）",
                             f"served without: {names} (三书同达: the decision, the credit-repair notice and compliance "
                             "guidance together; T-9 publicity notice)"),
                            rule=rule, policy="004 item 6", missing=[d.value for d in missing])


def _served(case: Case, head) -> CaseServed:  # noqa: ANN001
    s = case.service
    return CaseServed(case_id=case.id, case_no=case.case_no, department_code=case.department_code,
                      record_seq=head.seq, record_hash=head.hash, served_on=s.served_on, method=s.method.value,
                      documents=[d.value for d in s.documents], payment_due=case.payment_due)


def amount_due(case: Case, on: date) -> Dues:
    """The fine, the confiscated illegal gains (P-24) and the fine's late surcharge (P-25, P-26) as of `on`: what is
    still owed, and what was paid beyond it (an over-payment, to be refunded)."""
    return dues(case.decision, case.payments, case.payment_due, as_of=on, pauses=case.pauses)


async def pay(svc: Services, case_id: str, body: PaymentCreate, caller: Caller) -> Case:
    """Rule P-24: paid to the designated bank or electronically — the deciding agency never collects (罚缴分离)."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.paid_on, today=svc.today(), not_before=case.service.served_on, field="paid_on")
        department = await copies.department(uow.session, case.department_code)
        agency_names = {case.decision.agency, (department or {}).get("name")}
        if body.payee in agency_names:
            raise RuleViolation((f"作出处罚决定的机关 {body.payee} 不得作为收款人（罚缴分离）",
                                 f"the deciding agency {body.payee} cannot be the payee (罚缴分离)"), rule="P-24")
        before = amount_due(case, body.paid_on)
        if before.owed == 0:
            raise InvalidInput(("本案已无应缴款项", "nothing is owed on this case"))
        case.payments.append(Payment(**body.model_dump()))
        case.stage = Stage.executing
        if body.amount_cny >= before.owed:
            await clocks.stop_clock(uow, "case", case.id, ClockKind.payment, on=body.paid_on)
        content = {"payment": body.model_dump(mode="json"), "owed_before": before.owed,
                   "surcharge": before.surcharge, "surcharge_days": before.surcharge_days,
                   "overpaid": amount_due(case, body.paid_on).overpaid}
        return Done(body.paid_on, content, ("P-24", "P-25", "P-26"))

    return await case_steps.run(svc, case_id, caller, Step.pay, apply)


async def close(svc: Services, case_id: str, body: Closure, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.closed_on, today=svc.today(), not_before=case.service.served_on, field="closed_on")
        outcome = case.decision.outcome
        if body.ground == "执行完毕" and outcome is Outcome.penalty:
            owed = amount_due(case, body.closed_on).owed
            if owed > 0:
                raise RuleViolation((f"尚欠罚没款及加处罚款 {owed} 元，不属于执行完毕",
                                     f"{owed} yuan (fine, confiscated gains and late surcharge) is still owed: "
                                     "not 执行完毕"), rule="P-25")
        if body.ground in CLOSING_OUTCOME and outcome is not CLOSING_OUTCOME[body.ground]:
            raise InvalidInput((f"本案的决定为“{outcome.value}”，而非“{body.ground}”",
                                f"the decision was {outcome.value}, not {body.ground}"))
        case.stage, case.closed_on, case.closed_reason = Stage.closed, body.closed_on, body.ground
        await clocks.stop_clock(uow, "case", case.id, ClockKind.payment, status="cancelled")
        return Done(body.closed_on, body.model_dump(mode="json"), (), events=[_closed])

    return await case_steps.run(svc, case_id, caller, Step.close, apply)


def _closed(case: Case, head) -> CaseClosed:  # noqa: ANN001
    return CaseClosed(case_id=case.id, case_no=case.case_no, department_code=case.department_code,
                      record_seq=head.seq, record_hash=head.hash, closed_on=case.closed_on,
                      reason=case.closed_reason or "", outcome=case.decision.outcome.value if case.decision else None)


async def transfer(svc: Services, case_id: str, body: TransferCreate, caller: Caller) -> Case:
    """Rule P-18: a suspected crime goes to the judicial organs (行刑衔接) with its documents."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.transferred_on, today=svc.today(), not_before=case.filed_on, field="transferred_on")
        await case_steps.acting(uow, case, body.officers, body.transferred_on, "移送司法机关")
        case.transfer = Transfer(**body.model_dump(exclude={"officers"}))
        case.stage, case.closed_on, case.closed_reason = Stage.transferred, body.transferred_on, "移送司法机关"
        await clocks.stop_clock(uow, "case", case.id, ClockKind.decision, on=body.transferred_on)

        def make(case: Case, head) -> CaseTransferred:  # noqa: ANN001
            return CaseTransferred(case_id=case.id, case_no=case.case_no, department_code=case.department_code,
                                   record_seq=head.seq, record_hash=head.hash, transferred_on=body.transferred_on,
                                   organ=body.organ, documents=body.documents)

        return Done(body.transferred_on, {"transfer": case.transfer.model_dump(mode="json")}, ("P-18",),
                    events=[make])

    return await case_steps.run(svc, case_id, caller, Step.transfer, apply)
