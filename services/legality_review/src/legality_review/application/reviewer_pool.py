"""The 法制审核 staff who could review for an agency, with eligibility and load (L-2, P-3, L-9), and the earlier
experience recorded for one of them (L-2). Both concern an agency the caller sees: another agency's pool, or a person
of another agency, is not found."""

from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncEngine

from legality_review.adapters import copies, reviewers
from legality_review.adapters import tables as t
from legality_review.application.services import Services
from legality_review.domain.reviewers import Candidate, Subject, refusal
from platform_db import upsert
from platform_errors import FieldProblem, InvalidInput, NotFound
from platform_identity import Caller


class Experience(BaseModel):
    reviewing_since: date = Field(description="开始从事法制审核之日 (before this platform)")
    basis: str = Field(min_length=2, max_length=500, description="依据，如任职文件文号")


async def of_agency(engine: AsyncEngine, svc: Services, caller: Caller, department_code: str) -> list[dict]:
    async with engine.connect() as conn:
        region = await copies.region_of(conn, department_code)
        if not caller.sees(department_code, region):
            raise NotFound((f"执法主体 {department_code} 不存在", f"no agency {department_code}"))
        subject = Subject(department_code, region, ())
        pool = await reviewers.pool(conn, subject, svc.rules)
    return [_present(c, subject, svc) for c in pool]


def _present(c: Candidate, subject: Subject, svc: Services) -> dict:
    refused = refusal(c, subject, svc.rules)
    return {"person_no": c.person_no, "name": c.name, "department_code": c.department_code,
            "legal_professional_qualification": c.legal_qualification, "experienced": c.experienced,
            "open_reviews": c.open_reviews, "eligible": refused is None,
            "refusal": None if refused is None else {"rule": refused.rule, "reason": refused.reason}}


async def record_experience(svc: Services, person_no: str, body: Experience, caller: Caller) -> dict:
    """初次从事 reviewers need 法律职业资格, the experienced not (L-2): an earlier start, with its basis."""
    if body.reviewing_since > svc.today():
        raise InvalidInput(("开始从事法制审核的日期（reviewing_since）不得晚于今日", "reviewing_since is in the future"),
                           errors=[FieldProblem("reviewing_since", "not after today")])
    async with svc.uows() as uow:
        person = await reviewers.one(uow.session, person_no)
        if person is None or not caller.sees(person.department_code, person.region_code):
            raise NotFound((f"人员 {person_no} 不在清单管理（list_management）的人员名录中",
                             f"{person_no} is not in list_management's personnel"))
        await upsert(uow.session, t.reviewer_experience, "person_no", {
            "person_no": person_no, "reviewing_since": body.reviewing_since, "basis": body.basis,
            "created_by": caller.actor, "updated_by": caller.actor})
        await uow.commit()
    return {"person_no": person_no, **body.model_dump()}
