"""The verifier's rules, on keys made here and an issuer answered by an in-process transport (pure logic).

The same rules are exercised against the real local issuer in `tests/integration/test_access_matrix.py`.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import time

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

from platform_identity import ClientCredentials, InvalidToken, IssuerKeys, IssuerUnavailable, TokenVerifier
from platform_settings import IdentitySettings

ISSUER = "https://idp.example.gov.cn"
AUDIENCE = "urn:enforcement-platform:api"


class Issuer:
    """Metadata and a JWKS over an httpx MockTransport; counts key fetches; can go down."""

    def __init__(self) -> None:
        self.rsa = RSAKey.generate_key(2048, parameters={"kid": "rsa-1", "use": "sig", "alg": "RS256"})
        self.ec = ECKey.generate_key("P-256", parameters={"kid": "ec-1", "use": "sig", "alg": "ES256"})
        self.published = [self.rsa, self.ec]
        self.jwks_fetches = 0
        self.down = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            return httpx.Response(503)
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(200, json={"issuer": ISSUER, "jwks_uri": f"{ISSUER}/jwks",
                                             "token_endpoint": f"{ISSUER}/token"})
        if request.url.path == "/jwks":
            self.jwks_fetches += 1
            return httpx.Response(200, json=KeySet(self.published).as_dict(private=False))
        return httpx.Response(404)

    def verifier(self, **overrides) -> TokenVerifier:
        settings = IdentitySettings(issuer=ISSUER, audience=AUDIENCE, **overrides)
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
        return TokenVerifier(settings, IssuerKeys(settings, http))


def claims(**overrides) -> dict:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "P-001", "client_id": "dept-dg-scjg", "jti": "t-1", "iat": now,
            "exp": now + 600, "scope": "cases:read cases:write", "agencies": ["DG-SCJG"], "region": "210681",
            "data_scope": "agency", "clearance": "internal", "act": {"sub": "dept-dg-scjg"}}
    return base | overrides


def sign(key, payload: dict, *, alg: str = "RS256", typ: str = "at+jwt", kid: str | None = "rsa-1") -> str:
    header = {"alg": alg, "typ": typ} | ({"kid": kid} if kid else {})
    return jwt.encode(header, payload, key, algorithms=[alg])


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


async def test_a_valid_token_becomes_the_caller_it_names(issuer: Issuer):
    caller = await issuer.verifier().verify(sign(issuer.rsa, claims()))
    assert caller.person == "P-001" and caller.acting_client == "dept-dg-scjg"
    assert caller.scopes == {"cases:read", "cases:write"} and caller.agencies == ("DG-SCJG",)
    assert caller.sees("DG-SCJG", "210681") and not caller.sees("DG-STHJ", "210681")
    assert not caller.cleared


async def test_an_es256_token_is_accepted_and_a_client_credentials_token_names_no_person(issuer: Issuer):
    token = sign(issuer.ec, claims(sub="dept-dg-scjg", act=None), alg="ES256", kid="ec-1")
    caller = await issuer.verifier().verify(token)
    assert caller.person is None and caller.actor == "dept-dg-scjg"


@pytest.mark.parametrize(("label", "make"), [
    ("expired", lambda i: sign(i.rsa, claims(exp=int(time.time()) - 120))),
    ("not yet valid", lambda i: sign(i.rsa, claims(nbf=int(time.time()) + 600))),
    ("wrong audience", lambda i: sign(i.rsa, claims(aud="urn:other"))),
    ("wrong issuer", lambda i: sign(i.rsa, claims(iss="https://evil.example"))),
    ("typ JWT, not at+jwt", lambda i: sign(i.rsa, claims(), typ="JWT")),
    ("no client_id", lambda i: sign(i.rsa, {k: v for k, v in claims().items() if k != "client_id"})),
    ("no jti", lambda i: sign(i.rsa, {k: v for k, v in claims().items() if k != "jti"})),
    ("tampered payload", lambda i: _tamper(sign(i.rsa, claims()))),
    ("signed by a stranger's key", lambda i: sign(RSAKey.generate_key(2048, parameters={"kid": "rsa-1"}), claims())),
    ("alg none", lambda i: _unsigned(claims())),
    ("HMAC keyed with the public key", lambda i: _hmac_with_public_key(i.rsa, claims())),
    ("region not a 行政区划 prefix", lambda i: sign(i.rsa, claims(region="东港"))),
    ("agencies not a list", lambda i: sign(i.rsa, claims(agencies="DG-SCJG"))),
    ("garbage", lambda i: "not.a.token"),
])
async def test_tokens_this_platform_does_not_accept_are_refused(issuer: Issuer, label: str, make):
    with pytest.raises(InvalidToken):
        await issuer.verifier().verify(make(issuer))


async def test_a_token_within_the_leeway_is_still_accepted(issuer: Issuer):
    token = sign(issuer.rsa, claims(exp=int(time.time()) - 10))
    assert (await issuer.verifier(leeway_s=30).verify(token)).subject == "P-001"


async def test_an_unknown_kid_refreshes_once_for_many_callers_and_then_waits_for_the_cooldown(issuer: Issuer):
    verifier = issuer.verifier(jwks_refresh_cooldown_s=60)
    await verifier.verify(sign(issuer.rsa, claims()))
    assert issuer.jwks_fetches == 1
    rotated = RSAKey.generate_key(2048, parameters={"kid": "rsa-2", "use": "sig", "alg": "RS256"})
    issuer.published.append(rotated)
    fresh = sign(rotated, claims(), kid="rsa-2")
    callers = await asyncio.gather(*(verifier.verify(fresh) for _ in range(20)))
    assert {c.subject for c in callers} == {"P-001"}
    assert issuer.jwks_fetches == 2  # one refresh for twenty callers (single flight)
    for _ in range(5):  # made-up kids inside the cooldown cost the issuer nothing
        with pytest.raises(InvalidToken):
            await verifier.verify(sign(issuer.rsa, claims(), kid="made-up"))
    assert issuer.jwks_fetches == 2


async def test_an_issuer_that_cannot_be_reached_is_unavailable_not_unauthorised(issuer: Issuer):
    issuer.down = True
    verifier = issuer.verifier()
    with pytest.raises(IssuerUnavailable):
        await verifier.verify(sign(issuer.rsa, claims()))
    assert ISSUER in (await verifier.keys.readiness() or "")
    issuer.down = False
    await asyncio.sleep(1.05)  # the retry pause while no key was ever loaded
    assert (await verifier.verify(sign(issuer.rsa, claims()))).subject == "P-001"
    assert await verifier.keys.readiness() is None


async def test_metadata_naming_another_issuer_is_not_trusted(issuer: Issuer):
    settings = IdentitySettings(issuer=ISSUER + "/tenant", audience=AUDIENCE)
    http = httpx.AsyncClient(transport=httpx.MockTransport(issuer.handler))
    with pytest.raises(IssuerUnavailable):
        await IssuerKeys(settings, http).refresh()


def test_hmac_and_none_cannot_be_configured():
    with pytest.raises(ValueError, match="HS256"):
        IdentitySettings(algorithms=["RS256", "HS256"])
    with pytest.raises(ValueError, match="none"):
        IdentitySettings(algorithms=["none"])


async def test_client_credentials_are_fetched_once_and_reused_until_near_expiry():
    calls: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("openid-configuration"):
            return httpx.Response(200, json={"issuer": ISSUER, "token_endpoint": f"{ISSUER}/token"})
        calls.append(dict(httpx.QueryParams(request.content.decode())))
        return httpx.Response(200, json={"access_token": f"t{len(calls)}", "expires_in": 900, "token_type": "Bearer"})

    settings = IdentitySettings(issuer=ISSUER, client_id="svc-case-intake", client_secret="s3cret-value")
    auth = ClientCredentials(settings, http=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    assert await asyncio.gather(auth.token(), auth.token()) == ["t1", "t1"]
    assert calls == [{"grant_type": "client_credentials", "resource": AUDIENCE}]
    assert await auth.token(renew=True) == "t2"


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["agencies"] = ["DG-STHJ"]
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


def _unsigned(payload: dict) -> str:
    def b64(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{b64({'alg': 'none', 'typ': 'at+jwt', 'kid': 'rsa-1'})}.{b64(payload)}."


def _hmac_with_public_key(rsa: RSAKey, payload: dict) -> str:
    """The classic confusion attack: HS256 keyed with the bytes of the issuer's public key. joserfc will not
    even make such a key, so the attacker's token is put together by hand here."""
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    signing_input = (b64(json.dumps({"alg": "HS256", "typ": "at+jwt", "kid": "rsa-1"}).encode()) + "."
                     + b64(json.dumps(payload).encode()))
    mac = hmac.new(rsa.as_pem(private=False), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


async def test_a_verified_token_is_answered_from_memory_until_it_expires(issuer: Issuer):
    verifier = issuer.verifier(leeway_s=0)
    token = sign(issuer.rsa, claims(exp=int(time.time()) + 2))
    first = await verifier.verify(token)
    issuer.down = True  # nothing more is fetched: the answer is remembered
    assert await verifier.verify(token) is first
    await asyncio.sleep(2.1)
    with pytest.raises(InvalidToken, match="expired"):
        await verifier.verify(token)


async def test_a_request_during_the_first_key_fetch_waits_for_it_instead_of_failing(issuer: Issuer):
    verifier = issuer.verifier()
    loading = asyncio.create_task(verifier.keys.refresh_quietly())  # what the app's start-up does
    await asyncio.sleep(0)
    assert (await verifier.verify(sign(issuer.rsa, claims()))).subject == "P-001"
    await loading
    assert issuer.jwks_fetches == 1


def test_a_region_wide_caller_sees_inside_its_region_only_and_an_agency_only_its_own():
    from platform_identity import Caller

    county = Caller("sfj", "sfj", frozenset(), ("DG-SFJ",), "210681", "region", "confidential")
    assert county.sees("DG-SCJG", "210681") and county.sees("X", "210681001")
    assert not county.sees("LN-SCJG", "21")  # a county's 司法局 does not supervise the province
    assert not county.sees("X", "210682")
    bureau = Caller("dept", "dept", frozenset(), ("DG-SCJG",), "210681", "agency", "internal")
    assert bureau.sees("DG-SCJG", "210681") and not bureau.sees("DG-STHJ", "210681")
    assert bureau.in_region("21")  # a provincial list binds the county and is read there
    nation = Caller("nat", "nat", frozenset(), (), "", "region", "internal")
    assert nation.sees("ANY", "330100")
