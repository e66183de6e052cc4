"""Use cases for departments, matters and personnel (natural keys make creation idempotent); each takes the
verified caller, records it as the actor and changes only what it may change (application/access.py)."""

from datetime import date

from list_management.adapters.event_mapping import department_event, matter_event, officer_event
from list_management.adapters.repository import Repository
from list_management.application import access
from list_management.domain.catalog import CertificateStatus, Department, Matter, Officer
from list_management.domain.errors import Conflict, FieldProblem, InvalidInput
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_events.contracts.list_management import CertificateStatusChanged
from platform_identity import Caller


async def register_department(uows: UnitOfWorkFactory, d: Department, caller: Caller) -> tuple[Department, bool]:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        access.may_change(caller, d.code, d.region_code, _department(d.code))
        existing = await repo.department(d.code)
        if existing is not None:
            access.may_change(caller, existing.code, existing.region_code, _department(d.code))
            return _same_or_conflict(existing, d, _department(d.code)), False
        await repo.save_department(d)
        uow.publish(department_event(d, new=True), subject=d.code)
        await uow.commit()
    return d, True


async def update_department(uows: UnitOfWorkFactory, d: Department, caller: Caller) -> Department:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        existing = await repo.department(d.code)
        access.found(existing is not None and access.reads_reference(caller, existing.region_code),
                     _department(d.code))
        access.may_change(caller, existing.code, existing.region_code, _department(d.code))
        access.may_change(caller, d.code, d.region_code,
                          (f"区域 {d.region_code} 的执法主体 {d.code}", f"department {d.code} in region {d.region_code}"))
        await repo.save_department(d)
        uow.publish(department_event(d, new=False), subject=d.code)
        await uow.commit()
    return d


async def register_matter(uows: UnitOfWorkFactory, m: Matter, caller: Caller) -> tuple[Matter, bool]:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        await _department_to_change(repo, caller, m.department_code, _matter(m.code))
        found = await repo.matter(m.code)
        if found is not None:
            await _department_to_change(repo, caller, found[0].department_code, _matter(m.code))
            return _same_or_conflict(found[0], m, _matter(m.code)), False
        await repo.save_matter(m)
        uow.publish(matter_event(m, new=True), subject=m.code)
        await uow.commit()
    return m, True


async def update_matter(uows: UnitOfWorkFactory, m: Matter, caller: Caller) -> Matter:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        current, active = await _matter_to_change(repo, caller, m.code)
        if not active:
            raise Conflict((f"执法事项 {m.code} 已停用，请登记新的执法事项",
                            f"matter {m.code} is retired; register a new matter instead"))
        if m.department_code != current.department_code:
            await _department_to_change(repo, caller, m.department_code, _matter(m.code))
        await repo.save_matter(m)
        uow.publish(matter_event(m, new=False), subject=m.code)
        await uow.commit()
    return m


async def retire_matter(uows: UnitOfWorkFactory, code: str, caller: Caller) -> Matter:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        current, active = await _matter_to_change(repo, caller, code)
        if not active:
            return current
        await repo.save_matter(current, active=False)
        uow.publish(matter_event(current, new=False, active=False), subject=code)
        await uow.commit()
    return current


async def register_officer(uows: UnitOfWorkFactory, o: Officer, caller: Caller) -> tuple[Officer, bool]:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        await _department_to_change(repo, caller, o.department_code, _officer(o.person_no))
        existing = await repo.officer(o.person_no)
        if existing is not None:
            await _department_to_change(repo, caller, existing.department_code, _officer(o.person_no))
            return _same_or_conflict(existing, o, _officer(o.person_no)), False
        await _require_own_certificate(repo, o)
        await repo.save_officer(o)
        uow.publish(officer_event(o, new=True), subject=o.person_no)
        await uow.commit()
    return o, True


async def update_officer(uows: UnitOfWorkFactory, o: Officer, caller: Caller) -> Officer:
    """Change an officer's record; certificate status goes through `change_certificate_status` (history)."""
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        existing = await _officer_to_change(repo, caller, o.person_no)
        if o.status != existing.status:
            raise Conflict(("执法证状态须通过 /certificate-status 变更，以保留变更记录",
                            "certificate status changes go through /certificate-status, which keeps the history"))
        if o.department_code != existing.department_code:
            await _department_to_change(repo, caller, o.department_code, _officer(o.person_no))
        await _require_own_certificate(repo, o)
        await repo.save_officer(o)
        uow.publish(officer_event(o, new=False), subject=o.person_no)
        await uow.commit()
    return o


async def change_certificate_status(uows: UnitOfWorkFactory, person_no: str, status: CertificateStatus,
                                    effective_on: date, reason: str, caller: Caller) -> Officer:
    """Suspend, revoke or reinstate a certificate; history is kept for as-of checks (rules P-1, E-1)."""
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        officer = await _officer_to_change(repo, caller, person_no)
        if officer.certificate_no is None:
            raise Conflict((f"执法人员 {person_no} 未持有执法证",
                            f"officer {person_no} holds no enforcement certificate"), rule="E-1")
        if officer.status == CertificateStatus.revoked:
            raise Conflict(("已吊销的执法证不能变更状态，请重新核发执法证",
                            "a revoked certificate cannot change status; issue a new certificate"))
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


async def _department_to_change(repo: Repository, caller: Caller, code: str, what: tuple[str, str]) -> Department:
    """The department a record belongs to: unknown (or outside the caller's region) is a 422 on the field; one the
    caller may not change for is a 403."""
    department = await repo.department(code)
    if department is None or not access.reads_reference(caller, department.region_code):
        raise InvalidInput(("执法主体不存在", "unknown department"),
                           errors=[FieldProblem("department_code", f"{code} 不存在")])
    access.may_change(caller, code, department.region_code, what)
    return department


async def _matter_to_change(repo: Repository, caller: Caller, code: str) -> tuple[Matter, bool]:
    found = await repo.matter(code)
    department = await repo.department(found[0].department_code) if found else None
    access.found(department is not None and access.reads_reference(caller, department.region_code),
                 _matter(code))
    access.may_change(caller, department.code, department.region_code, _matter(code))
    return found


async def _officer_to_change(repo: Repository, caller: Caller, person_no: str) -> Officer:
    officer = await repo.officer(person_no)
    department = await repo.department(officer.department_code) if officer else None
    access.found(department is not None and access.reads_own(caller, department.code, department.region_code),
                 _officer(person_no))
    return officer


async def _require_own_certificate(repo: Repository, o: Officer) -> None:
    holder = await repo.certificate_holder(o.certificate_no) if o.certificate_no else None
    if holder is not None and holder != o.person_no:
        raise Conflict((f"执法证 {o.certificate_no} 已由执法人员 {holder} 持有",
                        f"certificate {o.certificate_no} is held by officer {holder}"),
                       errors=[FieldProblem("certificate_no", "执法证号已被他人使用")])


def _department(code: str) -> tuple[str, str]:
    """A record's name in Chinese and English, for refusals (application/access.py)."""
    return f"执法主体 {code}", f"department {code}"


def _matter(code: str) -> tuple[str, str]:
    return f"执法事项 {code}", f"matter {code}"


def _officer(person_no: str) -> tuple[str, str]:
    return f"执法人员 {person_no}", f"officer {person_no}"


def _same_or_conflict(existing, wanted, what: tuple[str, str]):  # noqa: ANN001, ANN202 - any catalog model
    if existing == wanted:
        return existing
    raise Conflict((f"{what[0]} 已存在且数据不同，如需修改请使用 PUT",
                    f"{what[1]} already exists with different data; use PUT to change it"))


__all__ = ["UnitOfWork"]
