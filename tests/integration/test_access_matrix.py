"""Every route of every service, against the real local issuer: who gets in, and who does not.

For each route that is not meant for the public: no token → 401 problem+json with `WWW-Authenticate: Bearer`; a
valid token without the route's scope → 403 `insufficient_scope`; a token that is expired, for another audience,
from another issuer, unsigned (`alg: none`), tampered with, HMAC-signed with the issuer's public key, or of the
wrong type → 401 `invalid_token`. With the issuer unreachable, a token cannot be checked → 503, and /readyz names
the issuer. Tokens other than the issuer's own are forged here with the issuer's real signing key (the one a
thief would need), so each refusal is the verifier's claim check, not a bad signature.

Which agency's records each caller sees (404 for another agency's) is proven per service, where the records are:
`services/*/tests/integration/test_data_scope.py`.
"""

import base64
import contextlib
import hashlib
import hmac
import importlib
import json
import re
import time
import uuid
from pathlib import Path

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from case_intake.api.app import create_app as case_intake_app
from case_intake.settings import Settings as CaseIntakeSettings
from hotline_ingestion.api.app import create_app as hotline_app
from hotline_ingestion.settings import Settings as HotlineSettings
from inspection_scheduling.api.app import create_app as inspection_scheduling_app
from inspection_scheduling.settings import Settings as InspectionSchedulingSettings
from legality_review.api.app import create_app as legality_review_app
from legality_review.settings import Settings as LegalityReviewSettings
from list_management.api.app import create_app as list_management_app
from list_management.settings import Settings as ListManagementSettings
from platform_devstack.processes import free_port
from platform_devstack.pytest_plugin import service_settings
from platform_runtime.dependencies import api_routes, declared_access, undeclared_routes

TOPICS_FILE = Path(__file__).resolve().parents[2] / "deploy" / "topics.yaml"
APPS = {"list_management": (list_management_app, ListManagementSettings),
        "hotline_ingestion": (hotline_app, HotlineSettings),
        "case_intake": (case_intake_app, CaseIntakeSettings),
        "legality_review": (legality_review_app, LegalityReviewSettings),
        "inspection_scheduling": (inspection_scheduling_app, InspectionSchedulingSettings)}

#: The only business routes open without a token: the Open311 reads, which carry no requester data, and the
#: published (redacted) penalty decisions, which the law has published anyway (T-1).
PUBLIC_ROUTES = {"GET /open311/v2/services.json", "GET /open311/v2/requests.json",
                 "GET /open311/v2/requests/{service_request_id}.json", "GET /api/v1/published-decisions"}
#: A service whose public routes (一公开: published plans, draws, proofs and their verification, results, the visit
#: code an enterprise looks up and rates) are many names them by path instead: exactly its routes under this prefix
#: are public, and no other route of the service.
PUBLIC_PREFIXES = {"inspection_scheduling": "/api/v1/public/"}


def _routes(app) -> list[tuple[str, str, object]]:
    found = []
    for route in api_routes(app):
        if route.path.startswith(("/api/", "/open311/")):
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            found += [(method, path, route) for method in sorted(route.methods)]
    return found


@contextlib.asynccontextmanager
async def started(local_stack, name: str, identity: dict | None = None):
    """The service's app on the session's stack, started (no workers: only its routes are exercised)."""
    create, settings = APPS[name]
    package = importlib.import_module(f"{name}.bootstrap")
    kwargs = await service_settings(local_stack, name, package.migrations_dir(), TOPICS_FILE)
    if identity is not None:
        kwargs["identity"] = identity
    app = create(settings(**kwargs, run_workers_in_api=False))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="module")
async def apps(local_stack):
    async with contextlib.AsyncExitStack() as stack:
        yield {name: await stack.enter_async_context(started(local_stack, name)) for name in APPS}


async def _call(app, method: str, path: str, headers: dict) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://svc") as client:
        body = {} if method in ("POST", "PUT", "PATCH") else None
        return await client.request(method, path, headers=headers, json=body)


def _signing_key(issuer):
    keys = KeySet.import_key_set(json.loads((issuer.workdir / "keys.json").read_text()))
    return next(k for k in keys if k.key_type == "RSA")


def _forge(issuer, **changes) -> str:
    key = _signing_key(issuer)
    now = int(time.time())
    claims = {"iss": issuer.issuer, "aud": issuer.audience, "sub": "forged", "client_id": "forged", "iat": now,
              "exp": now + 300, "jti": str(uuid.uuid4()), "scope": "every:scope", "region": "", "data_scope": "region",
              "agencies": [], "clearance": "confidential"}
    header = {"alg": "RS256", "typ": changes.pop("typ", "at+jwt"), "kid": key.kid}
    return jwt.encode(header, {k: v for k, v in (claims | changes).items() if v is not None}, key)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _bad_tokens(issuer, good: str) -> dict[str, str]:
    now = int(time.time())
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    tampered = _b64(json.dumps(claims | {"agencies": ["DG-STHJ"], "data_scope": "region"}).encode())
    public_pem = _signing_key(issuer).as_pem(private=False)
    hs_input = _b64(json.dumps({"alg": "HS256", "typ": "at+jwt"}).encode()) + "." + payload
    return {
        "expired": _forge(issuer, iat=now - 3600, exp=now - 600),
        "wrong audience": _forge(issuer, aud="urn:another-platform:api"),
        "wrong issuer": _forge(issuer, iss="https://idp.elsewhere.example"),
        "not an access token (typ JWT)": _forge(issuer, typ="JWT"),
        "alg none": _b64(json.dumps({"alg": "none", "typ": "at+jwt"}).encode()) + "." + payload + ".",
        "tampered claims": f"{header}.{tampered}.{signature}",
        "HMAC with the public key": f"{hs_input}.{_b64(hmac.new(public_pem, hs_input.encode(), hashlib.sha256).digest())}",
    }


def test_every_route_declares_a_scope_or_is_public_by_name(apps):
    for name, app in apps.items():
        assert undeclared_routes(app) == [], name
        public = {f"{m} {r.path}" for m, _, r in _routes(app) if declared_access(r) == "public"}
        prefix = PUBLIC_PREFIXES.get(name)
        named = {f"{m} {r.path}" for m, _, r in _routes(app) if prefix and r.path.startswith(prefix)}
        assert public <= PUBLIC_ROUTES | named, (name, public - PUBLIC_ROUTES - named)
        assert named <= public, (name, f"routes under {prefix} that ask for a token", named - public)


async def test_no_token_missing_scope_and_bad_tokens_are_refused_on_every_route(apps, local_stack):
    tokens, issuer = local_stack.tokens, local_stack.issuer
    unrelated = await tokens.headers("nothing:read", region="", data_scope="region")
    bad = _bad_tokens(issuer, unrelated["Authorization"].removeprefix("Bearer "))
    checked = 0
    for name, app in apps.items():
        for method, path, route in _routes(app):
            if declared_access(route) == "public":
                continue
            where = f"{name} {method} {route.path}"
            answer = await _call(app, method, path, {})
            assert answer.status_code == 401, (where, answer.text)
            assert answer.headers["content-type"] == "application/problem+json", where
            assert answer.headers["www-authenticate"].startswith("Bearer "), where
            answer = await _call(app, method, path, unrelated)
            assert answer.status_code == 403, (where, answer.text)
            assert 'error="insufficient_scope"' in answer.headers["www-authenticate"], where
            for label, token in bad.items():
                answer = await _call(app, method, path, {"Authorization": f"Bearer {token}"})
                assert answer.status_code == 401, (where, label, answer.text)
                assert 'error="invalid_token"' in answer.headers["www-authenticate"], (where, label)
            checked += 1
    assert checked >= 90  # every protected route of the services


async def test_a_token_from_the_real_issuer_with_the_scope_gets_past_the_gate(apps, local_stack):
    app = apps["legality_review"]
    headers = await local_stack.tokens.headers("reviews:read", agencies=["DG-SCJG"], region="210681")
    answer = await _call(app, "GET", "/api/v1/checklist", headers)
    assert answer.status_code == 200, answer.text


async def test_with_the_issuer_unreachable_calls_are_503_and_readiness_names_the_issuer(local_stack):
    dead = f"http://127.0.0.1:{free_port()}"
    token = await local_stack.tokens.token("reviews:read", agencies=["DG-SCJG"], region="210681")
    for name in APPS:
        async with started(local_stack, name, {"issuer": dead, "audience": local_stack.issuer.audience}) as app:
            await _the_issuer_is_missed(app, name, dead, token)


async def _the_issuer_is_missed(app, name: str, dead: str, token: str) -> None:
    route = next(r for _, _, r in _routes(app) if declared_access(r) not in (None, "public") and "GET" in r.methods)
    answer = await _call(app, "GET", re.sub(r"\{[^}]+\}", "1", route.path), {"Authorization": f"Bearer {token}"})
    assert answer.status_code == 503, (name, answer.text)
    assert answer.headers["content-type"] == "application/problem+json"
    ready = await _call(app, "GET", "/readyz", {})
    assert ready.status_code == 503 and dead in ready.json()["down"]["issuer"], ready.text
