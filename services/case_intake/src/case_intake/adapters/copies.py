"""Local copies of list_management's catalog and personnel (one `LocalCopy` each): kept current from its events,
read by the use cases; the certificate status history (P-1 as of each act) is this service's own."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from case_intake.adapters import tables as t
from case_intake.domain.officers import Certificate
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts import list_management as lm
from platform_messaging.local_copy import LocalCopy

departments = LocalCopy(t.department_copy, "code", lm.DepartmentUpdated)
matters = LocalCopy(t.matter_copy, "code", lm.MatterUpdated, retired_by=(lm.MatterRetired,))
officers = LocalCopy(t.officer_copy, "person_no", lm.PersonnelUpdated,
                     derived={"legal_qualification": lambda p: p.legal_professional_qualification})
#: compliance guidance lists (合规指导), served with the decision: one row per series, its latest version
guidance_lists = LocalCopy(t.guidance_copy, "series_key", lm.ComplianceGuidanceListPublished, newer_only="version",
                           derived={"items": lambda published: published.body.get("items", [])})
on_department, on_matter, on_officer = departments.apply, matters.apply, officers.apply
matter, department = matters.get, departments.get


async def certificates(db, person_nos: Iterable[str]) -> dict[str, Certificate]:  # noqa: ANN001
    """The officers named, each with their certificate's status history (for as-of-date checks, P-1)."""
    wanted = sorted(set(person_nos))
    if not wanted:
        return {}
    o, s = t.officer_copy.c, t.certificate_status.c
    rows = (await db.execute(select(t.officer_copy).where(o.person_no.in_(wanted)))).mappings().all()
    history = (await db.execute(select(s.person_no, s.effective_on, s.status).where(s.person_no.in_(wanted))
                                .order_by(s.effective_on))).all()
    by_person: dict[str, list[tuple]] = {}
    for h in history:
        by_person.setdefault(h.person_no, []).append((h.effective_on, h.status))
    return {r["person_no"]: Certificate(
        r["person_no"], r["name"], r["department_code"], r["certificate_no"], r["valid_from"], r["valid_to"],
        r["auxiliary"], r["legal_qualification"], tuple(by_person.get(r["person_no"], ())) or _initial(r))
        for r in rows}


def _initial(row) -> tuple[tuple, ...]:  # noqa: ANN001
    """No recorded change: the status the officer was registered with, from the certificate's first day."""
    return ((row["valid_from"], row["status"]),) if row["valid_from"] else ()


async def guidance(db, department_code: str, matter_code: str) -> list[dict]:  # noqa: ANN001
    """Compliance guidance items of the department for the matter (or general ones): served with the decision."""
    rows = (await db.execute(select(t.guidance_copy.c["items"]).where(
        t.guidance_copy.c.department_code == department_code))).scalars().all()
    return [i for items in rows for i in items if i.get("matter_code") in (None, matter_code)]


async def on_certificate_status(uow: UnitOfWork, env: Envelope) -> None:
    """A suspension, revocation or reinstatement, effective on its own date (P-1 is checked as of each act)."""
    change = lm.CertificateStatusChanged.model_validate_json(env.data)
    officer = (await uow.session.execute(select(t.officer_copy).where(
        t.officer_copy.c.person_no == change.person_no))).mappings().first()
    if officer is not None and not await _has_history(uow, change.person_no):
        await _record_status(uow, change.person_no, officer["valid_from"], change.previous_status, f"{env.id}:0")
    await _record_status(uow, change.person_no, change.effective_on, change.status, env.id)
    if officer is not None:
        await uow.session.execute(t.officer_copy.update().where(t.officer_copy.c.person_no == change.person_no)
                                  .values(status=change.status, source_event_id=env.id))


async def _has_history(uow: UnitOfWork, person_no: str) -> bool:
    s = t.certificate_status.c
    return (await uow.session.execute(select(s.person_no).where(s.person_no == person_no).limit(1))).first() is not None


async def _record_status(uow: UnitOfWork, person_no: str, effective_on, status: str, event_id: str) -> None:  # noqa: ANN001
    if effective_on is None:
        return
    await uow.session.execute(pg_insert(t.certificate_status).values(
        person_no=person_no, effective_on=effective_on, status=status, source_event_id=event_id)
        .on_conflict_do_nothing())


async def on_list(uow: UnitOfWork, env: Envelope) -> None:
    """Only compliance guidance lists are kept: the decision's lists are evaluated by list_management itself."""
    published = lm.ComplianceGuidanceListPublished.model_validate_json(env.data)
    if published.body.get("kind") == "compliance_guidance_list":
        await guidance_lists.apply(uow, env)

