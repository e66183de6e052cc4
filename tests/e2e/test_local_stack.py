"""`make run` end to end: the stack comes up with demo data, and no interruption leaves a process behind."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from platform_devstack import free_port

REPO = Path(__file__).resolve().parents[2]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, {}
    except OSError:
        return 0, {}


def _leftovers(data_dir: Path, broker_port: int) -> list[str]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        try:
            inherited = p.environ().get("PLATFORM_DATA_DIR") == str(data_dir)  # services started by the stack
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            inherited = False
        if inherited or str(data_dir) in cmd or f"127.0.0.1:{broker_port}" in cmd:
            found.append(cmd)
    return found


@pytest.fixture
def stack():  # noqa: ANN201
    data_dir = Path(tempfile.mkdtemp(prefix="e2e-stack-", dir=REPO / ".tmp"))
    api_port, broker_port = free_port(), free_port()
    env = os.environ | {"PLATFORM_DATA_DIR": str(data_dir), "PLATFORM_PG_PORT": str(free_port()),
                        "PLATFORM_BROKER_PORT": str(broker_port), "PLATFORM_PORT_OFFSET": str(api_port - 8002)}
    proc = subprocess.Popen([sys.executable, "-m", "platform_devstack.run"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{api_port}"
    deadline = time.monotonic() + 180
    while _get(f"{base}/readyz")[0] != 200:
        assert proc.poll() is None, proc.stdout.read()
        assert time.monotonic() < deadline, "stack not ready in 180 s"
        time.sleep(0.5)
    yield proc, base, data_dir, broker_port
    if proc.poll() is None:
        proc.kill()
    shutil.rmtree(data_dir, ignore_errors=True)


def _gone(data_dir: Path, broker_port: int, within_s: float = 30) -> list[str]:
    deadline = time.monotonic() + within_s
    while (left := _leftovers(data_dir, broker_port)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def test_make_run_serves_demo_data_and_ctrl_c_stops_every_process(stack):
    proc, base, data_dir, broker_port = stack
    status, departments = _get(f"{base}/api/v1/departments?limit=100")
    assert status == 200 and len(departments["items"]) >= 8
    assert _get(f"{base}/asyncapi.json")[1]["asyncapi"] == "3.0.0"
    proc.send_signal(signal.SIGINT)  # what Ctrl-C delivers
    assert proc.wait(60) == 0
    assert "stopped: no process left running" in proc.stdout.read()
    assert _gone(data_dir, broker_port) == []


def test_even_a_killed_supervisor_leaves_no_database_or_broker_behind(stack):
    proc, _base, data_dir, broker_port = stack
    proc.kill()  # SIGKILL: no handler runs; the children's parent-death signal does the work
    proc.wait(10)
    assert _gone(data_dir, broker_port) == []
