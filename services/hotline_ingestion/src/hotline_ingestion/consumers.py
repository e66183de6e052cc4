"""Kafka entrypoint: the event types hotline_ingestion consumes, each mapped to its handler in one dict."""

from hotline_ingestion.application.catalog_copy import on_department, on_matter
from platform_events.contracts import list_management as lm

HANDLERS = {
    lm.DepartmentRegistered.event_type: on_department,
    lm.DepartmentUpdated.event_type: on_department,
    lm.MatterRegistered.event_type: on_matter,
    lm.MatterUpdated.event_type: on_matter,
    lm.MatterRetired.event_type: on_matter,
}
TOPICS = [lm.DEPARTMENT_TOPIC, lm.MATTER_TOPIC]
CONSUMED = [lm.DepartmentRegistered, lm.DepartmentUpdated, lm.MatterRegistered, lm.MatterUpdated, lm.MatterRetired]
