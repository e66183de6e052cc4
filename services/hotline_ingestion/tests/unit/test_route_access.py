"""Every route declares who may call it (scope or public), and the declaration is the one the contract names."""

from hotline_ingestion.api.app import create_app
from hotline_ingestion.settings import Settings
from platform_runtime.dependencies import undeclared_routes

#: README (contract sheet): the scope of each route of this service; "public" needs no token.
CONTRACT = {
    "POST /api/v1/work-orders": "workorders:write",
    "POST /api/v1/work-orders/bulk": "workorders:write",
    "GET /api/v1/work-orders": "workorders:read",
    "GET /api/v1/work-orders/{work_order_id}": "workorders:read",
    "GET /api/v1/work-orders/{work_order_id}/routing-suggestions": "workorders:read",
    "POST /api/v1/work-orders/{work_order_id}/actions": "workorders:read",  # + the action's own, checked inside
    "GET /api/v1/webhook-deliveries": "webhooks:read",  # feedback deliveries: platform_runtime.webhook_routes
    "POST /api/v1/webhook-deliveries/{delivery_id}/replay": "webhooks:replay",
    "POST /api/v1/webhook-deliveries/{delivery_id}/skip": "webhooks:replay",
    "GET /api/v1/analytics/hotspots": "analytics:read",
    "GET /api/v1/analytics/departments": "analytics:read",
    "GET /open311/v2/services.json": "public",
    "GET /open311/v2/requests.json": "public",
    "GET /open311/v2/requests/{service_request_id}.json": "public",
    "POST /open311/v2/requests.json": "workorders:write",
    "GET /api/v1/calendar/notices": "calendar:admin",  # holiday notices: platform_runtime.calendar_routes
    "PUT /api/v1/calendar/notices/{year}": "calendar:admin",
}
_SHARED = ("/api/v1/dead-letters", "/api/v1/audit-log",  # every service's, declared in platform_runtime
           "/api/v1/outbox/")


def _declared(operation: dict) -> str | None:
    """What the OpenAPI document tells a client: the scopes of the operation, or public."""
    if operation.get("x-public") and operation.get("security") == []:
        return "public"
    requirements = operation.get("security") or []
    return " ".join(sorted({s for r in requirements for scopes in r.values() for s in scopes})) or None


def test_every_route_declares_a_scope_or_public():
    assert undeclared_routes(create_app(Settings())) == []


def test_each_route_requires_the_scope_of_its_contract_in_openapi():
    paths = create_app(Settings()).openapi()["paths"]
    declared = {f"{method.upper()} {path}": _declared(op) for path, ops in paths.items() for method, op in ops.items()
                if path.startswith(("/api/", "/open311/")) and not path.startswith(_SHARED)}
    assert declared == CONTRACT
