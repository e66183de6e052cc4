"""What other departments see: the AsyncAPI document and the CloudEvents on the wire (librdkafka client)."""

import asyncio
import json
from pathlib import Path

import jsonschema
from cloudevents.v1.kafka import KafkaMessage, from_binary

SCHEMA = Path(__file__).resolve().parents[4] / "tests" / "contract" / "schemas" / "asyncapi-3.0.0.json"


async def test_asyncapi_json_is_a_valid_asyncapi_3_document_listing_every_published_type(client):
    doc = (await client.get("/asyncapi.json")).json()
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert doc["asyncapi"] == "3.0.0"
    names = {m["name"] for m in doc["components"]["messages"].values()}
    assert {"leniency_list.published.v1", "benchmark.published.v1", "personnel.registered.v1",
            "certificate.status_changed.v1", "case.filed.v1"} <= names
    assert doc["channels"]["list_management_list"]["address"] == "list_management.list"
    assert doc["operations"]["receive_case_intake_case"]["action"] == "receive"


async def test_a_librdkafka_subscriber_reading_the_list_topic_sees_a_cloudevent_for_a_published_list(
    client, build, uid, local_stack, first_message
):
    dept, matter = f"D{uid}", f"M{uid}"
    await client.post("/api/v1/departments", json=build.department(dept))
    await client.post("/api/v1/matters", json=build.matter(matter, dept))
    draft = (await client.post("/api/v1/lists", json={"department_code": dept, "title": "不予处罚清单",
                                                      "body": build.no_penalty_list(matter)})).json()
    published = (await client.post(f"/api/v1/lists/{draft['id']}/publish",
                                   json={"effective_from": "2025-01-01"},
                                   headers={"X-Request-ID": f"req-{uid}"})).json()

    msg = await asyncio.to_thread(first_message, local_stack.broker.bootstrap, "list_management.list",
                                  lambda m: m.key() == published["series_key"].encode())
    headers = {k: v.decode() for k, v in msg.headers()}
    assert {"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time"} <= headers.keys()
    assert headers["ce_type"] == "leniency_list.published.v1"
    assert headers["ce_source"] == "/services/list_management"
    assert headers["ce_subject"] == published["series_key"]
    assert headers["ce_dataclassification"] == "public"
    assert headers["ce_correlationid"] == f"req-{uid}"  # the request that caused it
    value = json.loads(msg.value())
    assert value["list_id"] == published["id"] and value["body"]["list_type"] == "不予处罚"
    # the CloudEvents SDK reads our binary-mode message as a valid CloudEvent
    event = from_binary(KafkaMessage(headers=dict(msg.headers()), key=msg.key(), value=msg.value()))
    assert event["type"] == "leniency_list.published.v1"
