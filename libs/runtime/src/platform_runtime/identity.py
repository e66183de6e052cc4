"""What an app needs to be an OAuth 2.0 resource server: the verifier, its answers, its readiness, its OpenAPI.

Answers follow RFC 6750 and RFC 9457: 401 with `WWW-Authenticate: Bearer …` for a missing or refused token,
403 `insufficient_scope` naming the scope, 503 while the issuer's keys cannot be had (the caller is not at fault).
"""

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from platform_http import edge_problem
from platform_identity import IssuerUnavailable, TokenVerifier
from platform_logging import get_logger
from platform_runtime.dependencies import SCHEME, InsufficientScope, Unauthenticated, app_scopes
from platform_runtime.openapi_problems import document_problems
from platform_settings import IdentitySettings

log = get_logger(__name__)
REALM = "enforcement-platform"


def install_identity(app: FastAPI, settings: IdentitySettings) -> TokenVerifier:
    verifier = TokenVerifier(settings)
    app.state.identity = verifier
    app.add_exception_handler(Unauthenticated, _unauthenticated)
    app.add_exception_handler(InsufficientScope, _insufficient_scope)
    app.add_exception_handler(IssuerUnavailable, _issuer_unavailable)
    app.openapi = _openapi_with_token_url(app, settings)  # type: ignore[method-assign]
    return verifier


def load_keys_in_background(verifier: TokenVerifier) -> asyncio.Task:
    """Start fetching the issuer's keys without holding up start-up; /readyz reports until they are in."""
    return asyncio.create_task(verifier.keys.refresh_quietly(), name="issuer-keys")


async def _unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse:
    challenge = f'Bearer realm="{REALM}"'
    if exc.error:
        challenge += f', error="{exc.error}", error_description="{_quote(exc.detail)}"'
    response = edge_problem("unauthenticated", exc.detail)
    response.headers["WWW-Authenticate"] = challenge
    return response


async def _insufficient_scope(request: Request, exc: InsufficientScope) -> JSONResponse:
    scopes = " ".join(exc.missing)
    response = edge_problem("insufficient-scope", (f"访问令牌缺少此路由所需的权限范围：{scopes}。",
                                                   f"The access token lacks the scope this route requires: {scopes}."),
                            required_scopes=exc.missing)
    response.headers["WWW-Authenticate"] = f'Bearer realm="{REALM}", error="insufficient_scope", scope="{scopes}"'
    return response


async def _issuer_unavailable(request: Request, exc: IssuerUnavailable) -> JSONResponse:
    log.warning("issuer_unavailable", path=request.url.path, error=str(exc))
    response = edge_problem("issuer-unavailable", (
        "暂时无法取得身份认证服务的密钥，无法校验令牌；未作任何更改。",
        "The token issuer's keys cannot be had right now, so no token can be checked; nothing was changed."))
    response.headers["Retry-After"] = "5"
    return response


def _quote(text: str) -> str:
    return text.replace("\\", "").replace('"', "'")[:200]


def _openapi_with_token_url(app: FastAPI, settings: IdentitySettings) -> Callable[[], dict[str, Any]]:
    """FastAPI's document, with the configured issuer's token endpoint and the scheme's meaning spelled out."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            scheme = schema.get("components", {}).get("securitySchemes", {}).get(SCHEME)
            if scheme is not None:
                verifier: TokenVerifier = app.state.identity
                metadata = verifier.keys.metadata or {}
                token_url = metadata.get("token_endpoint") or settings.issuer.rstrip("/") + "/token"
                scheme["flows"]["clientCredentials"]["tokenUrl"] = token_url
                scheme["flows"]["clientCredentials"]["scopes"] = {
                    scope: _describe_scope(scope) for scope in sorted(app_scopes(app))}
                scheme["x-issuer"] = settings.issuer
                scheme["x-audience"] = settings.audience
            document_problems(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi


def _describe_scope(scope: str) -> str:
    resource, _, action = scope.partition(":")
    return f"{action} {resource.replace('-', ' ')}"
