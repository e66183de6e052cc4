"""AsyncAPI 3.0 and JSON Schema generated from the contract models, never written by hand."""

import re
from collections.abc import Iterable

from platform_events.contract import IntegrationEvent

_CE_HEADERS = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "description": "unique event id; consumers dedupe on it"},
        "ce_source": {"type": "string", "description": "/services/<service>"},
        "ce_type": {"type": "string"},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_subject": {"type": "string", "description": "aggregate id; equals the message key"},
        "content-type": {"type": "string", "const": "application/json"},
        "ce_correlationid": {"type": "string"},
        "ce_causationid": {"type": "string"},
        "ce_traceparent": {"type": "string", "description": "W3C traceparent"},
        "ce_dataclassification": {"type": "string", "enum": ["public", "internal", "confidential"]},
    },
}


def _component_name(event_type: str) -> str:
    parts = re.split(r"[._]", event_type)
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def event_json_schema(event: type[IntegrationEvent], ref_prefix: str = "#/$defs/") -> dict:
    schema = event.model_json_schema(ref_template=ref_prefix + "{model}")
    schema["title"] = event.event_type
    schema["x-topic"] = event.topic
    schema["x-classification"] = event.classification.value
    return schema


def _message(event: type[IntegrationEvent], schemas: dict) -> dict:
    name = _component_name(event.event_type)
    schema = event_json_schema(event, ref_prefix="#/components/schemas/")
    schemas.update(schema.pop("$defs", {}))
    schemas[name] = schema
    return {
        "name": event.event_type,
        "title": event.event_type,
        "summary": event.summary or (event.__doc__ or "").strip().split("\n")[0],
        "contentType": "application/json",
        "headers": _CE_HEADERS,
        "payload": {"$ref": f"#/components/schemas/{name}"},
        "bindings": {"kafka": {"key": {"type": "string", "description": "aggregate id"}}},
        "x-data-classification": event.classification.value,
    }


def asyncapi_document(
    *,
    service: str,
    version: str,
    publishes: Iterable[type[IntegrationEvent]],
    consumes: Iterable[type[IntegrationEvent]] = (),
    bootstrap: str = "kafka:9092",
) -> dict:
    """An AsyncAPI 3.0 document: one channel per topic, a send/receive operation per channel."""
    messages: dict[str, dict] = {}
    schemas: dict[str, dict] = {}
    channels: dict[str, dict] = {}
    operations: dict[str, dict] = {}
    for action, events in (("send", publishes), ("receive", consumes)):
        for event in events:
            msg_name = _component_name(event.event_type)
            messages[msg_name] = _message(event, schemas)
            channel_id = event.topic.replace(".", "_")
            channel = channels.setdefault(channel_id, {"address": event.topic, "messages": {}})
            channel["messages"][msg_name] = {"$ref": f"#/components/messages/{msg_name}"}
            op_id = f"{action}_{channel_id}"
            op = operations.setdefault(
                op_id, {"action": action, "channel": {"$ref": f"#/channels/{channel_id}"}, "messages": []}
            )
            op["messages"].append({"$ref": f"#/channels/{channel_id}/messages/{msg_name}"})
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"{service} events",
            "version": version,
            "description": "CloudEvents 1.0 in Kafka binary mode; key = ce_subject = aggregate id.",
        },
        "defaultContentType": "application/json",
        "servers": {"kafka": {"host": bootstrap, "protocol": "kafka"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
