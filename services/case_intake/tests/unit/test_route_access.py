"""Guard: every route of case_intake declares its access — a scope, or PUBLIC — next to it (issue 10)."""

from case_intake.api.app import create_app
from case_intake.settings import Settings
from platform_runtime.dependencies import api_routes, declared_access, undeclared_routes

#: (method, path) -> what the README's endpoint table says each business route requires
EXPECTED = {
    ("POST", "/api/v1/clues"): "clues:write",
    ("GET", "/api/v1/clues"): "clues:read",
    ("GET", "/api/v1/clues/{clue_id}"): "clues:read",
    ("POST", "/api/v1/clues/{clue_id}/pauses"): "clues:write",
    ("POST", "/api/v1/clues/{clue_id}/resume"): "clues:write",
    ("POST", "/api/v1/clues/{clue_id}/extensions"): "clues:write",
    ("POST", "/api/v1/clues/{clue_id}/not-filed"): "clues:write",
    ("POST", "/api/v1/clues/{clue_id}/case"): "cases:write",
    ("POST", "/api/v1/cases/on-the-spot"): "cases:write",
    ("GET", "/api/v1/cases"): "cases:read",
    ("GET", "/api/v1/cases/{case_id}"): "cases:read",
    ("GET", "/api/v1/cases/{case_id}/record"): "cases:read",
    ("GET", "/api/v1/cases/{case_id}/record/verification"): "cases:read",
    ("POST", "/api/v1/cases/{case_id}/recusals/{recusal_id}/decision"): "cases:write",
    ("POST", "/api/v1/cases/{case_id}/statements/{statement_id}/reexamination"): "cases:write",
    ("GET", "/api/v1/publicity"): "publicity:read",
    ("GET", "/api/v1/publicity/{publicity_id}"): "publicity:read",
    ("POST", "/api/v1/publicity/{publicity_id}/publication"): "publicity:write",
    ("POST", "/api/v1/publicity/{publicity_id}/withdrawal"): "publicity:write",
    ("POST", "/api/v1/publicity/{publicity_id}/credit-repair"): "publicity:write",
    ("GET", "/api/v1/published-decisions"): "public",
    ("POST", "/api/v1/flexible-measures"): "flexible-measures:write",
    ("GET", "/api/v1/flexible-measures"): "flexible-measures:read",
    ("GET", "/api/v1/flexible-measures/{measure_id}"): "flexible-measures:read",
    ("POST", "/api/v1/flexible-measures/{measure_id}/mediation-steps"): "flexible-measures:write",
    ("GET", "/api/v1/reports/flexible-enforcement"): "reports:read",
    ("GET", "/api/v1/calendar/notices"): "calendar:admin",  # platform_runtime.calendar_routes
    ("PUT", "/api/v1/calendar/notices/{year}"): "calendar:admin",
}
CASE_STEPS = ("officers", "recusals", "evidence", "notice", "waivers", "statements", "hearing/request",
              "hearing/schedule", "hearing/held", "review-requests", "collective-discussion", "decision",
              "decision-changes", "service", "payments", "closure", "transfer", "clock-pauses", "clock-resumptions",
              "extensions", "simple-filing")


def _routes(app) -> dict[tuple[str, str], str | None]:
    return {(method, route.path): declared_access(route) for route in api_routes(app) for method in route.methods}


def test_every_route_declares_a_scope_or_public():
    assert undeclared_routes(create_app(Settings())) == []


def test_each_business_route_requires_the_scope_its_contract_names():
    routes = _routes(create_app(Settings()))
    expected = EXPECTED | {("POST", f"/api/v1/cases/{{case_id}}/{step}"): "cases:write" for step in CASE_STEPS}
    assert {key: routes.get(key) for key in expected} == expected
    public = sorted(key for key, access in routes.items() if access == "public")
    assert public == [("GET", "/api/v1/published-decisions")]  # the one route meant for the public
