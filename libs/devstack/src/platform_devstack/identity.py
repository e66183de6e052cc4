"""The local OAuth 2.0 / OpenID issuer (oidc-provider on Node.js, `deploy/identity`) as a supervised child, and the
token requests the tests and the demo make of it: client registration (RFC 7591), client credentials, and the
RFC 8693 exchange by which a department's system acts for one of its people.
"""

import json
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from joserfc import jwt
from joserfc.jwk import OctKey

from platform_devstack.processes import child_setup, terminate, wait_port_released

DEFAULT_AUDIENCE = "urn:enforcement-platform:api"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt"
SUBJECT_TOKEN_LIFETIME_S = 60  # the issuer accepts at most 300 s, and each subject token once
_HTTP_TIMEOUT_S = 10.0


def server_dir() -> Path:
    return Path(os.environ.get("PLATFORM_IDENTITY_DIR", Path.cwd() / "deploy" / "identity"))


class LocalIssuer:
    """oidc-provider with this platform's clients and users; keys persist in `workdir`, everything else is memory."""

    def __init__(
        self,
        port: int,
        workdir: Path,
        *,
        clients: Iterable[dict] = (),
        users: dict | None = None,
        strict_subjects: bool = False,
        audience: str = DEFAULT_AUDIENCE,
        access_token_ttl_s: int = 900,
        initial_access_token: str | None = None,
    ) -> None:
        self.port = port
        self.workdir = Path(workdir).absolute()  # the issuer runs in its own directory
        self.clients = list(clients)
        self.users = dict(users or {})
        self.strict_subjects = strict_subjects
        self.audience = audience
        self.access_token_ttl_s = access_token_ttl_s
        self._fixed_initial_access_token = initial_access_token
        self.initial_access_token = initial_access_token or secrets.token_urlsafe(32)
        self._process: subprocess.Popen | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "issuer.log"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def process(self) -> subprocess.Popen | None:
        return self._process

    def answers(self, timeout_s: float) -> bool:
        """Its discovery document answers within `timeout_s`."""
        try:
            return httpx.get(_discovery_url(self.issuer), timeout=timeout_s).status_code == 200
        except httpx.HTTPError:
            return False

    def start(self, timeout_s: float = 30.0) -> None:
        command = self._command()
        self.initial_access_token = self._fixed_initial_access_token or secrets.token_urlsafe(32)
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "issuer.json"
        config.touch(mode=0o600)  # client secrets and the registration token: readable by us only
        config.write_text(json.dumps(self._config(), ensure_ascii=False, indent=2), encoding="utf-8")
        self._wait_port_released(timeout_s)
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [*command, "--config", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=server_dir(),
                preexec_fn=child_setup(),
            )
        self._wait_ready(timeout_s)

    def stop(self, timeout_s: float = 10.0) -> None:
        process, self._process = self._process, None
        terminate(process, timeout_s)

    def _config(self) -> dict:
        """The issuer's config file (deploy/identity/README.md); the signing keys persist next to it."""
        return {"issuer": self.issuer, "host": "127.0.0.1", "port": self.port, "audience": self.audience,
                "access_token_ttl_s": self.access_token_ttl_s, "keys_file": str(self.workdir / "keys.json"),
                "initial_access_token": self.initial_access_token, "strict_subjects": self.strict_subjects,
                "clients": self.clients, "users": self.users}

    @staticmethod
    def _command() -> list[str]:
        directory = server_dir()
        if not (directory / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError(f"{directory}/node_modules is missing: run `make sync` (npm ci in deploy/identity)")
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("Node.js (20 or later) is needed for the local issuer: `node` is not on PATH")
        return [node, str(directory / "server.mjs")]

    def _wait_port_released(self, timeout_s: float) -> None:
        wait_port_released(self.port, timeout_s, "issuer")

    def _wait_ready(self, timeout_s: float) -> None:
        """Until the discovery document answers; an issuer that exited (bad config, port taken) fails at once."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                tail = "\n".join(self.log_path.read_text(errors="replace").splitlines()[-15:])
                raise RuntimeError(f"the issuer exited with {self._process.returncode}; {self.log_path}:\n{tail}")
            try:
                if httpx.get(_discovery_url(self.issuer), timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"the issuer did not answer on {self.issuer} within {timeout_s}s; see {self.log_path}")


# ---- token requests, from sync and async code ----


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    client_secret: str


class IssuerRefused(Exception):
    """An RFC 6749 / RFC 7591 error answer: `status`, `error` (e.g. invalid_scope), `description`."""

    def __init__(self, status: int, error: str, description: str = "") -> None:
        super().__init__(f"{status} {error}: {description}")
        self.status, self.error, self.description = status, error, description


def subject_token(issuer_url: str, client_id: str, client_secret: str, person: str) -> str:
    """The system's signed statement "I act for `person`": HS256 with its own client secret, short-lived."""
    now = int(time.time())
    claims = {"iss": client_id, "sub": person, "aud": issuer_url, "iat": now,
              "exp": now + SUBJECT_TOKEN_LIFETIME_S, "jti": secrets.token_urlsafe(16)}
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, OctKey.import_key(client_secret))


async def aregister_client(issuer_url: str, initial_access_token: str, **metadata: object) -> RegisteredClient:
    """RFC 7591 registration with any client metadata, agencies, region, data_scope, clearance and label included."""
    body = await _apost(issuer_url, "registration_endpoint", **_registration(initial_access_token, metadata))
    return RegisteredClient(body["client_id"], body["client_secret"])


def register_client(issuer_url: str, initial_access_token: str, **metadata: object) -> RegisteredClient:
    body = _post(issuer_url, "registration_endpoint", **_registration(initial_access_token, metadata))
    return RegisteredClient(body["client_id"], body["client_secret"])


async def aclient_credentials_token(issuer_url: str, client_id: str, client_secret: str,
                                    scope: str | None = None) -> str:
    request = _token_request(client_id, client_secret, {"grant_type": "client_credentials"}, scope)
    return (await _apost(issuer_url, "token_endpoint", **request))["access_token"]


def client_credentials_token(issuer_url: str, client_id: str, client_secret: str, scope: str | None = None) -> str:
    request = _token_request(client_id, client_secret, {"grant_type": "client_credentials"}, scope)
    return _post(issuer_url, "token_endpoint", **request)["access_token"]


async def aexchange_token(issuer_url: str, client_id: str, client_secret: str, person: str,
                          scope: str | None = None) -> str:
    """RFC 8693: the client's token for `person` (sub = person, act.sub = client), scopes within the client's."""
    request = _token_request(client_id, client_secret, _exchange(issuer_url, client_id, client_secret, person), scope)
    return (await _apost(issuer_url, "token_endpoint", **request))["access_token"]


def exchange_token(issuer_url: str, client_id: str, client_secret: str, person: str, scope: str | None = None) -> str:
    request = _token_request(client_id, client_secret, _exchange(issuer_url, client_id, client_secret, person), scope)
    return _post(issuer_url, "token_endpoint", **request)["access_token"]


def _exchange(issuer_url: str, client_id: str, client_secret: str, person: str) -> dict:
    return {"grant_type": TOKEN_EXCHANGE, "subject_token_type": JWT_TOKEN_TYPE,
            "subject_token": subject_token(issuer_url, client_id, client_secret, person)}


def _token_request(client_id: str, client_secret: str, form: dict, scope: str | None) -> dict:
    form = form | ({"scope": scope} if scope else {})  # none: every scope the client has
    return {"data": form, "auth": (quote(client_id, safe=""), quote(client_secret, safe=""))}  # RFC 6749 §2.3.1


def _registration(initial_access_token: str, metadata: dict) -> dict:
    return {"json": metadata, "headers": {"Authorization": f"Bearer {initial_access_token}"}}


async def _apost(issuer_url: str, endpoint: str, **request: object) -> dict:
    """POST to an endpoint named in the issuer's discovery document."""
    async with httpx.AsyncClient(timeout=_HTTP_TIMEOUT_S) as http:
        metadata = _answer(await http.get(_discovery_url(issuer_url)))
        return _answer(await http.post(metadata[endpoint], **request))


def _post(issuer_url: str, endpoint: str, **request: object) -> dict:
    with httpx.Client(timeout=_HTTP_TIMEOUT_S) as http:
        metadata = _answer(http.get(_discovery_url(issuer_url)))
        return _answer(http.post(metadata[endpoint], **request))


def _answer(response: httpx.Response) -> dict:
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    if response.is_error:
        raise IssuerRefused(response.status_code, body.get("error", "http_error"), body.get("error_description", ""))
    return body


def _discovery_url(issuer_url: str) -> str:
    return issuer_url.rstrip("/") + "/.well-known/openid-configuration"


# ---- the demo clients and users of `make run` ----

#: What each demo client may ask for; `department` is every `dept-<code>` (a department's case system).
DEMO_SCOPES: dict[str, str] = {
    "hotline-12345": "workorders:read workorders:write workorders:dispatch webhooks:read webhooks:replay analytics:read",
    "department": (
        "departments:read matters:read personnel:read lists:read lists:write lists:publish clues:read clues:write"
        " cases:read cases:write publicity:read publicity:write flexible-measures:read flexible-measures:write"
        " reports:read reviews:read reviews:write reviews:conclude reviewers:read reviewers:write"
        " file-reviews:read statistics:read workorders:read workorders:handle"
        " pool:read pool:write plans:read plans:write plans:approve draws:read draws:write draws:reveal"
        " visits:read visits:write visits:approve"
    ),
    "sfj-supervision": (  # every read of the two above, and the supervision bureau's own work
        "workorders:read analytics:read departments:read matters:read personnel:read lists:read"
        " clues:read cases:read publicity:read flexible-measures:read reports:read reviews:read reviewers:read"
        " file-reviews:read file-reviews:write statistics:read audit:read supervision:write"
        " pool:read plans:read draws:read visits:read draws:reveal"  # the supervising party of a draw
    ),
    "province-platform": (  # every read but the audit trail
        "workorders:read analytics:read departments:read matters:read personnel:read lists:read"
        " clues:read cases:read publicity:read flexible-measures:read reports:read reviews:read reviewers:read"
        " file-reviews:read statistics:read pool:read plans:read draws:read visits:read"
    ),
    "platform-ops": (
        "dead-letters:read dead-letters:replay outbox:republish events:reconcile departments:read departments:write"
        " matters:read matters:write"
        " personnel:read personnel:write lists:read lists:import audit:read calendar:admin"
        " pool:read pool:write"  # the object pool's bulk imports (检查对象名录库)
    ),
    "svc-case-intake": "lists:read matters:read departments:read personnel:read events:reconcile",
    # a service's own client: it asks the services whose events it consumes for what it may have missed
    "service": "events:reconcile",
}
DEMO_REGION = "210681"  # 东港市


def _demo_client(client_id: str, label: str, kind: str, *, agencies: list[str], region: str = DEMO_REGION,
                 data_scope: str = "region", clearance: str = "internal", acts_for_people: bool = False) -> dict:
    grant_types = ["client_credentials", TOKEN_EXCHANGE] if acts_for_people else ["client_credentials"]
    return {"client_id": client_id, "client_secret": f"demo-{client_id}", "label": label,
            "scope": DEMO_SCOPES[kind], "agencies": agencies, "region": region, "data_scope": data_scope,
            "clearance": clearance, "grant_types": grant_types, "token_endpoint_auth_method": "client_secret_basic",
            "response_types": [], "redirect_uris": []}


def demo_identity(departments: list[dict], officers: list[dict]) -> tuple[list[dict], dict]:
    """The demo clients (secret `demo-<client id>`) and users (every demo officer) of list_management's demo city."""
    clients = [
        _demo_client("hotline-12345", "东港市12345政务服务便民热线平台", "hotline-12345", agencies=[],
                     clearance="confidential"),
        *(_demo_client(f"dept-{d['code'].lower()}", f"{d['name']}执法办案系统", "department", agencies=[d["code"]],
                       region=d.get("region_code") or DEMO_REGION, data_scope="agency", acts_for_people=True)
          for d in departments),
        _demo_client("sfj-supervision", "东港市司法局行政执法监督平台", "sfj-supervision", agencies=["DG-SFJ"],
                     clearance="confidential", acts_for_people=True),
        _demo_client("province-platform", "省一体化监管执法平台", "province-platform", agencies=[], region="21"),
        _demo_client("platform-ops", "行政执法监督平台运维", "platform-ops", agencies=[]),
        _demo_client("svc-case-intake", "案源与立案服务（case_intake）", "svc-case-intake", agencies=[]),
        _demo_client("svc-hotline-ingestion", "12345工单服务（hotline_ingestion）", "service", agencies=[]),
        _demo_client("svc-list-management", "清单管理服务（list_management）", "service", agencies=[]),
        _demo_client("svc-legality-review", "法制审核服务（legality_review）", "service", agencies=[]),
        _demo_client("svc-inspection-scheduling", "双随机抽查服务（inspection_scheduling）", "service", agencies=[]),
    ]
    users = {o["person_no"]: {"agency": o["department_code"], "name": o["name"]} for o in officers}
    return clients, users


def compose_config() -> dict:
    """The issuer's config for docker-compose's `identity` container: the demo clients and users of `make run`,
    keys kept in the container's volume (deploy/identity/compose.json is this, written by `main`)."""
    from platform_devstack.run import _demo_directory  # list_management's demo data

    clients, users = demo_identity(*_demo_directory())
    return {"issuer": "http://identity:8090", "host": "0.0.0.0", "port": 8090,
            "audience": "urn:enforcement-platform:api", "access_token_ttl_s": 900, "keys_file": "/data/keys.json",
            "initial_access_token": "", "strict_subjects": True, "clients": clients, "users": users}


def main() -> None:
    """`python -m platform_devstack.identity > deploy/identity/compose.json` (kept in sync by a contract test)."""
    print(json.dumps(compose_config(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
