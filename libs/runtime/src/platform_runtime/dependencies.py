"""The one seam between routes and the service: who calls (verified), what they may do, and the service itself.

Every business route declares its permission next to it, in one of two ways:

    async def dispatch(..., caller: Annotated[Caller, require("workorders:dispatch")]) -> ...
    @router.get("/services.json", dependencies=[PUBLIC])          # meant for the public, no token

`require` verifies the bearer token (RFC 9068, platform_identity), checks the scopes, binds the caller to the
log context and to the audit trail (platform_db.audit), and shows the scopes in OpenAPI. A route that declares
neither fails the guard test `assert_every_route_declares_access`.
"""

from collections.abc import Iterator
from typing import Annotated, Any

import structlog
from fastapi import Depends, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import OAuth2, SecurityScopes
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_db.audit import AuditActor, current_actor
from platform_identity import Caller, InvalidToken, TokenVerifier

SCHEME = "platform_oauth2"


class BearerToken(OAuth2):
    """The bearer token of the request (or None); answers are ours (problem+json, RFC 6750 WWW-Authenticate)."""

    def __init__(self) -> None:
        flows = OAuthFlows(clientCredentials=OAuthFlowClientCredentials(tokenUrl="/token", scopes={}))
        super().__init__(flows=flows, scheme_name=SCHEME, auto_error=False,
                         description="OAuth 2.0 access token (RFC 9068 JWT) from the platform's issuer: client "
                                     "credentials for systems, RFC 8693 token exchange for a system acting for a person")

    async def __call__(self, request: Request) -> str | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None


bearer = BearerToken()


class Unauthenticated(Exception):
    """401: no token, or one this platform does not accept (`error` is the RFC 6750 code)."""

    def __init__(self, detail: str, *, error: str | None = None) -> None:
        super().__init__(detail)
        self.detail, self.error = detail, error


class InsufficientScope(Exception):
    """403: a valid token without the scope the route requires."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(" ".join(missing))
        self.missing = missing


async def authenticate(request: Request, required: SecurityScopes,
                       token: Annotated[str | None, Depends(bearer)]) -> Caller:
    if token is None:
        raise Unauthenticated("This route needs an access token: Authorization: Bearer <token>.")
    verifier: TokenVerifier = request.app.state.identity
    try:
        caller = await verifier.verify(token)
    except InvalidToken as exc:
        raise Unauthenticated(f"The access token is not accepted: {exc}", error="invalid_token") from exc
    missing = [scope for scope in required.scopes if scope not in caller.scopes]
    if missing:
        raise InsufficientScope(missing)
    _bind(request, caller)
    return caller


def _bind(request: Request, caller: Caller) -> None:
    """The caller reaches the log lines and the audit rows of this request (same task: contextvars carry)."""
    structlog.contextvars.bind_contextvars(client_id=caller.client_id, subject=caller.subject)
    current_actor.set(AuditActor(
        client_id=caller.client_id, subject=caller.subject, acting_client=caller.acting_client,
        scopes=caller.sorted_scopes, agencies=caller.agencies, region=caller.region,
        request_id=request.scope.get("state", {}).get("request_id"), method=request.method,
        route=request.scope["root_path"] + request.scope["path"]))


def require(*scopes: str) -> Any:  # noqa: ANN401 - a FastAPI Security marker, used inside Annotated
    """The verified caller, holding every one of `scopes` (the route's permission, declared where the route is)."""
    if not scopes:
        raise ValueError("a protected route names at least one scope; a public one uses PUBLIC")
    return Security(authenticate, scopes=list(scopes))


async def _public() -> None:
    """Marks a route meant for the public (published decisions, draw verification …): no token is read."""


PUBLIC = Depends(_public)
#: OpenAPI of a public operation: an empty security requirement overrides any default.
PUBLIC_OPENAPI = {"security": [], "x-public": True}


async def known_query_parameters(request: Request) -> None:
    """A query parameter the route does not declare is a 422, never silently ignored (a misspelt filter would
    otherwise answer everything). Installed for every route of every service by the app factory."""
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    known = _QUERY_NAMES.get(id(route))
    if known is None:
        known = _QUERY_NAMES[id(route)] = frozenset(_query_names(route.dependant))
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        raise RequestValidationError([{"loc": ("query", name), "type": "extra_forbidden",
                                       "msg": f"unknown query parameter; this route knows: {', '.join(sorted(known)) or 'none'}"}
                                      for name in unknown])


_QUERY_NAMES: dict[int, frozenset[str]] = {}


def _query_names(dependant: Any) -> Iterator[str]:  # noqa: ANN401 - fastapi.dependencies.models.Dependant
    for field in dependant.query_params:
        yield field.alias
    for sub in dependant.dependencies:
        yield from _query_names(sub)


async def services(request: Request) -> Any:  # noqa: ANN401 - each service annotates its own Services type
    return request.app.state.container.services


async def engine(request: Request) -> AsyncEngine:
    return request.app.state.container.engine


async def runtime(request: Request) -> Any:  # noqa: ANN401 - the ServiceRuntime (typed by the caller to avoid a cycle)
    return request.app.state.container


EngineDep = Annotated[AsyncEngine, Depends(engine)]
RuntimeDep = Annotated[Any, Depends(runtime)]


def _calls(dependant: Any) -> Iterator[Any]:  # noqa: ANN401 - fastapi.dependencies.models.Dependant
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def api_routes(app: Any) -> Iterator[Any]:  # noqa: ANN401 - a FastAPI app; yields fastapi RouteContexts
    """Every path operation of the app with its effective path (router prefixes included)."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def declared_access(route: Any) -> str | None:  # noqa: ANN401 - an APIRoute or a RouteContext
    """'public', the scopes the route requires ('a b'), or None when it declares nothing."""
    calls = list(_calls(route.dependant))
    if _public in calls:
        return "public"
    scopes = sorted(set(_scopes_of(route.dependant)))
    return " ".join(scopes) if authenticate in calls else None


def _scopes_of(dependant: Any) -> Iterator[str]:  # noqa: ANN401
    if dependant.call is authenticate:
        yield from dependant.own_oauth_scopes or []
    for sub in dependant.dependencies:
        yield from _scopes_of(sub)


#: Open without a token by convention (CONVENTIONS.md: Identity), besides routes marked PUBLIC.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect",
                        "/redoc", "/asyncapi.json", "/problems", "/problems/{slug}", "/rules", "/rules/{rule_id}"})
#: OpenAPI extension of a route that carries several actions, each needing its own scope (checked inside the
#: route): {"<action>": "<scope>"}; `app_scopes` counts them.
ACTION_SCOPES = "x-action-scopes"


def undeclared_routes(app: Any) -> list[str]:  # noqa: ANN401 - a FastAPI app
    """Routes that declare neither a scope nor PUBLIC (the guard test fails on any)."""
    return [f"{','.join(sorted(r.methods))} {r.path}" for r in api_routes(app)
            if r.path not in OPEN_PATHS and declared_access(r) is None]


def app_scopes(app: Any) -> set[str]:  # noqa: ANN401 - a FastAPI app
    """Every scope the app's routes require (what a client that may do everything there holds)."""
    found: set[str] = set()
    for route in api_routes(app):
        found |= {s for s in (declared_access(route) or "").split() if s != "public"}
        found |= set(((route.openapi_extra or {}).get(ACTION_SCOPES) or {}).values())
    return found


__all__ = ["ACTION_SCOPES", "PUBLIC", "PUBLIC_OPENAPI", "EngineDep", "RuntimeDep", "api_routes", "app_scopes",
           "declared_access", "engine", "require", "runtime", "services", "undeclared_routes"]
