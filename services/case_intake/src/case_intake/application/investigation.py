"""调查取证: officers on the case (P-1, E-1), recusal (P-3), and evidence of the statutory types (P-10)."""

import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from case_intake.application import actors, case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.errors import InvalidInput, NotFound, NotPermitted
from case_intake.domain.model import Assignment, Case, Evidence, Model, Recusal
from case_intake.domain.officers import ActedBy
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import EvidenceType, Stage
from platform_db import UnitOfWork
from platform_identity import Caller


class OfficerChange(Model):
    on: date
    assign: list[str] = Field(default_factory=list, description="加入的执法人员 person_no")
    remove: list[str] = Field(default_factory=list, description="退出的执法人员 person_no")
    reason: str = Field("", max_length=1000)


class RecusalRequest(Model):
    person_no: str
    applicant: Literal["本人申请", "当事人申请", "机关指令"]
    reason: str = Field(min_length=2, max_length=2000)
    declared_on: date


class RecusalDecision(Model):
    decision: Literal["回避", "不予回避"]
    decided_by: str | None = Field(None, max_length=100, description="机关负责人 person_no：须为令牌所证明的本人 "
                                   "(403 otherwise); recorded from the token when absent")
    decided_on: date
    replacement: str | None = Field(None, description="接替的执法人员 person_no")


class EvidenceCreate(Model):
    type: EvidenceType = Field(description="证据种类 (P-10)")
    title: str = Field(min_length=1, max_length=300)
    collected_on: date
    collected_by: list[str] = Field(default_factory=list, description="取证人员 (默认：承办人员)")
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="证据内容（文件）的 SHA-256")
    description: str = Field("", max_length=5000)
    source: str = Field("", max_length=500, description="来源、提供人")
    lawfully_obtained: bool = Field(True, description="以合法手段取得 (P-10: 以非法手段取得的证据不得作为认定案件事实的根据)")


async def change_officers(svc: Services, case_id: str, body: OfficerChange, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.on, today=svc.today(), not_before=case.filed_on)
        for a in case.assignments:
            if a.person_no in body.remove and a.removed_on is None:
                a.removed_on, a.removed_reason = body.on, body.reason or "调整"
        known = set(case_steps.active_officers(case))
        case.assignments += [Assignment(person_no=p, role="协办", assigned_on=body.on)
                             for p in dict.fromkeys(body.assign) if p not in known]
        await case_steps.acting(uow, case, None, body.on, "办案")  # never fewer than two certified (P-1, E-1)
        return Done(body.on, body.model_dump(mode="json"), ("P-1", "E-1"))

    return await case_steps.run(svc, case_id, caller, Step.assign, apply)


async def request_recusal(svc: Services, case_id: str, body: RecusalRequest, caller: Caller) -> Case:
    """Rule P-3: the investigation continues while the head decides."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.declared_on, today=svc.today(), not_before=case.filed_on, field="declared_on")
        if body.person_no not in case_steps.active_officers(case):
            raise InvalidInput((f"{body.person_no} 不是本案的执法人员", f"{body.person_no} is not an officer of this case"))
        case.recusals.append(Recusal(id=str(uuid.uuid4()), **body.model_dump()))
        return Done(body.declared_on, body.model_dump(mode="json"), ("P-3",))

    return await case_steps.run(svc, case_id, caller, Step.recuse, apply)


async def decide_recusal(svc: Services, case_id: str, recusal_id: str, body: RecusalDecision, caller: Caller) -> Case:
    """Rule P-3: the head decides — the verified person, a person of the agency (no certificate needed)."""
    decided_by = actors.approver(caller, body.decided_by, rule="P-3")

    async def apply(uow: UnitOfWork, case: Case) -> Done:
        recusal = next((r for r in case.recusals if r.id == recusal_id), None)
        if recusal is None or recusal.decision is not None:
            raise NotFound((f"本案没有待决定的回避申请 {recusal_id}", f"no pending recusal {recusal_id} on this case"))
        if recusal.person_no == decided_by:
            raise NotPermitted((f"{decided_by} 不得决定本人的回避，应由机关负责人决定",
                                f"{decided_by} may not decide their own recusal: the head decides"), rule="P-3")
        check_date(body.decided_on, today=svc.today(), not_before=recusal.declared_on, field="decided_on")
        recusal.decision, recusal.decided_by, recusal.decided_on = body.decision, decided_by, body.decided_on
        if body.decision == "回避":
            for a in case.assignments:
                if a.person_no == recusal.person_no and a.removed_on is None:
                    a.removed_on, a.removed_reason = body.decided_on, "回避"
            if body.replacement:
                case.assignments.append(Assignment(person_no=body.replacement, role="协办",
                                                   assigned_on=body.decided_on))
            await case_steps.acting(uow, case, None, body.decided_on, "办案")  # two remain (P-1)
        content = {"recusal_id": recusal_id, **body.model_dump(mode="json"), "decided_by": decided_by}
        return Done(body.decided_on, content, ("P-3",))

    return await case_steps.run(svc, case_id, caller, Step.recuse, apply, by=ActedBy.agency, rule="P-3")


async def add_evidence(svc: Services, case_id: str, body: EvidenceCreate, caller: Caller) -> Case:
    """Rule P-10: one of the eight statutory types, its content fixed by hash; P-1/P-2: two certified officers."""
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        check_date(body.collected_on, today=svc.today(), not_before=case.filed_on, field="collected_on")
        people = await case_steps.acting(uow, case, body.collected_by, body.collected_on, "调查取证")
        item = Evidence(id=str(uuid.uuid4()), type=body.type, title=body.title, collected_on=body.collected_on,
                        collected_by=people, content_sha256=body.content_sha256, description=body.description,
                        source=body.source, excluded=not body.lawfully_obtained,
                        excluded_reason=None if body.lawfully_obtained else "以非法手段取得 (P-10)")
        case.evidence.append(item)
        case.stage = Stage.investigating if case.stage is Stage.filed else case.stage
        return Done(body.collected_on, {"evidence": item.model_dump(mode="json")}, ("P-10", "P-1", "P-2"))

    return await case_steps.run(svc, case_id, caller, Step.collect_evidence, apply)
