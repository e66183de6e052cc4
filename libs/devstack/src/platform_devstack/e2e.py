"""`make run` as end-to-end tests drive it: launched on free ports with a data directory of its own, called over
HTTP with the demo clients' tokens, and its parts found as processes (to kill them, or to prove none is left).

Only the standard library and psutil: what an outside integrator has, not the platform's own client code.
"""

import base64
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

from platform_devstack.processes import free_port, free_port_offset

#: CONVENTIONS.md ports; a launched stack shifts them all by one offset.
CONVENTION_PORTS = {"list_management": 8002, "hotline_ingestion": 8005, "case_intake": 8001, "legality_review": 8003,
                    "inspection_scheduling": 8004}


@dataclass
class LaunchedStack:
    proc: subprocess.Popen  # the supervisor (`python -m platform_devstack.run`)
    data_dir: Path
    bases: dict[str, str]  # service -> http://127.0.0.1:<port>
    issuer: str
    broker_port: int
    pg_port: int

    def token(self, client_id: str) -> str:
        return client_token(self.issuer, client_id)

    def database_url(self, service: str) -> str:
        """The service's database on the stack's PostgreSQL, for asyncpg (`postgresql://…`)."""
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{service}"

    # ---- its processes ----

    def processes(self) -> list[psutil.Process]:
        """Every process of this stack: the supervisor's descendants."""
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def find(self, *words: str) -> psutil.Process:
        """The one process of the stack whose command line holds every word (e.g. "case-intake-api")."""
        found = [p for p in self.processes() if _holds(p, words)]
        if len(found) != 1:
            raise LookupError(f"{len(found)} processes hold {words}")
        return found[0]

    def broker(self) -> psutil.Process:
        return self.find("broker", f"127.0.0.1:{self.broker_port}")

    def postmaster(self) -> psutil.Process:
        """PostgreSQL's postmaster (its backends are its children)."""
        pg = [p for p in self.processes() if _holds(p, ("postgres", "-D"))]
        return next(p for p in pg if p.ppid() not in {q.pid for q in pg})

    def stop(self) -> None:
        """Ctrl-C, then kill what is left."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


_TOKENS: dict[tuple[str, str], str] = {}


def client_token(issuer: str, client_id: str) -> str:
    """A client-credentials token of a demo client (secret `demo-<id>`), as an integrator gets one (RFC 6749 §4.4)."""
    if (issuer, client_id) not in _TOKENS:
        request = urllib.request.Request(f"{issuer}/token", data=b"grant_type=client_credentials", method="POST",
                                         headers={"Authorization": "Basic " + base64.b64encode(
                                             f"{client_id}:demo-{client_id}".encode()).decode()})
        with urllib.request.urlopen(request, timeout=10) as r:
            _TOKENS[(issuer, client_id)] = json.loads(r.read())["access_token"]
    return _TOKENS[(issuer, client_id)]


def _holds(process: psutil.Process, words: tuple[str, ...]) -> bool:
    try:
        cmd = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return all(w in cmd for w in words)


def launch(repo: Path, *, ready_within_s: float = 180, **env: str) -> LaunchedStack:
    """`make run` on free ports and its own data directory (under `repo/.tmp`), once every /readyz answers 200."""
    (repo / ".tmp").mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="e2e-stack-", dir=repo / ".tmp"))
    offset, broker_port, pg_port = free_port_offset(CONVENTION_PORTS.values()), free_port(), free_port()
    issuer = f"http://127.0.0.1:{free_port()}"
    env = os.environ | env | {"PLATFORM_DATA_DIR": str(data_dir), "PLATFORM_PG_PORT": str(pg_port),
                              "PLATFORM_BROKER_PORT": str(broker_port), "PLATFORM_PORT_OFFSET": str(offset),
                              "PLATFORM_ISSUER_PORT": issuer.rsplit(":", 1)[1]}
    proc = subprocess.Popen([sys.executable, "-m", "platform_devstack.run"], cwd=repo, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stack = LaunchedStack(proc, data_dir, {n: f"http://127.0.0.1:{p + offset}" for n, p in CONVENTION_PORTS.items()},
                          issuer, broker_port, pg_port)
    deadline = time.monotonic() + ready_within_s
    while any(get(f"{b}/readyz")[0] != 200 for b in stack.bases.values()):
        if proc.poll() is not None:
            raise RuntimeError(f"make run exited with {proc.returncode}:\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            stack.stop()
            raise RuntimeError(f"stack not ready in {ready_within_s} s")
        time.sleep(0.5)
    return stack


def get(url: str, token: str | None = None, timeout_s: float = 3) -> tuple[int, dict]:
    """(status, JSON body); (0, {}) when nothing answered."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout_s) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, _json(e.read())
    except (OSError, http.client.HTTPException):  # refused, reset, timed out, or cut mid-answer (IncompleteRead)
        return 0, {}


def post(url: str, body: object, token: str, timeout_s: float = 10) -> tuple[int, dict]:
    """(status, JSON body); (0, {}) when no whole answer came (refused, reset, timed out, cut off by a process that
    died while answering: the caller retries, and the order_no makes that safe)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, _json(e.read())
    except (OSError, http.client.HTTPException):  # refused, reset, timed out, or cut mid-answer (IncompleteRead)
        return 0, {}


def _json(raw: bytes) -> dict:
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw[:200].decode(errors="replace")}
