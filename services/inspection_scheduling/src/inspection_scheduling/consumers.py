"""Kafka entrypoint: the event types inspection_scheduling consumes, each mapped to its handler in one dict.

list_management's agencies, personnel and published inspection matter lists keep 一单两库 current (R-2, E-2)."""

from inspection_scheduling.adapters import copies
from platform_events.contracts import list_management as lm

TOPICS = [lm.DEPARTMENT_TOPIC, lm.PERSONNEL_TOPIC, lm.LIST_TOPIC]
CONSUMED = [lm.DepartmentRegistered, lm.DepartmentUpdated, lm.PersonnelRegistered, lm.PersonnelUpdated,
            lm.CertificateStatusChanged, lm.InspectionMatterListPublished]

HANDLERS = {
    lm.DepartmentRegistered.event_type: copies.on_department,
    lm.DepartmentUpdated.event_type: copies.on_department,
    lm.PersonnelRegistered.event_type: copies.on_officer,
    lm.PersonnelUpdated.event_type: copies.on_officer,
    lm.CertificateStatusChanged.event_type: copies.on_certificate_status,
    lm.InspectionMatterListPublished.event_type: copies.on_inspection_matter_list,
}
