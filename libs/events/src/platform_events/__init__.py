"""The platform's event contract: CloudEvents envelope, versioned integration events, AsyncAPI generation."""

from platform_events.asyncapi import asyncapi_document, event_json_schema
from platform_events.contract import Classification, IntegrationEvent
from platform_events.envelope import Envelope, MalformedEvent, from_kafka, new_envelope, to_kafka
from platform_events.wire import CHINA_TIME, CodedEnum, Instant, RegionCode, RegionPrefix, china_time

__all__ = [
    "CHINA_TIME",
    "Classification",
    "CodedEnum",
    "Envelope",
    "Instant",
    "IntegrationEvent",
    "MalformedEvent",
    "RegionCode",
    "RegionPrefix",
    "china_time",
    "asyncapi_document",
    "event_json_schema",
    "from_kafka",
    "new_envelope",
    "to_kafka",
]
