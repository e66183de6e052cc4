"""Use cases for departments, matters and personnel (natural keys make creation idempotent)."""

from datetime import date

from list_management.adapters.event_mapping import department_event, matter_event, officer_event
from list_management.adapters.repository import Repository
from list_management.domain.catalog import CertificateStatus, Department, Matter, Officer
from list_management.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_events.contracts.list_management import CertificateStatusChanged


async def register_department(uows: UnitOfWorkFactory, d: Department, actor: str) -> tuple[Department, bool]:
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        existing = await repo.department(d.code)
        if existing is not None:
            return _same_or_conflict(existing, d, f"department {d.code}"), False
        await repo.save_department(d)
        uow.publish(department_event(d, new=True), subject=d.code)
        await uow.commit()
    return d, True


async def update_department(uows: UnitOfWorkFactory, d: Department, actor: str) -> Department:
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        if await repo.department(d.code) is None:
            raise NotFound(f"department {d.code} does not exist")
        await repo.save_department(d)
        uow.publish(department_event(d, new=False), subject=d.code)
        await uow.commit()
    return d


async def register_matter(uows: UnitOfWorkFactory, m: Matter, actor: str) -> tuple[Matter, bool]:
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        found = await repo.matter(m.code)
        if found is not None:
            return _same_or_conflict(found[0], m, f"matter {m.code}"), False
        await _require_department(repo, m.department_code)
        await repo.save_matter(m)
        uow.publish(matter_event(m, new=True), subject=m.code)
        await uow.commit()
    return m, True


async def update_matter(uows: UnitOfWorkFactory, m: Matter, actor: str) -> Matter:
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        found = await repo.matter(m.code)
        if found is None:
            raise NotFound(f"matter {m.code} does not exist")
        if not found[1]:
            raise Conflict(f"matter {m.code} is retired; register a new matter instead")
        await _require_department(repo, m.department_code)
        await repo.save_matter(m)
        uow.publish(matter_event(m, new=False), subject=m.code)
        await uow.commit()
    return m


async def retire_matter(uows: UnitOfWorkFactory, code: str, actor: str) -> Matter:
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        found = await repo.matter(code)
        if found is None:
            raise NotFound(f"matter {code} does not exist")
        if not found[1]:
            return found[0]
        await repo.save_matter(found[0], active=False)
        uow.publish(matter_event(found[0], new=False, active=False), subject=code)
        await uow.commit()
    return found[0]


async def register_officer(uows: UnitOfWorkFactory, o: Officer, actor: str) -> tuple[Officer, bool]:
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        existing = await repo.officer(o.person_no)
        if existing is not None:
            return _same_or_conflict(existing, o, f"officer {o.person_no}"), False
        await _require_department(repo, o.department_code)
        await _require_own_certificate(repo, o)
        await repo.save_officer(o)
        uow.publish(officer_event(o, new=True), subject=o.person_no)
        await uow.commit()
    return o, True


async def update_officer(uows: UnitOfWorkFactory, o: Officer, actor: str) -> Officer:
    """Change an officer's record; certificate status goes through `change_certificate_status` (history)."""
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        existing = await repo.officer(o.person_no)
        if existing is None:
            raise NotFound(f"officer {o.person_no} does not exist")
        if o.status != existing.status:
            raise Conflict("certificate status changes go through /certificate-status, which keeps the history")
        await _require_department(repo, o.department_code)
        await _require_own_certificate(repo, o)
        await repo.save_officer(o)
        uow.publish(officer_event(o, new=False), subject=o.person_no)
        await uow.commit()
    return o


async def change_certificate_status(
    uows: UnitOfWorkFactory, person_no: str, status: CertificateStatus, effective_on: date, reason: str, actor: str
) -> Officer:
    """Suspend, revoke or reinstate a certificate; history is kept for as-of checks (rules P-1, E-1)."""
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        officer = await repo.officer(person_no)
        if officer is None:
            raise NotFound(f"officer {person_no} does not exist")
        if officer.certificate_no is None:
            raise Conflict(f"officer {person_no} holds no enforcement certificate", rule="E-1")
        if officer.status == CertificateStatus.revoked:
            raise Conflict("a revoked certificate cannot change status; issue a new certificate")
        changed = officer.model_copy(update={"status": status})
        await repo.save_officer(changed)
        await repo.record_certificate_change(person_no, officer.status, status, effective_on, reason)
        uow.publish(_certificate_event(officer, status, effective_on, reason), subject=person_no)
        await uow.commit()
    return changed


def _certificate_event(o: Officer, status: CertificateStatus, on: date, reason: str) -> CertificateStatusChanged:
    return CertificateStatusChanged(
        person_no=o.person_no, certificate_no=o.certificate_no, previous_status=o.status.value,
        status=status.value, effective_on=on, reason=reason,
    )


async def _require_department(repo: Repository, code: str) -> None:
    if await repo.department(code) is None:
        raise InvalidInput("unknown department", errors=[FieldProblem("department_code", f"{code} 不存在")])


async def _require_own_certificate(repo: Repository, o: Officer) -> None:
    holder = await repo.certificate_holder(o.certificate_no) if o.certificate_no else None
    if holder is not None and holder != o.person_no:
        raise Conflict(f"certificate {o.certificate_no} is held by officer {holder}",
                       errors=[FieldProblem("certificate_no", "执法证号已被他人使用")])


def _same_or_conflict(existing, wanted, what: str):  # noqa: ANN001, ANN202 - any catalog model
    if existing == wanted:
        return existing
    raise Conflict(f"{what} already exists with different data; use PUT to change it")


__all__ = ["UnitOfWork"]
