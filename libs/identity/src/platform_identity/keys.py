"""The issuer's signing keys: found through its metadata, fetched asynchronously, cached, refreshed with care.

An unknown `kid` (the issuer rotated its keys) triggers one refresh — one request however many callers wait for
it (single flight), and at most one per cooldown, so a flood of tokens with made-up `kid`s cannot make the
service hammer the issuer. Keys older than `jwks_max_age_s` are refreshed in the background while the old ones
keep serving. Until keys were loaded once, verification answers 503 (the caller is not at fault).
"""

import asyncio
import time

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from platform_logging import get_logger
from platform_settings import IdentitySettings

log = get_logger(__name__)
#: While no keys were ever loaded, requests try the issuer again at most this often.
_RETRY_UNLOADED_S = 1.0
_METADATA_PATHS = ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")


class IssuerUnavailable(Exception):
    """The issuer's metadata or keys could not be had: no token can be checked right now (503, never 401)."""


class IssuerKeys:
    def __init__(self, settings: IdentitySettings, http: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self._http = http or httpx.AsyncClient(timeout=settings.http_timeout_s)
        self._keys: KeySet | None = None
        self._metadata: dict | None = None
        self._loaded_at = 0.0
        self._last_attempt = float("-inf")
        self._last_forced = float("-inf")  # the last refresh an unknown `kid` caused
        self._last_error: str | None = None
        self._inflight: asyncio.Task | None = None

    @property
    def loaded(self) -> bool:
        return self._keys is not None

    @property
    def metadata(self) -> dict | None:
        return self._metadata

    async def key(self, kid: str | None) -> Key:
        """The verification key named `kid` (or the only key, when the token names none)."""
        if self._keys is None:
            if self._inflight is not None and not self._inflight.done():  # the first fetch is under way: wait
                await asyncio.shield(self._inflight)
            elif time.monotonic() - self._last_attempt >= _RETRY_UNLOADED_S:  # not just found down: try again
                await self._refreshed()
            if self._keys is None:
                raise IssuerUnavailable(self._last_error or "keys not loaded")
        elif time.monotonic() - self._loaded_at > self.settings.jwks_max_age_s:
            self._refresh_in_background()
        found = self._find(kid)
        if found is None and self._inflight is not None and not self._inflight.done():
            await asyncio.shield(self._inflight)  # a refresh is under way: its keys may be the ones wanted
            found = self._find(kid)
        if found is None and time.monotonic() - self._last_forced >= self.settings.jwks_refresh_cooldown_s:
            self._last_forced = time.monotonic()
            await self.refresh()
            found = self._find(kid)
        if found is None:
            raise LookupError(f"no key {kid!r} in the issuer's key set")
        return found

    def _find(self, kid: str | None) -> Key | None:
        keys = list(self._keys or [])
        if kid is None:
            return keys[0] if len(keys) == 1 else None
        return next((k for k in keys if k.kid == kid), None)

    async def refresh(self) -> None:
        """Fetch metadata (once) and keys; concurrent callers share one fetch. Raises IssuerUnavailable."""
        await self._refreshed()
        if self._keys is None:
            raise IssuerUnavailable(self._last_error or "keys not loaded")

    async def _refreshed(self) -> None:
        if self._inflight is None or self._inflight.done():
            self._inflight = asyncio.create_task(self._fetch())
        await asyncio.shield(self._inflight)

    async def refresh_quietly(self) -> None:
        """The first load at start-up: a failure is logged (by `_fetch`) and reported by readiness, not raised."""
        try:
            await self.refresh()
        except IssuerUnavailable:
            pass

    def _refresh_in_background(self) -> None:
        if self._inflight is None or self._inflight.done():
            self._inflight = asyncio.create_task(self._fetch())

    async def _fetch(self) -> None:
        self._last_attempt = time.monotonic()
        try:
            metadata = self._metadata or await self._discover()
            response = await self._http.get(metadata["jwks_uri"])
            response.raise_for_status()
            keys = KeySet.import_key_set(response.json())
        except (httpx.HTTPError, KeyError, ValueError, JoseError) as exc:
            self._last_error = f"{self.settings.issuer}: {type(exc).__name__}: {exc}"[:300]
            log.warning("issuer_keys_unavailable", issuer=self.settings.issuer, error=self._last_error)
            return
        self._metadata, self._keys, self._loaded_at, self._last_error = metadata, keys, time.monotonic(), None
        log.info("issuer_keys_loaded", issuer=self.settings.issuer, kids=[k.kid for k in keys])

    async def _discover(self) -> dict:
        """OpenID discovery first, then RFC 8414; the metadata must name this very issuer."""
        base = self.settings.issuer.rstrip("/")
        last: Exception | None = None
        for path in _METADATA_PATHS:
            try:
                response = await self._http.get(base + path)
                response.raise_for_status()
                metadata = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                last = exc
                continue
            if metadata.get("issuer") != self.settings.issuer:
                raise ValueError(f"metadata names issuer {metadata.get('issuer')!r}, expected {self.settings.issuer!r}")
            return metadata
        raise last or ValueError("no metadata")

    async def readiness(self) -> str | None:
        """For /readyz: None when keys are loaded, else what is wrong, naming the issuer."""
        if self._keys is None:
            try:
                await self.refresh()
            except IssuerUnavailable as exc:
                return f"issuer {self.settings.issuer} unreachable: {exc}"
        return None

    async def close(self) -> None:
        if self._inflight is not None and not self._inflight.done():
            self._inflight.cancel()
        await self._http.aclose()
