"""A service's own token for calling another service (OAuth 2.0 client credentials), as an httpx `Auth`.

The token is fetched from the issuer's token endpoint on first use, reused until shortly before it expires, and
fetched once more if the called service answers 401 (e.g. the issuer rotated keys).
"""

import asyncio
import time
from collections.abc import AsyncGenerator

import httpx

from platform_settings import IdentitySettings

_RENEW_BEFORE_S = 30.0


class TokenUnavailable(Exception):
    """The issuer would not give this service a token (down, or the client is not configured there)."""


class ClientCredentials(httpx.Auth):
    def __init__(self, settings: IdentitySettings, *, scope: str | None = None, http: httpx.AsyncClient | None = None) -> None:
        if not settings.client_id or settings.client_secret is None:
            raise ValueError("identity.client_id and identity.client_secret are needed to call other services")
        self.settings = settings
        self.scope = scope
        self._http = http or httpx.AsyncClient(timeout=settings.http_timeout_s)
        self._token: str | None = None
        self._expires_at = 0.0
        self._token_endpoint: str | None = None
        self._lock = asyncio.Lock()

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = f"Bearer {await self.token()}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {await self.token(renew=True)}"
            yield request

    async def token(self, *, renew: bool = False) -> str:
        async with self._lock:  # one fetch however many requests need a token at once
            if renew or self._token is None or time.monotonic() > self._expires_at - _RENEW_BEFORE_S:
                await self._fetch()
            assert self._token is not None
            return self._token

    async def _fetch(self) -> None:
        data = {"grant_type": "client_credentials", "resource": self.settings.audience}
        if self.scope:
            data["scope"] = self.scope
        secret = self.settings.client_secret.get_secret_value() if self.settings.client_secret else ""
        try:
            endpoint = self._token_endpoint or await self._discover()
            response = await self._http.post(endpoint, data=data, auth=(self.settings.client_id, secret))
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise TokenUnavailable(f"{self.settings.issuer}: {type(exc).__name__}: {exc}"[:300]) from exc
        self._token_endpoint = endpoint
        self._token = body["access_token"]
        self._expires_at = time.monotonic() + float(body.get("expires_in", 300))

    async def _discover(self) -> str:
        response = await self._http.get(self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration")
        response.raise_for_status()
        return response.json()["token_endpoint"]

    async def aclose(self) -> None:
        await self._http.aclose()
