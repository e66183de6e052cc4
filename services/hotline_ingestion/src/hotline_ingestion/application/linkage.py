"""Enforcement linkage at intake: violation reports become leads for case intake, conduct complaints go to supervision.

No event names the requester: numbers typed into the content are masked as reads mask them (K-7, H-4)."""

from hotline_ingestion.domain.confidentiality import redact_numbers
from hotline_ingestion.domain.routing import Department, Matter, SignalKind, enforcement_signal
from hotline_ingestion.domain.vocabulary import RequestType
from hotline_ingestion.domain.work_order import WorkOrderIntake
from platform_db import UnitOfWork
from platform_events.contracts.hotline_ingestion import ConductComplaintFlagged, EnforcementLeadReported


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
            supervising_department_code=signal.department_code, region_code=o.region_code, content=redact_numbers(o.content),
            matched_terms=signal.matched_terms, rule_ids=list(signal.rules)), subject=work_order_id)
        return
    party = o.reported_party
    uow.publish(EnforcementLeadReported(  # rules S-1 (filing clock from receipt), K-5, H-13
        work_order_id=work_order_id, order_no=o.order_no, received_at=o.received_at,
        request_type=o.request_type.value, matter_code=signal.matter_code, department_code=signal.department_code,
        region_code=o.region_code, address=redact_numbers(o.address), content=redact_numbers(o.content),
        reported_party_name=party.name if party else None,
        reported_party_credit_code=party.credit_code if party else None,
        real_name_reporter=bool(o.requester.name) and not o.requester.anonymous,
        rule_ids=list(signal.rules)), subject=work_order_id)
