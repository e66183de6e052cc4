"""Each service's /openapi.json is a contract integrators generate clients from: it must say what really comes back.

- every operation has a unique, readable `operationId` (the function name a generated client gets);
- every error answer is documented as `application/problem+json` with the one `Problem` schema and an example,
  never FastAPI's `HTTPValidationError`, which the platform never sends;
- every success answer names its schema (a model, or a list of one), so a generated client returns typed objects.
"""

import importlib
from collections import Counter
from typing import Any

import pytest

SERVICES = ("case_intake", "hotline_ingestion", "inspection_scheduling", "legality_review", "list_management")
#: answers that are documents or text by nature, not records: the probes, Prometheus text, the AsyncAPI document
NOT_RECORDS = {"GET /healthz", "GET /readyz", "GET /metrics", "GET /asyncapi.json"}


@pytest.fixture(scope="module", params=SERVICES)
def document(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    app = importlib.import_module(f"{request.param}.api.app").create_app()
    return request.param, app.openapi()


def _operations(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", op) for path, ops in doc["paths"].items() for method, op in ops.items()]


def _named(schema: dict[str, Any] | None) -> bool:
    if not schema:
        return False
    if "$ref" in schema:
        return True
    return schema.get("type") == "array" and _named(schema.get("items"))


def test_every_operation_has_a_unique_readable_operation_id(document):
    service, doc = document
    ids = Counter(op["operationId"] for _, op in _operations(doc))
    assert [name for name, count in ids.items() if count > 1] == [], service
    assert all("_api_v1_" not in name for name in ids), service


def test_every_error_answer_is_problem_json_with_the_real_schema(document):
    service, doc = document
    assert not {"HTTPValidationError", "ValidationError"} & set(doc["components"]["schemas"]), service
    for name, op in _operations(doc):
        errors = {status: answer for status, answer in op["responses"].items() if status[0] in "45"}
        assert "503" in errors, (service, name)
        for status, answer in errors.items():
            problem = answer["content"]["application/problem+json"]
            assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}, (service, name, status)
            assert problem["example"]["status"] == int(status), (service, name, status)
        if op.get("security"):
            assert {"401", "403"} <= set(errors), (service, name)


def test_every_success_answer_names_its_schema(document):
    service, doc = document
    untyped = []
    for name, op in _operations(doc):
        success = {s: a for s, a in op["responses"].items() if s.startswith("2")}
        schemas = [media.get("schema") for answer in success.values() for media in answer.get("content", {}).values()]
        if name not in NOT_RECORDS and "204" not in success and not any(_named(s) for s in schemas):
            untyped.append(name)
    assert untyped == [], service


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_list_is_items_and_next_cursor(document):
    """One list shape everywhere, so one pager reads them all; GeoReport's own arrays (Open311) are its standard's."""
    service, doc = document
    bare = []
    for name, op in _operations(doc):
        for answer in (a for s, a in op["responses"].items() if s.startswith("2")):
            for schema in (m.get("schema") or {} for m in answer.get("content", {}).values()):
                resolved = _resolve(doc, schema)
                if resolved.get("type") == "array" and "/open311/" not in name:
                    bare.append(name)
                if set(resolved.get("properties", {})) == {"items"}:  # a page that forgot its cursor
                    bare.append(name)
    assert bare == [], service
