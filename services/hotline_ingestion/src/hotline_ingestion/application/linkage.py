"""Enforcement linkage at intake: violation reports become leads for case intake, conduct complaints go to supervision."""

from dataclasses import dataclass

from sqlalchemy import select, text

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.domain.routing import Department, Matter, SignalKind, enforcement_signal
from hotline_ingestion.domain.vocabulary import RequestType
from hotline_ingestion.domain.work_order import WorkOrderIntake
from platform_db import UnitOfWork
from platform_events.contracts.hotline_ingestion import ConductComplaintFlagged, EnforcementLeadReported

# Every row of both copies, as PostgreSQL prints it, hashed: any change to the catalog changes it. Comparing it
# costs one round trip instead of decoding ~150 rows of JSON keywords into objects on every request.
_FINGERPRINT = text(
    "SELECT (SELECT md5(coalesce(string_agg(m::text, '|' ORDER BY m.code), '')) FROM matter_copy m)"
    " || (SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY d.code), '')) FROM department_copy d)")


@dataclass
class _Loaded:
    fingerprint: str | None = None
    matters: tuple[Matter, ...] = ()
    departments: tuple[Department, ...] = ()


_loaded = _Loaded()  # the last catalog read, keyed by its content: correct for any database it came from


async def catalog(uow: UnitOfWork) -> tuple[list[Matter], list[Department]]:
    """The local copy as of this transaction, read once per intake request; rebuilt only when a row changed."""
    fingerprint = (await uow.session.execute(_FINGERPRINT)).scalar_one()
    if fingerprint != _loaded.fingerprint:
        matters = [Matter(r.code, r.name, r.department_code, list(r.keywords), r.matter_type)
                   for r in (await uow.session.execute(select(t.matter_copy).where(t.matter_copy.c.active))).all()]
        departments = [Department(r.code, r.name, r.region_code, r.sector, list(r.responsibilities))
                       for r in (await uow.session.execute(select(t.department_copy))).all()]
        _loaded.fingerprint, _loaded.matters, _loaded.departments = fingerprint, tuple(matters), tuple(departments)
    return list(_loaded.matters), list(_loaded.departments)  # the same Matter objects: routing's index is reused


def announce_linkage(uow: UnitOfWork, o: WorkOrderIntake, work_order_id: str, matters: list[Matter],
                     departments: list[Department]) -> None:
    if o.request_type not in (RequestType.complaint, RequestType.report):
        return
    signal = enforcement_signal(o.content, o.request_type, matters, departments, o.region_code)
    if signal is None:
        return
    if signal.kind == SignalKind.conduct_complaint:  # rule H-12: to the supervising justice bureau
        uow.publish(ConductComplaintFlagged(
            work_order_id=work_order_id, order_no=o.order_no, received_at=o.received_at,
            supervising_department_code=signal.department_code, region_code=o.region_code, content=o.content,
            matched_terms=signal.matched_terms, rule_ids=list(signal.rules)), subject=work_order_id)
        return
    party = o.reported_party
    uow.publish(EnforcementLeadReported(  # rules S-1 (filing clock from receipt), K-5, H-13
        work_order_id=work_order_id, order_no=o.order_no, received_at=o.received_at,
        request_type=o.request_type.value, matter_code=signal.matter_code, department_code=signal.department_code,
        region_code=o.region_code, address=o.address, content=o.content,
        reported_party_name=party.name if party else None,
        reported_party_credit_code=party.credit_code if party else None,
        real_name_reporter=bool(o.requester.name) and not o.requester.anonymous,
        rule_ids=list(signal.rules)), subject=work_order_id)
