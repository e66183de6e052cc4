"""Guard: every route of list_management declares its scope (or is marked public), and the scopes are the
platform's names for this service (README: "scope" column). The app is built, never started."""

from list_management.api.app import create_app
from list_management.settings import Settings
from platform_runtime.dependencies import app_scopes, undeclared_routes

SCOPES = {"departments:read", "departments:write", "matters:read", "matters:write", "personnel:read",
          "personnel:write", "lists:read", "lists:write", "lists:publish", "lists:import"}
OPERATIONS = {"dead-letters:read", "dead-letters:replay", "audit:read",  # platform_runtime.operations
              "events:reconcile", "outbox:republish"}  # platform_runtime.outbox_routes


def test_every_route_declares_a_scope_or_public():
    assert undeclared_routes(create_app(Settings())) == []


def test_the_routes_require_exactly_the_platform_scopes_of_list_management():
    assert app_scopes(create_app(Settings())) == SCOPES | OPERATIONS
