"""Kafka entrypoint: the event types case_intake consumes, each mapped to its handler in one dict."""

from collections.abc import Mapping

from case_intake.adapters import copies
from case_intake.application import clue_sources, review
from case_intake.application.services import Services
from platform_events.contracts import hotline_ingestion as hi
from platform_events.contracts import inspection_scheduling as isc
from platform_events.contracts import legality_review as lr
from platform_events.contracts import list_management as lm
from platform_messaging import Handler

TOPICS = [lm.DEPARTMENT_TOPIC, lm.MATTER_TOPIC, lm.PERSONNEL_TOPIC, lm.LIST_TOPIC, hi.WORK_ORDER_TOPIC,
          lr.REVIEW_TOPIC, isc.VISIT_TOPIC]
CONSUMED = [lm.DepartmentRegistered, lm.DepartmentUpdated, lm.MatterRegistered, lm.MatterUpdated, lm.MatterRetired,
            lm.PersonnelRegistered, lm.PersonnelUpdated, lm.CertificateStatusChanged, lm.ComplianceGuidanceListPublished,
            hi.EnforcementLeadReported, isc.InspectionProblemFound, lr.ReviewApproved, lr.ReviewRejected,
            lr.ReviewRevisionRequested]


def handlers(services: Services) -> Mapping[str, Handler]:
    return {
        lm.DepartmentRegistered.event_type: copies.on_department,
        lm.DepartmentUpdated.event_type: copies.on_department,
        lm.MatterRegistered.event_type: copies.on_matter,
        lm.MatterUpdated.event_type: copies.on_matter,
        lm.MatterRetired.event_type: copies.on_matter,
        lm.PersonnelRegistered.event_type: copies.on_officer,
        lm.PersonnelUpdated.event_type: copies.on_officer,
        lm.CertificateStatusChanged.event_type: copies.on_certificate_status,
        lm.ComplianceGuidanceListPublished.event_type: copies.on_list,
        hi.EnforcementLeadReported.event_type: clue_sources.on_lead_reported(services),
        isc.InspectionProblemFound.event_type: clue_sources.on_problem_found(services),
        lr.ReviewApproved.event_type: review.on_review_outcome,
        lr.ReviewRejected.event_type: review.on_review_outcome,
        lr.ReviewRevisionRequested.event_type: review.on_review_outcome,
    }
