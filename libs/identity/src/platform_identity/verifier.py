"""Checks a bearer token against the RFC 9068 profile and turns it into a `Caller`.

Accepted only: a JWS signed with an allowed asymmetric algorithm by a key of the configured issuer, header `typ`
`at+jwt`, exact `iss`, the platform's `aud`, `exp`/`nbf`/`iat` within a small leeway, and the claims RFC 9068
requires (`sub`, `client_id`, `jti`). The signature is joserfc's; nothing here signs or verifies by hand.
"""

import json
import time
from collections import OrderedDict

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwt import JWTClaimsRegistry

from platform_identity.caller import Caller
from platform_identity.keys import IssuerKeys
from platform_settings import IdentitySettings

#: RFC 9068 §2.1: `at+jwt`; `application/at+jwt` is the same media type written in full.
ACCESS_TOKEN_TYPES = ("at+jwt", "application/at+jwt")
_MAX_TOKEN_BYTES = 16_384


class InvalidToken(Exception):
    """The token is not one this platform accepts (401 `invalid_token`); the message says why, never the token."""


class TokenVerifier:
    """Verifies tokens; a token already verified is answered from memory until it expires.

    A JWT access token is self-contained: checking it again before `exp` can only give the same answer (the
    platform does not revoke tokens before expiry; a short token lifetime is the control). The memory is bounded.
    """

    def __init__(self, settings: IdentitySettings, keys: IssuerKeys | None = None, *, remembered: int = 4096) -> None:
        self.settings = settings
        self.keys = keys or IssuerKeys(settings)
        self._algorithms = list(settings.algorithms)
        self._verified: OrderedDict[str, tuple[Caller, float]] = OrderedDict()
        self._remembered = remembered
        self._registry = self._claims_registry()

    def _claims_registry(self) -> JWTClaimsRegistry:
        essential = {"essential": True}
        return JWTClaimsRegistry(leeway=self.settings.leeway_s, iss={"essential": True, "value": self.settings.issuer},
                                 aud={"essential": True, "value": self.settings.audience}, exp=essential,
                                 iat=essential, sub=essential, client_id=essential, jti=essential)

    async def verify(self, token: str) -> Caller:
        """The caller the token proves; InvalidToken if it proves nothing, IssuerUnavailable if keys are away."""
        known = self._verified.get(token)
        if known is not None:
            if time.time() < known[1] + self.settings.leeway_s:
                return known[0]
            del self._verified[token]
            raise InvalidToken("expired_token: the token has expired")
        caller, expires_at = await self._verify(token)
        self._verified[token] = (caller, expires_at)
        if len(self._verified) > self._remembered:
            self._verified.popitem(last=False)
        return caller

    async def _verify(self, token: str) -> tuple[Caller, float]:
        if len(token) > _MAX_TOKEN_BYTES:
            raise InvalidToken("token too large")
        try:
            compact = jws.extract_compact(token.encode("ascii"))
            header = compact.headers()
        except (JoseError, ValueError, UnicodeError) as exc:
            raise InvalidToken("not a JWS compact token") from exc
        if header.get("typ") not in ACCESS_TOKEN_TYPES:
            raise InvalidToken("header typ must be at+jwt (RFC 9068)")
        if header.get("alg") not in self._algorithms:
            raise InvalidToken(f"algorithm {header.get('alg')!r} is not accepted")
        try:
            key = await self.keys.key(header.get("kid"))
        except LookupError as exc:
            raise InvalidToken("signed by an unknown key") from exc
        try:
            if not jws.validate_compact(compact, key, algorithms=self._algorithms):
                raise InvalidToken("bad signature")
            claims = json.loads(compact.payload)
            if not isinstance(claims, dict):
                raise InvalidToken("claims are not a JSON object")
            self._registry.validate(claims)
        except JoseError as exc:
            raise InvalidToken(_describe(exc)) from exc
        except ValueError as exc:
            raise InvalidToken("claims are not JSON") from exc
        return _caller(claims), float(claims["exp"])


def _describe(exc: JoseError) -> str:
    return f"{exc.error}: {exc.description}" if getattr(exc, "description", None) else str(exc.error)


def _caller(claims: dict) -> Caller:
    scope = claims.get("scope", "")
    act = claims.get("act")
    agencies = claims.get("agencies") or []
    if not isinstance(scope, str) or not isinstance(agencies, list) or not all(isinstance(a, str) for a in agencies):
        raise InvalidToken("malformed scope or agencies claim")
    data_scope = claims.get("data_scope", "agency")
    if data_scope not in ("agency", "region"):
        raise InvalidToken("malformed data_scope claim")
    region = claims.get("region", "")
    if not isinstance(region, str) or (region and not region.isdigit()):
        raise InvalidToken("malformed region claim")
    return Caller(client_id=str(claims["client_id"]), subject=str(claims["sub"]), scopes=frozenset(scope.split()),
                  agencies=tuple(agencies), region=region, data_scope=data_scope,
                  clearance=str(claims.get("clearance", "internal")),
                  acting_client=str(act["sub"]) if isinstance(act, dict) and "sub" in act else None,
                  token_id=str(claims["jti"]))
