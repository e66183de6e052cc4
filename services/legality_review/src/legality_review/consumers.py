"""Kafka entrypoint: the event types legality_review consumes, each mapped to its handler in one dict."""

from collections.abc import Mapping

from legality_review.adapters import copies
from legality_review.application import reviews
from legality_review.application.services import Services
from platform_events.contracts import case_intake as ci
from platform_events.contracts import list_management as lm
from platform_messaging import Handler

TOPICS = [lm.DEPARTMENT_TOPIC, lm.PERSONNEL_TOPIC, ci.CASE_TOPIC]
CONSUMED = [lm.DepartmentRegistered, lm.DepartmentUpdated, lm.PersonnelRegistered, lm.PersonnelUpdated,
            lm.CertificateStatusChanged, ci.CaseReviewRequested, ci.CaseDecided, ci.CaseClosed,
            ci.CaseDecisionChanged]


def handlers(services: Services) -> Mapping[str, Handler]:
    return {
        lm.DepartmentRegistered.event_type: copies.on_department,
        lm.DepartmentUpdated.event_type: copies.on_department,
        lm.PersonnelRegistered.event_type: reviews.on_personnel(services),
        lm.PersonnelUpdated.event_type: reviews.on_personnel(services),
        lm.CertificateStatusChanged.event_type: copies.on_certificate_status,
        ci.CaseReviewRequested.event_type: reviews.on_review_requested(services),
        ci.CaseDecided.event_type: copies.on_case_decided,
        ci.CaseClosed.event_type: copies.on_case_closed,
        ci.CaseDecisionChanged.event_type: copies.on_decision_changed,
    }
