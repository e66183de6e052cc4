import json
from typing import ClassVar

import pytest

from platform_events import (
    Classification,
    IntegrationEvent,
    MalformedEvent,
    asyncapi_document,
    from_kafka,
    new_envelope,
    to_kafka,
)
from platform_logging import bound_context


class ThingHappened(IntegrationEvent):
    """A thing happened."""

    event_type: ClassVar[str] = "thing.happened.v1"
    topic: ClassVar[str] = "demo.thing"
    classification: ClassVar[Classification] = Classification.public
    thing_id: str


def test_binary_mode_puts_the_envelope_in_ce_headers_and_the_data_in_the_value():
    with bound_context(request_id="req-1", traceparent="00-" + "1" * 32 + "-" + "2" * 16 + "-01"):
        key, value, headers = to_kafka(new_envelope(ThingHappened(thing_id="t-1"), source="/services/demo",
                                                    subject="t-1"))
    h = dict(headers)
    assert key == b"t-1" and json.loads(value) == {"thing_id": "t-1"}
    assert h["ce_specversion"] == b"1.0" and h["ce_type"] == b"thing.happened.v1"
    assert h["ce_subject"] == b"t-1" and h["content-type"] == b"application/json"
    assert h["ce_correlationid"] == b"req-1" and h["ce_dataclassification"] == b"public"


def test_decoding_what_was_encoded_gives_the_same_event():
    env = new_envelope(ThingHappened(thing_id="t-2"), source="/services/demo", subject="t-2")
    _, value, headers = to_kafka(env)
    back = from_kafka(value, headers)
    assert (back.id, back.type, back.subject, back.json()) == (env.id, env.type, "t-2", {"thing_id": "t-2"})


@pytest.mark.parametrize("headers,value", [([], b"{}"), ([("ce_specversion", b"0.3")], b"{}")])
def test_messages_that_are_not_cloudevents_1_0_are_refused(headers, value):
    with pytest.raises(MalformedEvent):
        from_kafka(value, headers)


def test_asyncapi_has_a_channel_per_topic_and_payload_schemas_from_the_models():
    doc = asyncapi_document(service="demo", version="1", publishes=[ThingHappened])
    assert doc["channels"]["demo_thing"]["address"] == "demo.thing"
    schema = doc["components"]["schemas"]["thingHappenedV1"]
    assert schema["properties"]["thing_id"]["type"] == "string"
    assert doc["operations"]["send_demo_thing"]["action"] == "send"
