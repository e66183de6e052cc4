"""`make run`: the whole platform on embedded parts — database, broker, topics, migrations, demo data, services.

Once every part is up, it is supervised (platform_devstack.supervision): a service, the broker, the issuer or the
database that exits is restarted with backoff, a hung one is reported and killed, then restarted; every event is
said here and in .data/logs/supervisor.log. A part that fails during start-up stops the stack at once, naming it.
Ctrl-C or SIGTERM stops every process it started, the database included; if this supervisor itself is killed, its
children receive their parent-death signal and stop too. What the demo is about (the city's departments and
officers, the cases walked through the APIs) lives in `demo/` and runs as child processes: this mechanism imports
no business content.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platform_devstack.broker import LocalBroker
from platform_devstack.identity import LocalIssuer, demo_identity
from platform_devstack.postgres import LocalPostgres
from platform_devstack.processes import child_setup, die_with_parent
from platform_devstack.supervision import Part, Policy, Supervision, http_ok

ROOT = Path.cwd()
DEMO = ROOT / "demo"
DATA = Path(os.environ.get("PLATFORM_DATA_DIR", ROOT / ".data"))
PG_PORT = int(os.environ.get("PLATFORM_PG_PORT", "55432"))
BROKER_PORT = int(os.environ.get("PLATFORM_BROKER_PORT", "9092"))
ISSUER_PORT = int(os.environ.get("PLATFORM_ISSUER_PORT", "8090"))
PORT_OFFSET = int(os.environ.get("PLATFORM_PORT_OFFSET", "0"))  # a second stack beside `make run` (tests)


@dataclass(frozen=True)
class Service:
    name: str  # folder, package, database and env prefix (upper-cased)
    port: int
    has_demo: bool = False  # installs a `<name>-demo` script that loads demo data once
    calls: tuple[str, ...] = ()  # services whose REST API it calls: passed as <PREFIX><NAME>__BASE_URL
    client_id: str = ""  # its own OAuth client (a demo client of the local issuer): calls, reconciliation

    @property
    def script(self) -> str:
        return self.name.replace("_", "-")


#: Services that exist today (CONVENTIONS.md ports); add one line per service as it is built.
SERVICES = [Service("list_management", 8002 + PORT_OFFSET, has_demo=True, client_id="svc-list-management"),
            Service("hotline_ingestion", 8005 + PORT_OFFSET, client_id="svc-hotline-ingestion"),
            Service("case_intake", 8001 + PORT_OFFSET, calls=("list_management",), client_id="svc-case-intake"),
            Service("legality_review", 8003 + PORT_OFFSET, client_id="svc-legality-review"),
            Service("inspection_scheduling", 8004 + PORT_OFFSET, client_id="svc-inspection-scheduling")]
#: Reconciliation on the local stack (platform_messaging.reconcile): soon after a broker restart, which loses
#: everything; events take milliseconds here, so 5 s is a generous grace.
RECONCILE = {"RECONCILE__GRACE_S": "5", "RECONCILE__FIRST_RUN_AFTER_S": "10", "RECONCILE__INTERVAL_S": "60"}


class Supervisor:
    def __init__(self) -> None:
        self.postgres = LocalPostgres(DATA / "pg", PG_PORT, durable=True)
        self.broker = LocalBroker(BROKER_PORT, DATA / "broker.log", topics_file=ROOT / "deploy" / "topics.yaml")
        clients, users = demo_identity(*_demo_directory())
        self.issuer = LocalIssuer(ISSUER_PORT, DATA / "identity", clients=clients, users=users, strict_subjects=True)
        self.processes: dict[str, subprocess.Popen] = {}  # each service's current API process
        self.walk: subprocess.Popen | None = None
        self.stopping = False

    def env(self, svc: Service) -> dict[str, str]:
        prefix = svc.name.upper() + "_"
        ports = {s.name: s.port for s in SERVICES}
        calls = {f"{prefix}{name.upper()}__BASE_URL": f"http://127.0.0.1:{ports[name]}" for name in svc.calls}
        if svc.client_id:  # the demo clients' secrets are `demo-<client id>` (platform_devstack.identity)
            calls |= {prefix + "IDENTITY__CLIENT_ID": svc.client_id, prefix + "IDENTITY__CLIENT_SECRET": f"demo-{svc.client_id}"}
        return os.environ | calls | {
            prefix + "IDENTITY__ISSUER": self.issuer.issuer,
            prefix + "IDENTITY__AUDIENCE": self.issuer.audience,
            prefix + "ENVIRONMENT": "local",
            prefix + "DATABASE__URL": self.postgres.url(svc.name),
            prefix + "KAFKA__BOOTSTRAP_SERVERS": self.broker.bootstrap,
            prefix + "KAFKA__ENABLE_IDEMPOTENCE": "false",  # the local broker refuses idempotent producers
            prefix + "KAFKA__SESSION_TIMEOUT_MS": "6000",
            prefix + "KAFKA__HEARTBEAT_INTERVAL_MS": "500",
            prefix + "KAFKA__FETCH_MAX_WAIT_MS": "20",  # the local broker holds fetches for the full wait
            prefix + "HTTP__HOST": "127.0.0.1",
            prefix + "HTTP__PORT": str(svc.port),
            prefix + "TOPICS_FILE": str(ROOT / "deploy" / "topics.yaml"),
            prefix + "RECONCILE__SOURCES": json.dumps({s.name: f"http://127.0.0.1:{s.port}" for s in SERVICES}),
        } | {prefix + key: value for key, value in RECONCILE.items()}

    def start(self) -> None:
        DATA.mkdir(exist_ok=True)
        (DATA / "logs").mkdir(exist_ok=True)
        say(f"PostgreSQL 18 (embedded) on 127.0.0.1:{PG_PORT}, data in .data/pg")
        self.postgres.start()
        say(f"Kafka-protocol broker (memory-only) on {self.broker.bootstrap}")
        self.broker.start()
        say(f"OAuth 2.0 / OpenID issuer (oidc-provider) on {self.issuer.issuer}, demo clients and users, "
            "keys in .data/identity")
        self.issuer.start()
        for svc in SERVICES:
            self.none_exited()  # a service already started that died (e.g. its port taken) stops the start-up now
            self.postgres.create_database(svc.name)
            self.step(svc, "migrate")
            if svc.has_demo:
                self.step(svc, "demo")  # loads once: skipped when data is present
            self.spawn(svc)
        for svc in SERVICES:
            wait_ready(svc, self.processes[svc.name])
        self.banner()
        if os.environ.get("PLATFORM_DEMO_CASES", "1") != "0":
            self.demo_cases()

    def demo_cases(self) -> None:
        """Walk the demo cases through the running APIs, in the background (demo/walkthrough.py; once per data dir)."""
        bases = [f"{svc.name}=http://127.0.0.1:{svc.port}" for svc in SERVICES]
        say("demo cases: walked through case_intake, legality_review and inspection_scheduling in the background, "
            "log .data/logs/walkthrough.log")
        self.walk = subprocess.Popen(
            [sys.executable, str(DEMO / "walkthrough.py"), str(DATA / "logs" / "walkthrough.log"), self.issuer.issuer,
             *bases], env=os.environ | {"PLATFORM_DATA_DIR": str(DATA)}, stdin=subprocess.DEVNULL,
            preexec_fn=child_setup())

    def none_exited(self) -> None:
        """Raises for the first service started so far whose API process has already exited."""
        for svc in SERVICES:
            child = self.processes.get(svc.name)
            if child is not None and child.poll() is not None:
                raise RuntimeError(exited_before_ready(svc, child))

    def step(self, svc: Service, what: str) -> None:
        say(f"{svc.name}: {what}")
        log = (DATA / "logs" / f"{svc.name}-{what}.log").open("ab")
        subprocess.run([f"{svc.script}-{what}"], env=self.env(svc), check=True, stdout=log, stderr=log,
                       preexec_fn=child_setup())

    def spawn(self, svc: Service) -> None:
        with (DATA / "logs" / f"{svc.name}.log").open("ab") as log:  # the child keeps its own copy open
            self.processes[svc.name] = subprocess.Popen([f"{svc.script}-api"], env=self.env(svc), stdout=log,
                                                        stderr=log, preexec_fn=child_setup())

    def parts(self) -> list[Part]:
        """What the supervision watches, in the order it is started: infrastructure first, then the services."""
        pg, broker, issuer = self.postgres, self.broker, self.issuer
        return [
            Part("PostgreSQL", lambda: pg.start() or f"back on 127.0.0.1:{PG_PORT}", lambda: pg.process,
                 ".data/pg/server.log", answers=pg.answers, probe_name="a connection's first message"),
            # probed with a Kafka request: the kernel still accepts a connection to a stopped broker's port
            Part("broker", self.restart_broker, lambda: broker.process, ".data/broker.log", answers=broker.answers,
                 probe_name="a Kafka ApiVersions request"),
            Part("issuer", lambda: issuer.start() or f"back on {issuer.issuer}, same keys", lambda: issuer.process,
                 ".data/identity/issuer.log", answers=issuer.answers, probe_name="its discovery document"),
            *(self.service_part(svc) for svc in SERVICES),
        ]

    def restart_broker(self) -> str:
        self.broker.start()  # declares the topics again: the broker forgot them
        repaired = self.broker.repaired  # auto-created by a client before the declaration, with 4 partitions
        return f"back on {self.broker.bootstrap}, topics of deploy/topics.yaml declared" + (
            f"; re-created with their declared partitions: {', '.join(repaired)}" if repaired else "")

    def service_part(self, svc: Service) -> Part:
        base = f"http://127.0.0.1:{svc.port}"
        return Part(svc.name, lambda: self.spawn(svc), lambda: self.processes.get(svc.name),
                    f".data/logs/{svc.name}.log", ready=lambda: http_ok(f"{base}/readyz", 1.0),
                    answers=lambda timeout_s: http_ok(f"{base}/healthz", timeout_s), probe_name="GET /healthz")

    def stop(self, *_: object) -> None:
        if self.stopping:
            return
        self.stopping = True
        say("stopping …")
        children = [*self.processes.values(), *([self.walk] if self.walk else [])]
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
        self.issuer.stop()
        self.broker.stop()
        self.postgres.stop()
        say("stopped: no process left running")

    def banner(self) -> None:
        say("ready. Ctrl-C stops everything.")
        for svc in SERVICES:
            base = f"http://127.0.0.1:{svc.port}"
            say(f"  {svc.name:<22} {base}/docs   {base}/readyz   {base}/asyncapi.json   logs: .data/logs/{svc.name}.log")
        say("every /api/v1 route needs a token; as the 12345 platform (demo client hotline-12345):")
        print(curl_example(self.issuer.issuer, dict((s.name, s.port) for s in SERVICES)["hotline_ingestion"]),
              flush=True)


def curl_example(issuer: str, port: int) -> str:
    """One line that gets a token by client credentials and calls an API with it (README: Identity)."""
    token = (f"curl -s -u hotline-12345:demo-hotline-12345 -d grant_type=client_credentials {issuer}/token"
             " | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])'")
    return f'TOKEN=$({token}) && curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:{port}/api/v1/work-orders?limit=5'


def _demo_directory() -> tuple[list[dict], list[dict]]:
    """The demo departments and officers (demo/directory.py): the demo clients and users of the local issuer."""
    found = subprocess.run([sys.executable, str(DEMO / "directory.py")], check=True, capture_output=True)
    directory = json.loads(found.stdout)
    return directory["departments"], directory["officers"]


def wait_ready(svc: Service, child: subprocess.Popen, timeout_s: float = 90.0) -> None:
    """Until the service's /readyz answers 200; an API process that exited (e.g. its port was taken) fails at once."""
    log = DATA / "logs" / f"{svc.name}.log"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(exited_before_ready(svc, child))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{svc.port}/readyz", timeout=3) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{svc.name} not ready after {timeout_s}s; see {log}")


def exited_before_ready(svc: Service, child: subprocess.Popen) -> str:
    """What the supervisor says of a service that exited during start-up: its exit code and its log's last lines."""
    log = DATA / "logs" / f"{svc.name}.log"
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else ""
    return f"{svc.name} exited with {child.returncode} before it was ready; {log}:\n{tail}"


def say(message: str) -> None:
    """On the console, and with the time in .data/logs/supervisor.log."""
    print(f"[platform] {message}", flush=True)
    if (DATA / "logs").is_dir():
        with (DATA / "logs" / "supervisor.log").open("a", encoding="utf-8") as journal:
            journal.write(f"{datetime.now().astimezone().isoformat(timespec='milliseconds')} {message}\n")


def main() -> None:
    die_with_parent(signal.SIGTERM)  # make killed → we are told, and stop everything
    sup = Supervisor()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    try:
        sup.start()
        policy = Policy.from_env()
        say(f"supervising: a part that exits is restarted after {policy.first_delay_s:g} s, doubling to "
            f"{policy.max_delay_s:g} s; one that does not answer {policy.hung_after} probes in a row is killed and "
            "restarted; events also in .data/logs/supervisor.log")
        Supervision(sup.parts(), policy, say).run()
    except KeyboardInterrupt:
        pass
    finally:
        sup.stop()


if __name__ == "__main__":
    main()
