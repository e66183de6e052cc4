"""公示 and 信用修复 (DOMAIN §5, §11.3): one record per decision, moved through its states by acts of the agency.

not_publishable · pending (publish-by clock running) · published · withdrawn (P-27, T-11) · repaired (CR-2, CR-6)
· expired (CR-1, CR-5, CR-6). Each act on it is also an act of the case, so it joins the case's record; it is done
by a person of the case's agency (its office publishes; its head decides a repair — no enforcement certificate is
needed), and a record of an agency outside the caller's data scope does not exist for it (404).
"""

import uuid
from datetime import UTC, date, datetime

from pydantic import Field
from sqlalchemy import select, update

from case_intake.adapters import clocks, copies, data_scope
from case_intake.adapters import tables as t
from case_intake.application import case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain import credit
from case_intake.domain.errors import InvalidTransition, NotFound, RuleViolation
from case_intake.domain.model import Case, Model
from case_intake.domain.officers import ActedBy
from case_intake.domain.publicity import publicity_due, publishable, summary, withdrawal_due
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import ClockKind
from platform_db import UnitOfWork
from platform_errors import FieldProblem
from platform_events.contracts.case_intake import PublicityPublished, PublicityWithdrawn
from platform_identity import Caller

pc = t.publicity.c


class Publication(Model):
    published_on: date


class Withdrawal(Model):
    withdrawn_on: date
    reason: str = Field(min_length=2, max_length=2000)


class RepairApplication(Model):
    """信用修复 (CR-2, CR-6): what the party shows; the agency that found the violation repairs (谁认定、谁修复)."""

    decided_on: date = Field(description="修复决定之日")
    penalty_fulfilled: bool = Field(description="已履行行政处罚（罚款已缴纳等）")
    harm_removed: bool = Field(description="已纠正失信行为、消除不良影响")
    credit_commitment: bool = Field(description="已作出信用承诺")
    same_type_repeat: bool = Field(False, description="在公示期内再次发生同类违法行为")
    on_restricted_list: bool = Field(False, description="列入经营异常名录或严重违法失信名单")
    evidence: str = Field("", max_length=5000)


async def on_decided(uow: UnitOfWork, svc: Services, case: Case) -> None:
    """Called in the decision's transaction: the record, and its publish-by clock if it is to be published."""
    verdict = publishable(case.decision, case.procedure, svc.publicity)
    publicity_id = str(uuid.uuid4())
    values = {"id": publicity_id, "case_id": case.id, "rule_ids": list(verdict.rule_ids),
              "details": {"publishable": verdict.reason}}
    if not verdict.publish:
        await uow.session.execute(t.publicity.insert().values(status="not_publishable", **values))
        return
    clock = publicity_due(case.decision.decided_on, svc.calendar, svc.publicity)
    await uow.session.execute(t.publicity.insert().values(status="pending", due_on=clock.due.due, **values))
    await clocks.set_clock(uow, "publicity", publicity_id, ClockKind.publicity, clock.due, rule_ids=clock.rule_ids,
                           calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)


async def on_decision_changed(uow: UnitOfWork, svc: Services, case: Case, changed_on: date, reason: str) -> None:
    """Rule P-27, T-11: a published decision comes down within 3 WD; one not yet published never goes up."""
    row = await _row_of_case(uow, case.id)
    if row is None:
        return
    if row["status"] == "pending":
        await _set(uow, row["id"], status="not_publishable", details=row["details"] | {"changed": reason})
        await clocks.stop_clock(uow, "publicity", row["id"], ClockKind.publicity, status="cancelled")
    elif row["status"] == "published":
        due = withdrawal_due(changed_on, svc.calendar, svc.publicity)
        await _set(uow, row["id"], withdrawal_due=due.due, details=row["details"] | {"changed": reason})
        await clocks.set_clock(uow, "publicity", row["id"], ClockKind.withdrawal, due, rule_ids=due.rule_ids,
                               calendar=svc.calendar, warn_before_wd=0)


async def publish(svc: Services, publicity_id: str, body: Publication, caller: Caller) -> dict:
    """The redacted summary (P-31, T-12) goes public; its end date by credit class and regime (CR-1/5/6)."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        row = await _locked(uow, publicity_id, "pending")
        check_date(body.published_on, today=svc.today(), not_before=case.decision.decided_on, field="published_on")
        system = await _system(uow, svc, case)
        period = credit.publicity_period(case.decision, case.procedure, system=system, published_on=body.published_on,
                                         calendar=svc.calendar, policy=svc.credit)
        if not period.published:  # rule CR-5: a 轻微 record is not published
            await _set(uow, publicity_id, status="not_publishable", credit_class=period.credit_class.value)
            await clocks.stop_clock(uow, "publicity", publicity_id, ClockKind.publicity, status="cancelled")
            return Done(body.published_on, {"publicity_id": publicity_id, "published": False}, period.rule_ids)
        text = await _summary(uow, case)
        rules = tuple(dict.fromkeys(["P-31", "T-12", *row["rule_ids"], *period.rule_ids]))
        await _set(uow, publicity_id, status="published", published_on=body.published_on, summary=text,
                   redaction_version=text["redaction_version"], system=system.value,
                   credit_class=period.credit_class.value, regime=period.regime.value, repair_from=period.repair_from,
                   ends_on=period.ends_on, rule_ids=list(rules), details=row["details"] | _period(period))
        await clocks.stop_clock(uow, "publicity", publicity_id, ClockKind.publicity, on=body.published_on)
        event = PublicityPublished(publicity_id=publicity_id, case_id=case.id, published_on=body.published_on,
                                   redacted_summary=text, system=system.value, credit_class=period.credit_class.value,
                                   ends_on=period.ends_on, repair_from=period.repair_from, rule_ids=list(rules))
        return Done(body.published_on, {"publicity_id": publicity_id, "ends_on": period.ends_on,
                                        "redaction_version": text["redaction_version"]}, rules,
                    events=[lambda c, h: event])

    return await _on_case_of(svc, publicity_id, caller, Step.publicize, apply)


async def withdraw(svc: Services, publicity_id: str, body: Withdrawal, caller: Caller) -> dict:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        await _locked(uow, publicity_id, "published")
        check_date(body.withdrawn_on, today=svc.today(), not_before=case.decision.decided_on, field="withdrawn_on")
        await _set(uow, publicity_id, status="withdrawn", withdrawn_on=body.withdrawn_on, withdrawn_reason=body.reason)
        await clocks.stop_clock(uow, "publicity", publicity_id, ClockKind.withdrawal, on=body.withdrawn_on)
        event = _withdrawn(publicity_id, case.id, body.withdrawn_on, body.reason, "withdrawn", ("P-27", "T-11"))
        return Done(body.withdrawn_on, {"publicity_id": publicity_id, **body.model_dump(mode="json")},
                    ("P-27", "T-11"), events=[lambda c, h: event])

    return await _on_case_of(svc, publicity_id, caller, Step.withdraw_publicity, apply)


async def repair(svc: Services, publicity_id: str, body: RepairApplication, caller: Caller) -> dict:
    """Early end of publicity after the minimum period (CR-2, CR-6); sharing and sanctions stop with it."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        row = await _locked(uow, publicity_id, "published")
        check_date(body.decided_on, today=svc.today(), not_before=row["published_on"], field="decided_on")
        period = _stored_period(row)
        found = credit.repair_eligibility(period, on=body.decided_on, decision=case.decision, **body.model_dump(
            exclude={"decided_on", "evidence"}))
        if not found.eligible:
            first = found.unmet[0]
            raise RuleViolation((f"暂不符合信用修复条件：{first.condition}",
                                 f"credit repair is not possible yet: {first.condition}"), rule=first.rule_id,
                                errors=[FieldProblem(u.rule_id, u.condition) for u in found.unmet])
        await _set(uow, publicity_id, status="repaired", withdrawn_on=body.decided_on, withdrawn_reason="信用修复")
        rules = tuple(dict.fromkeys(p for p in period.rule_ids if p.startswith("CR")))
        event = _withdrawn(publicity_id, case.id, body.decided_on, "信用修复", "repaired", rules)
        return Done(body.decided_on, {"publicity_id": publicity_id, **body.model_dump(mode="json")}, rules,
                    events=[lambda c, h: event])

    return await _on_case_of(svc, publicity_id, caller, Step.credit_repair, apply)


async def expire_due(uow: UnitOfWork, today: date) -> int:
    """The deadline watcher's share: published records past their 公示截止期 come down (§11.3 expired)."""
    rows = (await uow.session.execute(select(pc.id, pc.case_id, pc.ends_on, pc.rule_ids).where(
        pc.status == "published", pc.ends_on < today).with_for_update(skip_locked=True))).all()
    for r in rows:
        await _set(uow, r.id, status="expired", withdrawn_on=r.ends_on, withdrawn_reason="公示期满")
        uow.publish(_withdrawn(r.id, r.case_id, today, "公示期满", "expired",
                               tuple(x for x in r.rule_ids if x.startswith("CR"))), subject=r.id)
    return len(rows)


def _withdrawn(publicity_id: str, case_id: str, on: date, reason: str, status: str,
               rules: tuple[str, ...]) -> PublicityWithdrawn:
    return PublicityWithdrawn(publicity_id=publicity_id, case_id=case_id, withdrawn_on=on, reason=reason,
                              status=status, rule_ids=list(rules))


async def _on_case_of(svc: Services, publicity_id: str, caller: Caller, step: Step, apply) -> dict:  # noqa: ANN001
    async with svc.uows() as uow:
        case_id = (await uow.session.execute(_of_visible_case(select(pc.case_id), caller).where(
            pc.id == publicity_id))).scalar_one_or_none()
        if case_id is None:
            raise NotFound((f"公示记录 {publicity_id} 不存在", f"publicity record {publicity_id} does not exist"))
        await case_steps.run_in(uow, case_id, caller, step, apply, by=ActedBy.agency, rule=None)
        await uow.commit()
    return await get(svc, publicity_id, caller)


def _of_visible_case(stmt, caller: Caller):  # noqa: ANN001, ANN202 - a Select, narrowed to the caller's data scope
    case = t.enforcement_case.c
    return stmt.join_from(t.publicity, t.enforcement_case, case.id == pc.case_id).where(
        data_scope.visible(caller, case.department_code))


async def _locked(uow: UnitOfWork, publicity_id: str, status: str) -> dict:
    row = (await uow.session.execute(select(t.publicity).where(pc.id == publicity_id).with_for_update())
           ).mappings().first()
    if row is None:
        raise NotFound((f"公示记录 {publicity_id} 不存在", f"publicity record {publicity_id} does not exist"))
    if row["status"] != status:
        raise InvalidTransition((f"公示记录状态为 {row['status']}，而非 {status}",
                                 f"the publicity record is {row['status']}, not {status}"),
                                allowed=[], state=row["status"])
    return dict(row)


async def _row_of_case(uow: UnitOfWork, case_id: str) -> dict | None:
    row = (await uow.session.execute(select(t.publicity).where(pc.case_id == case_id).with_for_update())
           ).mappings().first()
    return dict(row) if row else None


async def _set(uow: UnitOfWork, publicity_id: str, **values: object) -> None:
    await uow.session.execute(update(t.publicity).where(pc.id == publicity_id).values(
        **values, updated_at=datetime.now(UTC)))


async def _system(uow: UnitOfWork, svc: Services, case: Case) -> credit.CreditSystem:
    department = await copies.department(uow.session, case.department_code)
    sector = department["sector"] if department else ""
    return credit.CreditSystem.samr if sector in svc.rules.samr_sectors else credit.CreditSystem.credit_china


async def _summary(uow: UnitOfWork, case: Case) -> dict:
    matter = await copies.matter(uow.session, case.matter_code)
    violation = matter["name"] if matter else case.matter_code
    return summary(case.decision, case.party, violation_type=violation).model_dump(mode="json")


def _period(period: credit.PublicityPeriod) -> dict:
    return {"period": {"anchor": period.anchor.isoformat(), "anchor_kind": period.anchor_kind,
                       "assumed": period.assumed, "config_keys": list(period.config_keys),
                       "rule_ids": list(period.rule_ids)}}


def _stored_period(row: dict) -> credit.PublicityPeriod:
    p = row["details"]["period"]
    return credit.PublicityPeriod(
        credit_class=credit.CreditClass(row["credit_class"]), system=credit.CreditSystem(row["system"]),
        regime=credit.CreditRegime(row["regime"]), anchor=date.fromisoformat(p["anchor"]), anchor_kind=p["anchor_kind"],
        published=True, repair_from=row["repair_from"], ends_on=row["ends_on"], rule_ids=tuple(p["rule_ids"]),
        assumed=p["assumed"], config_keys=tuple(p["config_keys"]))


async def get(svc: Services, publicity_id: str, caller: Caller) -> dict:
    async with svc.uows() as uow:
        row = (await uow.session.execute(_of_visible_case(select(t.publicity), caller).where(
            pc.id == publicity_id))).mappings().first()
    if row is None:
        raise NotFound((f"公示记录 {publicity_id} 不存在", f"publicity record {publicity_id} does not exist"))
    return dict(row)
