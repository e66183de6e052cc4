"""schemathesis over every service's OpenAPI (issue 12 item 7): no server error, and every answer is documented.

Each service runs as its own process (its `<service>-api` script, as `make run` starts it) on this module's
PostgreSQL databases, a broker of the module's own (its consumers join their usual groups, apart from other
modules' apps) and the session's real OAuth issuer. schemathesis reads the service's /openapi.json and sends it
generated requests over HTTP with a token from that issuer holding every scope the service's routes name
(national, region-wide, cleared), so the requests reach the handlers rather than stopping at 401/403.

Phases: the schema's own examples; coverage in its negative mode (each field missing, of the wrong type or out of its
bounds, and OPTIONS/DELETE where a path does not take them); fuzzing, positive and negative (`MAX_EXAMPLES` per
operation); stateful sequences along the documented links. Seeded and deterministic, so a run is reproducible; one
worker per run. Checks: every built-in one (server errors, documented statuses, content types, response schemas and
headers, 405 with `Allow`, negative data refused, missing headers, ignored auth, stateful use-after-free …) except
`positive_data_acceptance`, which expects schema-valid data to be accepted — here a legal rule refuses schema-valid
requests with 422 by design (CONVENTIONS.md: Errors). Each service's line (operations, requests by phase, statuses,
failures, seconds) is printed whether it passes or not.
"""

import asyncio
import contextlib
import importlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from platform_devstack.identity import aregister_client
from platform_devstack.processes import child_setup, free_port, terminate
from platform_runtime.dependencies import app_scopes

ROOT = Path(__file__).resolve().parents[2]
TOPICS_FILE = ROOT / "deploy" / "topics.yaml"
BIN = Path(sys.executable).parent
SERVICES = ("list_management", "hotline_ingestion", "case_intake", "legality_review", "inspection_scheduling")
#: generated examples per operation in the fuzzing phase (the coverage and examples phases add their own)
MAX_EXAMPLES = 10
SEED = 20261203
#: one worker per run: schemathesis' worker threads race on lazy imports and compile() in this Python (3.11)
WORKERS = 1
#: methods the coverage phase sends where a path does not take them: OPTIONS checks `Allow`, DELETE the 405
UNEXPECTED_METHODS = ["OPTIONS", "DELETE"]
#: what case_intake's own client may do at list_management (the demo client svc-case-intake's scopes)
CASE_INTAKE_CALLS = "lists:read matters:read departments:read personnel:read"


@dataclass
class Running:
    name: str
    base_url: str
    process: subprocess.Popen
    log: Path


@dataclass
class Outcome:
    service: str
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    by_phase: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        phases = ", ".join(f"{p} {n}" for p, n in sorted(self.by_phase.items()))
        codes = " ".join(f"{s}×{n}" for s, n in sorted(self.statuses.items()))
        return (f"schemathesis {self.service}: {len(self.operations)} operations, {self.requests} requests "
                f"({phases}); statuses {codes}; {len(self.failures)} failures, {len(self.errors)} errors; "
                f"{self.seconds:.0f} s")


def _env(prefix: str, settings: dict, path: str = "") -> dict[str, str]:
    """Settings kwargs as the service reads them from its environment (`<PREFIX>SECTION__KEY`)."""
    env = {}
    for key, value in settings.items():
        name = f"{path}__{key}" if path else key
        if isinstance(value, dict):
            env |= _env(prefix, value, name)
        else:
            env[f"{prefix}{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return env


async def _settings(stack, name: str, port: int) -> dict:
    """The service's settings on this module's databases (apart from other modules' data) and broker."""
    from platform_db.migrations import upgrade_to_head
    from platform_messaging import ensure_topics, load_topics

    url = stack.database_url(f"schemathesis_{name}")
    await asyncio.to_thread(upgrade_to_head, importlib.import_module(f"{name}.bootstrap").migrations_dir(), url)
    await ensure_topics(stack.broker.bootstrap, load_topics(TOPICS_FILE))
    return {
        "environment": "test",
        "database": {"url": url},
        "kafka": {"bootstrap_servers": stack.broker.bootstrap, "enable_idempotence": False,
                  "session_timeout_ms": 6000, "heartbeat_interval_ms": 500, "fetch_max_wait_ms": 20},
        "http": {"host": "127.0.0.1", "port": port},
        "topics_file": str(TOPICS_FILE),
        "log": {"level": "WARNING", "json": True},
        "identity": {"issuer": stack.issuer.issuer, "audience": stack.issuer.audience},
    }


async def _ready(service: Running, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(base_url=service.base_url, timeout=2) as client:
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get("/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.3)
    tail = "\n".join(service.log.read_text(errors="replace").splitlines()[-20:])
    raise RuntimeError(f"{service.name} not ready (exit code {service.process.poll()}); {service.log}:\n{tail}")


@pytest.fixture(scope="module")
async def services(restartable_stack):
    stack = restartable_stack
    ports = {name: free_port() for name in SERVICES}
    caller = await aregister_client(
        stack.issuer.issuer, stack.issuer.initial_access_token, scope=CASE_INTAKE_CALLS, agencies=[], region="",
        data_scope="region", clearance="internal", token_endpoint_auth_method="client_secret_basic",
        grant_types=["client_credentials"], response_types=[], redirect_uris=[])
    extra = {"case_intake": {"list_management": {"base_url": f"http://127.0.0.1:{ports['list_management']}"},
                             "identity": {"client_id": caller.client_id, "client_secret": caller.client_secret}}}
    running: dict[str, Running] = {}

    try:
        for name in SERVICES:  # one migration at a time (alembic's state is global); each starts once migrated
            settings = await _settings(stack, name, ports[name])
            for section, values in extra.get(name, {}).items():
                settings[section] = settings.get(section, {}) | values
            log = stack.workdir / f"schemathesis-{name}.log"
            with log.open("ab") as out:
                process = subprocess.Popen(
                    [str(BIN / f"{name.replace('_', '-')}-api")], env=os.environ | _env(f"{name.upper()}_", settings),
                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=child_setup())
            running[name] = Running(name, f"http://127.0.0.1:{ports[name]}", process, log)
        await asyncio.gather(*(_ready(service) for service in running.values()))
        yield running
    finally:
        for service in running.values():
            terminate(service.process, 15)


def _config(base_url: str, token: str):
    import schemathesis

    checks = {"positive_data_acceptance": {"enabled": False}}
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "base-url": base_url,
        "headers": {"Authorization": f"Bearer {token}"},
        "workers": WORKERS,
        "cache": {"enabled": False},
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "checks": checks,
        "phases": {"coverage": {"unexpected-methods": UNEXPECTED_METHODS,
                                "generation": {"mode": "negative"}}},
    })


def _run(running: Running, token: str) -> Outcome:
    import schemathesis
    from schemathesis.engine import Status, events, from_schema

    outcome = Outcome(running.name)
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{running.base_url}/openapi.json", config=_config(running.base_url, token))
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(outcome, event, Status)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            outcome.errors.append(str(getattr(event, "value", None) or getattr(event, "exception", event)))
    outcome.seconds = time.monotonic() - started
    return outcome


def _record(outcome: Outcome, event, status) -> None:
    recorder = event.recorder
    if event.phase.name != "STATEFUL_TESTING":  # a stateful scenario is a sequence, labelled as such
        outcome.operations.add(recorder.label)
    phase = event.phase.value if hasattr(event.phase, "value") else str(event.phase)
    for interaction in recorder.interactions.values():
        outcome.requests += 1
        outcome.by_phase[phase] = outcome.by_phase.get(phase, 0) + 1
        if interaction.response is not None:
            code = interaction.response.status_code
            outcome.statuses[code] = outcome.statuses.get(code, 0) + 1
    for checks in recorder.checks.values():
        for check in checks:
            if check.status == status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                key = (failure.operation or recorder.label, check.name, failure.title)
                outcome.failures.setdefault(key, f"{failure.message[:600]}\n{check.failure_info.code_sample[:1500]}")


@pytest.mark.parametrize("name", SERVICES)
async def test_every_answer_of_the_service_is_documented_and_none_is_a_server_error(name, services, tokens, capsys):
    app = importlib.import_module(f"{name}.api.app").create_app()
    token = await tokens.token(app_scopes(app), region="", data_scope="region", clearance="confidential")
    outcome = await asyncio.to_thread(_run, services[name], token)
    with capsys.disabled():
        print("\n" + outcome.line())
    report = "\n\n".join(f"{op} — {check}: {title}\n{detail}" for (op, check, title), detail in
                         sorted(outcome.failures.items()))
    bugs = [line[:3000] for line in services[name].log.read_text(errors="replace").splitlines()
            if "unhandled_error" in line][-3:]
    assert outcome.errors == [], outcome.errors
    assert outcome.failures == {}, f"{len(outcome.failures)} failures:\n\n{report}\n\nserver log:\n" + "\n".join(bugs)
    documented = {f"{method.upper()} {path}" for path, ops in app.openapi()["paths"].items() for method in ops}
    assert outcome.operations == documented, outcome.line()  # every operation of the document was exercised
    assert outcome.requests >= 10 * len(documented), outcome.line()
