"""The local issuer is a real authorization server (oidc-provider): its tokens are RFC 9068 JWTs signed with keys
of its published JWKS, carrying what the client was registered with, and it refuses what the contract refuses.
"""

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from platform_devstack.identity import (
    JWT_TOKEN_TYPE,
    TOKEN_EXCHANGE,
    IssuerRefused,
    LocalIssuer,
    RegisteredClient,
    aclient_credentials_token,
    aexchange_token,
    aregister_client,
    client_credentials_token,
    exchange_token,
    register_client,
    subject_token,
)
from platform_devstack.processes import free_port

REPO = Path(__file__).resolve().parents[3]
USERS = {"DG10001": {"agency": "DG-SCJG", "name": "张三"}, "DG20002": {"agency": "DG-ZHZF", "name": "李四"}}
CASE_SYSTEM = {
    "scope": "cases:read cases:write",
    "agencies": ["DG-SCJG"],
    "region": "210681",
    "data_scope": "agency",
    "clearance": "internal",
    "label": "东港市市场监督管理局执法办案系统",
    "grant_types": ["client_credentials", TOKEN_EXCHANGE],
    "response_types": [],
    "redirect_uris": [],
}


def _workdir() -> Path:
    base = REPO / ".tmp"
    base.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="issuer-", dir=base))


@pytest.fixture(scope="module")
def issuer() -> Iterator[LocalIssuer]:
    workdir = _workdir()
    issuer = LocalIssuer(free_port(), workdir, users=USERS, strict_subjects=True)
    try:
        issuer.start()
        yield issuer
    finally:
        issuer.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def case_system(issuer: LocalIssuer) -> RegisteredClient:
    return register_client(issuer.issuer, issuer.initial_access_token, **CASE_SYSTEM)


def discovery(issuer: LocalIssuer) -> dict:
    return httpx.get(f"{issuer.issuer}/.well-known/openid-configuration").json()


def verified(issuer: LocalIssuer, token: str) -> jwt.Token:
    """Checked as a service checks it: signature against the JWKS of discovery, issuer, audience, expiry."""
    keys = KeySet.import_key_set(httpx.get(discovery(issuer)["jwks_uri"]).json())
    decoded = jwt.decode(token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": issuer.issuer},
        aud={"essential": True, "value": issuer.audience},
        exp={"essential": True},
        jti={"essential": True},
    ).validate(decoded.claims)
    return decoded


def token_request(issuer: LocalIssuer, client: RegisteredClient, **form: str) -> httpx.Response:
    return httpx.post(
        discovery(issuer)["token_endpoint"], data=form, auth=(client.client_id, client.client_secret)
    )


def test_discovery_names_the_endpoints_the_services_and_tests_use(issuer: LocalIssuer) -> None:
    metadata = discovery(issuer)
    assert metadata["issuer"] == issuer.issuer
    assert {"jwks_uri", "token_endpoint", "registration_endpoint"} <= metadata.keys()
    assert {"client_credentials", TOKEN_EXCHANGE} <= set(metadata["grant_types_supported"])


def test_a_client_credentials_token_is_an_rfc9068_jwt_with_the_clients_claims(
    issuer: LocalIssuer, case_system: RegisteredClient
) -> None:
    token = verified(
        issuer, client_credentials_token(issuer.issuer, case_system.client_id, case_system.client_secret)
    )

    assert token.header["typ"] == "at+jwt"
    assert token.header["alg"] == "RS256"
    assert token.header["kid"]
    claims = token.claims
    assert claims["sub"] == claims["client_id"] == case_system.client_id
    assert claims["scope"] == "cases:read cases:write"  # none requested: all the client's scopes
    assert (claims["agencies"], claims["region"]) == (["DG-SCJG"], "210681")
    assert (claims["data_scope"], claims["clearance"]) == ("agency", "internal")
    assert claims["exp"] - claims["iat"] == issuer.access_token_ttl_s
    assert "act" not in claims


async def test_requested_scopes_narrow_the_token(issuer: LocalIssuer, case_system: RegisteredClient) -> None:
    token = await aclient_credentials_token(
        issuer.issuer, case_system.client_id, case_system.client_secret, scope="cases:read"
    )
    assert verified(issuer, token).claims["scope"] == "cases:read"


def test_a_scope_the_client_lacks_is_invalid_scope(
    issuer: LocalIssuer, case_system: RegisteredClient
) -> None:
    with pytest.raises(IssuerRefused) as refused:
        client_credentials_token(
            issuer.issuer, case_system.client_id, case_system.client_secret, scope="cases:read audit:read"
        )
    assert (refused.value.status, refused.value.error) == (400, "invalid_scope")


def test_client_secret_post_is_accepted(issuer: LocalIssuer) -> None:
    client = register_client(
        issuer.issuer,
        issuer.initial_access_token,
        **CASE_SYSTEM,
        token_endpoint_auth_method="client_secret_post",
    )
    response = httpx.post(
        discovery(issuer)["token_endpoint"],
        data={
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": client.client_secret,
        },
    )
    assert response.status_code == 200, response.text
    assert verified(issuer, response.json()["access_token"]).claims["sub"] == client.client_id


async def test_an_exchange_names_the_person_as_subject_and_the_system_as_actor(issuer: LocalIssuer) -> None:
    client = await aregister_client(issuer.issuer, issuer.initial_access_token, **CASE_SYSTEM)
    token = await aexchange_token(
        issuer.issuer, client.client_id, client.client_secret, "DG10001", scope="cases:read"
    )

    claims = verified(issuer, token).claims
    assert claims["sub"] == "DG10001"
    assert claims["client_id"] == client.client_id
    assert claims["act"] == {"sub": client.client_id}
    assert claims["scope"] == "cases:read"
    assert (claims["agencies"], claims["region"], claims["data_scope"]) == (["DG-SCJG"], "210681", "agency")


def test_an_exchange_answers_as_rfc8693_says(issuer: LocalIssuer, case_system: RegisteredClient) -> None:
    response = token_request(
        issuer,
        case_system,
        grant_type=TOKEN_EXCHANGE,
        subject_token_type=JWT_TOKEN_TYPE,
        subject_token=subject_token(
            issuer.issuer, case_system.client_id, case_system.client_secret, "DG10001"
        ),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["issued_token_type"] == "urn:ietf:params:oauth:token-type:access_token"
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == issuer.access_token_ttl_s
    assert body["scope"] == "cases:read cases:write"
    assert verified(issuer, body["access_token"]).header["typ"] == "at+jwt"


def test_a_client_without_the_exchange_grant_is_refused(issuer: LocalIssuer) -> None:
    client = register_client(
        issuer.issuer, issuer.initial_access_token, **(CASE_SYSTEM | {"grant_types": ["client_credentials"]})
    )
    with pytest.raises(IssuerRefused) as refused:
        exchange_token(issuer.issuer, client.client_id, client.client_secret, "DG10001")
    # oidc-provider's answer to a grant type the client is not registered for
    assert (refused.value.status, refused.value.error) == (400, "invalid_request")


def test_a_subject_token_signed_with_another_secret_is_refused(
    issuer: LocalIssuer, case_system: RegisteredClient
) -> None:
    forged = subject_token(issuer.issuer, case_system.client_id, "not-the-client-secret-at-all", "DG10001")
    response = token_request(
        issuer,
        case_system,
        grant_type=TOKEN_EXCHANGE,
        subject_token=forged,
        subject_token_type=JWT_TOKEN_TYPE,
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")


def test_a_subject_token_is_good_for_one_exchange(issuer: LocalIssuer, case_system: RegisteredClient) -> None:
    assertion = subject_token(issuer.issuer, case_system.client_id, case_system.client_secret, "DG10001")
    form = {"grant_type": TOKEN_EXCHANGE, "subject_token": assertion, "subject_token_type": JWT_TOKEN_TYPE}
    assert token_request(issuer, case_system, **form).status_code == 200
    replayed = token_request(issuer, case_system, **form)
    assert (replayed.status_code, replayed.json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize("person", ["DG20002", "DG99999"], ids=["another agency's officer", "unknown person"])
def test_strict_subjects_refuse_people_not_of_the_clients_agencies(
    issuer: LocalIssuer, case_system: RegisteredClient, person: str
) -> None:
    with pytest.raises(IssuerRefused) as refused:
        exchange_token(issuer.issuer, case_system.client_id, case_system.client_secret, person)
    assert (refused.value.status, refused.value.error) == (400, "invalid_grant")


def test_registration_needs_the_initial_access_token_and_valid_metadata(issuer: LocalIssuer) -> None:
    with pytest.raises(IssuerRefused) as unauthorised:
        register_client(issuer.issuer, "a-guess", **CASE_SYSTEM)
    assert unauthorised.value.status == 401
    with pytest.raises(IssuerRefused) as invalid:
        register_client(
            issuer.issuer, issuer.initial_access_token, **(CASE_SYSTEM | {"data_scope": "everything"})
        )
    assert (invalid.value.status, invalid.value.error) == (400, "invalid_client_metadata")


def test_keys_persist_across_a_restart_and_lenient_subjects_accept_anyone() -> None:
    workdir = _workdir()
    static = {"client_id": "dept-dg-scjg", "client_secret": "demo-dept-dg-scjg", **CASE_SYSTEM}
    issuer = LocalIssuer(free_port(), workdir, clients=[static], strict_subjects=False)
    try:
        issuer.start()
        before = exchange_token(
            issuer.issuer, "dept-dg-scjg", "demo-dept-dg-scjg", "someone-not-in-any-directory"
        )
        kid = verified(issuer, before).header["kid"]
        issuer.stop()
        issuer.start()
        assert verified(issuer, before).header["kid"] == kid  # a token of the last run still verifies
        after = client_credentials_token(issuer.issuer, "dept-dg-scjg", "demo-dept-dg-scjg")
        assert verified(issuer, after).header["kid"] == kid
    finally:
        issuer.stop()
        shutil.rmtree(workdir, ignore_errors=True)
