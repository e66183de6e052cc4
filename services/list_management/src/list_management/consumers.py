"""Kafka entrypoint: the event types list_management consumes, each mapped to its handler in one dict."""

from list_management.application.usage import on_case_filed
from platform_events.contracts.case_intake import CASE_TOPIC, CaseFiled

HANDLERS = {CaseFiled.event_type: on_case_filed}
TOPICS = [CASE_TOPIC]
CONSUMED = [CaseFiled]
