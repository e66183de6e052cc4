"""Every route declares who may call it (a scope, or PUBLIC), with the scopes of the platform's vocabulary."""

from fastapi.openapi.utils import get_openapi

from legality_review.api.app import create_app
from legality_review.settings import Settings
from platform_runtime.dependencies import OPEN_PATHS, undeclared_routes

SCOPES = {"reviews:read", "reviews:write", "reviews:conclude", "reviewers:read", "reviewers:write",
          "file-reviews:read", "file-reviews:write", "statistics:read",
          "dead-letters:read", "dead-letters:replay", "audit:read",  # every service's operations …
          "events:reconcile", "outbox:republish",  # … and its outbox ledger (platform_runtime.outbox_routes)
          "calendar:admin"}  # holiday notices, platform_runtime.calendar_routes


def _operations() -> dict[str, list[dict]]:
    """"METHOD /path" -> its OpenAPI security requirements, for every route the app serves (routers included)."""
    app = create_app(Settings())
    doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
    return {f"{method.upper()} {path}": operation.get("security") for path, operations in doc["paths"].items()
            for method, operation in operations.items() if path not in OPEN_PATHS}


def _scopes(requirements: list[dict] | None) -> set[str]:
    return {scope for requirement in requirements or [] for scopes in requirement.values() for scope in scopes}


def test_every_route_declares_its_scope_and_none_is_public():
    assert undeclared_routes(create_app(Settings())) == []
    operations = _operations()
    assert len(operations) >= 25, operations  # every business route was looked at
    undeclared = [route for route, requirements in operations.items() if not _scopes(requirements)]
    assert undeclared == []  # none without a scope; none public (no empty requirement)
    assert set().union(*map(_scopes, operations.values())) <= SCOPES


def test_l2_the_conclusion_needs_its_own_scope_and_file_review_acts_the_supervisor_s():
    operations = _operations()
    assert _scopes(operations["POST /api/v1/reviews/{review_id}/conclusion"]) == {"reviews:conclude"}
    for act in ("/file-review-campaigns", "/file-review-campaigns/{campaign_id}/draw",
                "/file-reviews/{file_review_id}/scores", "/rectifications/{item_id}/closure"):
        assert _scopes(operations[f"POST /api/v1{act}"]) == {"file-reviews:write"}, act
