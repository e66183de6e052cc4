"""立案: a clue becomes a case once S-2's conditions hold, within the limitation period (P-5), with two officers.

立案 is an act of enforcement: the verified person filing is an officer of the clue's agency certified on the filing
date (P-1, E-1). `approved_by` is the 立案审批表's approver as the form states it (S-2), recorded, not an identity.
"""

import uuid
from datetime import UTC, datetime

from pydantic import Field
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from case_intake.adapters import case_store, clocks, copies
from case_intake.adapters import tables as t
from case_intake.application import actors, clues
from case_intake.application.acts import check_date
from case_intake.application.services import Services
from case_intake.domain.deadlines import decision_due
from case_intake.domain.errors import InvalidInput, RuleViolation
from case_intake.domain.limitation import limitation
from case_intake.domain.model import Assignment, Case, Model, Party
from case_intake.domain.officers import ActedBy, check_acting
from case_intake.domain.vocabulary import ClockKind, ClueStatus, Procedure, Stage
from platform_calendar import shanghai_date
from platform_db import UnitOfWork
from platform_errors import FieldProblem
from platform_events.contracts.case_intake import CaseFiled
from platform_events.wire import SupportedDate
from platform_identity import Caller


class Filing(Model):
    """立案审批: what S-2 requires, and the officers who will handle the case."""

    filed_on: SupportedDate = Field(description="立案日期")
    matter_code: str = Field(min_length=1, max_length=60, description="执法事项编码（事项目录）")
    party: Party
    act_date: SupportedDate = Field(description="违法行为发生之日（连续或者继续状态的，行为终了之日, P-5）")
    safety_harm: bool = Field(False, description="涉及公民生命健康安全、金融安全且有危害后果 (P-5)")
    preliminary_evidence: str = Field(min_length=2, max_length=5000, description="初步证据 (S-2)")
    jurisdiction: bool = Field(description="属于本机关管辖 (S-2)")
    penalty_due: bool = Field(description="依法应当给予行政处罚 (S-2)")
    lead_officer: str = Field(min_length=1, description="主办人员 person_no")
    officers: list[str] = Field(min_length=1, description="协办人员 person_no")
    approved_by: str = Field(min_length=1, max_length=100, description="立案批准人（如 立案审批表 所载）")
    major_public_interest: bool = False
    major_rights: bool = False
    complex: bool = False
    review_by_law: bool = False


async def file_case(svc: Services, clue_id: str, body: Filing, caller: Caller) -> str:
    async with svc.uows() as uow:
        row = await clues.pending(uow, clue_id, caller)
        actors.require_person(caller)
        check_date(body.filed_on, today=svc.today(), not_before=shanghai_date(row["received_at"]), field="filed_on")
        await _check(uow, svc, row, body)
        await actors.check(uow, caller, row["department_code"], body.filed_on, by=ActedBy.officer)
        case = await _new_case(uow, row, body)
        due = decision_due(case.filed_on, svc.calendar, svc.rules, as_of=svc.today())
        head = await case_store.create(uow, case, caller=caller, act="立案", content={
            "on": body.filed_on, "filing": body.model_dump(mode="json"), "clue_id": clue_id,
            "decision_due": due.due.due, "rule_ids": ["S-2", "P-5", "P-1", "P-20"]})
        await clocks.set_clock(uow, "case", case.id, ClockKind.decision, due.due, rule_ids=due.rule_ids,
                               calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
        await uow.session.execute(update(t.clue).where(t.clue.c.id == clue_id).values(
            status=ClueStatus.filed.value, case_id=case.id, decided_on=body.filed_on, updated_at=datetime.now(UTC)))
        await clocks.stop_clock(uow, "clue", clue_id, ClockKind.filing, on=body.filed_on)
        clues.announce_decided(uow, svc, row, filed=True, case_id=case.id, ground=None, on=body.filed_on)
        uow.publish(CaseFiled(case_id=case.id, matter_code=case.matter_code, department_code=case.department_code,
                              filed_on=case.filed_on, case_no=case.case_no, procedure=case.procedure.value,
                              clue_id=clue_id, decision_due=due.due.due, record_hash=head.hash), subject=case.id)
        await uow.commit()
    return case.id


async def _check(uow: UnitOfWork, svc: Services, row: dict, body: Filing) -> None:
    matter = await copies.matter(uow.session, body.matter_code)
    if matter is None or not matter["active"]:
        raise InvalidInput((f"执法事项 {body.matter_code} 不是事项目录中现行有效的事项",
                            f"matter {body.matter_code} is not an active matter of the catalog"),
                           errors=[FieldProblem("matter_code", "not in the local copy of the catalog")])
    if matter["department_code"] != row["department_code"]:
        raise RuleViolation((f"执法事项 {body.matter_code} 属于 {matter['department_code']}，不属于 "
                             f"{row['department_code']}：无管辖权",
                             f"matter {body.matter_code} belongs to {matter['department_code']}, not to "
                             f"{row['department_code']}: no jurisdiction"), rule="S-2")
    missing = [name for name, ok in (("jurisdiction", body.jurisdiction), ("penalty_due", body.penalty_due)) if not ok]
    if missing:
        raise RuleViolation(("立案须属于本机关管辖且依法应当给予行政处罚 (S-2)",
                             "立案 needs jurisdiction and a penalty that is due (S-2)"), rule="S-2",
                            errors=[FieldProblem(name, "must hold for 立案") for name in missing])
    discovered = shanghai_date(row["received_at"])
    limit = limitation(body.act_date, discovered, safety_harm=body.safety_harm, calendar=svc.calendar,
                       civil_counting=svc.rules.civil_counting)
    if limit.expired:
        raise RuleViolation((f"违法行为于 {discovered} 被发现，{limit.years} 年追责期限已于 {limit.ends_on} 届满，"
                             "不再给予行政处罚",
                             f"discovered on {discovered}, after the {limit.years}-year limitation period ended on "
                             f"{limit.ends_on}: no penalty may be imposed"), rule="P-5")
    people = [body.lead_officer, *body.officers]
    check_acting(people, await copies.certificates(uow.session, people), body.filed_on, recused=set(), act="立案")


async def _new_case(uow: UnitOfWork, row: dict, body: Filing) -> Case:
    year = body.filed_on.year
    stmt = pg_insert(t.case_number).values(department_code=row["department_code"], year=year, last_no=1)
    number = (await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=["department_code", "year"], set_={"last_no": t.case_number.c.last_no + 1})
        .returning(t.case_number.c.last_no))).scalar_one()
    assignments = [Assignment(person_no=body.lead_officer, role="主办", assigned_on=body.filed_on)]
    assignments += [Assignment(person_no=p, role="协办", assigned_on=body.filed_on)
                    for p in dict.fromkeys(body.officers) if p != body.lead_officer]
    return Case(
        id=str(uuid.uuid4()), case_no=f"{row['department_code']}〔{year}〕{number}号", procedure=Procedure.general,
        stage=Stage.filed, department_code=row["department_code"], matter_code=body.matter_code, party=body.party,
        clue_id=row["id"], act_date=body.act_date, discovered_on=shanghai_date(row["received_at"]),
        filed_on=body.filed_on, safety_harm=body.safety_harm, assignments=assignments,
        major_public_interest=body.major_public_interest, major_rights=body.major_rights, complex=body.complex,
        review_by_law=body.review_by_law)
