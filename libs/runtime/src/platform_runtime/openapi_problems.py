"""The error answers of every operation, documented as what they really are: RFC 9457 problem+json.

FastAPI documents a 422 with its own `HTTPValidationError` shape, which this platform never sends; integrators
generating clients from `/openapi.json` would get the wrong model. Here every operation gets the problem answers it
can give — 422 when it takes input, 401 and 403 when it needs a token, 404 when it names a record (in its path, or
declared by the route for one named in its body), 409 when it changes one, 503 always — each `application/problem+json` with the one `Problem` schema and an example.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from platform_http import PROBLEM_JSON


class FieldReason(BaseModel):
    field: str = Field(description="The field refused, dotted for nested ones (`items.3.phone`)")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details; members beyond these (`allowed`, `missing`, `required_scopes` …) may follow."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    type: str = Field(description="`/problems/{slug}`: resolves on this service to what the kind means")
    title: str = Field(description="Chinese, or English on `Accept-Language: en`")
    status: int
    detail: str
    instance: str | None = None
    rule: str | None = Field(None, description="The rule id (docs/rules.md) when a legal rule refused")
    errors: list[FieldReason] = Field(default_factory=list, description="One reason per refused field")


_EXAMPLES: dict[str, dict[str, Any]] = {
    "401": {"type": "/problems/unauthenticated", "title": "需要身份认证", "status": 401,
            "detail": "a bearer access token is required"},
    "403": {"type": "/problems/insufficient-scope", "title": "访问令牌缺少所需权限范围", "status": 403,
            "detail": "访问令牌缺少此路由所需的权限范围：cases:write。", "required_scopes": ["cases:write"]},
    "404": {"type": "/problems/not-found", "title": "记录不存在", "status": 404, "detail": "no such record"},
    "409": {"type": "/problems/invalid-transition", "title": "当前状态下不允许此操作", "status": 409,
            "detail": "办结 is not allowed while the order is 受理", "rule": "H-2", "allowed": ["派单", "不予受理"]},
    "422": {"type": "/problems/validation", "title": "请求字段无效", "status": 422, "detail": "请求中有无效字段。",
            "errors": [{"field": "received_at", "message": "Input should be a valid datetime"}]},
    "503": {"type": "/problems/unavailable", "title": "数据库暂不可用", "status": 503,
            "detail": "数据库暂时无法连接；未作任何更改。"},
}
_EXAMPLES["400"] = {**_EXAMPLES["422"], "type": "/problems/open311-400", "title": "Open311 请求无效", "status": 400}
_DESCRIPTIONS = {"400": "Invalid input (the route's own format, or problem+json when asked for)", "401": "No valid access token", "403": "The token lacks the scope, or the caller may not act",
                 "404": "No such record within the caller's data scope", "409": "Conflicts with the record's state",
                 "422": "Invalid input, or refused by a legal rule (`rule`)", "503": "A dependency is down; retry"}

#: what a route that refuses with its own 400 can still answer 422: the edge's refusal before any route reads the
#: request (platform_http.NulGuardMiddleware)
_EDGE_422 = ("NUL characters (U+0000) in the query, path or body, or an unpaired surrogate escape in the body, "
             "refused before the route reads the request")


def document_problems(schema: dict[str, Any]) -> None:
    """Rewrite `schema` (an OpenAPI document) in place: the real problem answers of every operation."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(Problem.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {}))
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if "400" in responses:  # refuses bad input with 400 in its own format (GeoReport); 422 is only the edge's
                responses["422"] = _response("422", _EDGE_422)
            # the route may declare more, e.g. a 404 for a record its body names: each is a problem answer too
            own = {status for status in responses if status[0] in "45" and status in _EXAMPLES}
            for status in sorted({*_statuses(path, method, operation, refuses_with_400="400" in responses), *own}):
                declared = responses.get(status, {})
                if "HTTPValidationError" in str(declared) or not declared:
                    responses[status] = _response(status)
                else:  # a route that documents its own answer (Open311's GeoReport errors) keeps it, plus ours
                    declared.setdefault("content", {})[PROBLEM_JSON] = _response(status)["content"][PROBLEM_JSON]


def _statuses(path: str, method: str, operation: dict[str, Any], *, refuses_with_400: bool) -> list[str]:
    params = operation.get("parameters", [])
    statuses = ["503"]
    if params or "requestBody" in operation:
        statuses.append("400" if refuses_with_400 else "422")
    if operation.get("security"):
        statuses += ["401", "403"]
    if any(p.get("in") == "path" for p in params):
        statuses.append("404")
    if method in {"post", "put", "patch", "delete"} and path.startswith("/api/"):
        statuses.append("409")
    return sorted(statuses)


def _response(status: str, description: str | None = None) -> dict[str, Any]:
    return {"description": description or _DESCRIPTIONS[status],
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"},
                                       "example": _EXAMPLES[status]}}}
