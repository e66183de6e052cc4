"""Local copies kept current from events: list_management's agencies and personnel (who may review, L-2, L-9) and
case_intake's cases as they decide and close (the population a 案卷评查 campaign samples)."""

from datetime import UTC, datetime

from sqlalchemy import bindparam, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert

from legality_review.adapters import tables as t
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts import case_intake as ci
from platform_events.contracts import list_management as lm
from platform_messaging.local_copy import LocalCopy

departments = LocalCopy(t.department_copy, "code", lm.DepartmentUpdated)
officers = LocalCopy(t.officer_copy, "person_no", lm.PersonnelUpdated, derived={
    "legal_qualification": lambda p: p.legal_professional_qualification, "areas": lambda p: p.enforcement_areas})
on_department, on_officer = departments.apply, officers.apply


async def on_certificate_status(uow: UnitOfWork, env: Envelope) -> None:
    """A suspended or revoked officer stops reviewing from now on (eligibility is checked at each assignment)."""
    change = lm.CertificateStatusChanged.model_validate_json(env.data)
    await uow.session.execute(update(t.officer_copy).where(t.officer_copy.c.person_no == change.person_no)
                              .values(status=change.status, source_event_id=env.id))


async def on_case_decided(uow: UnitOfWork, env: Envelope) -> None:
    e = ci.CaseDecided.model_validate_json(env.data)
    await _case(uow, e.case_id, case_no=e.case_no, department_code=e.department_code, matter_code=e.matter_code,
                decided_on=e.decided_on, outcome=e.outcome)


async def on_case_closed(uow: UnitOfWork, env: Envelope) -> None:
    e = ci.CaseClosed.model_validate_json(env.data)
    values = {"closed_on": e.closed_on, "closed_reason": e.reason}
    if e.outcome:
        values["outcome"] = e.outcome
    await _case(uow, e.case_id, case_no=e.case_no, department_code=e.department_code, **values)


async def on_decision_changed(uow: UnitOfWork, env: Envelope) -> None:
    """Revoked, changed or confirmed illegal (in review, litigation or by the agency): a 重点评查 target."""
    e = ci.CaseDecisionChanged.model_validate_json(env.data)
    await _case(uow, e.case_id, case_no=e.case_no, department_code=e.department_code)
    change = [{"change": e.change, "on": e.changed_on.isoformat(), "reason": e.reason}]
    await uow.session.execute(update(t.case_copy).where(t.case_copy.c.case_id == e.case_id)
                              .values(changes=t.case_copy.c.changes.op("||")(bindparam("change", change, JSONB))))


async def _case(uow: UnitOfWork, case_id: str, **values: object) -> None:
    """Merge what one event says into the case's row (events of a case arrive in order: one key, one partition)."""
    now = datetime.now(UTC)
    stmt = pg_insert(t.case_copy).values(case_id=case_id, updated_at=now, **values)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=["case_id"], set_={**{k: stmt.excluded[k] for k in values}, "updated_at": now}))


async def region_of(db, department_code: str) -> str | None:  # noqa: ANN001 - a connection or session
    department = await departments.get(db, department_code)
    return department["region_code"] if department else None
