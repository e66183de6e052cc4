"""`make run` end to end: the stack comes up with demo data, and no interruption leaves a process behind."""

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from platform_devstack import free_port, free_port_offset
from platform_devstack.e2e import CONVENTION_PORTS, client_token, launch
from platform_devstack.e2e import get as _get
from platform_devstack.e2e import post as _post
from platform_messaging import load_topics

REPO = Path(__file__).resolve().parents[2]


def _token(issuer: str, client_id: str) -> str:
    return client_token(issuer, client_id)


def _bases(list_management: str) -> dict[str, str]:
    """Every service of the stack, on its CONVENTIONS.md port shifted like list_management's."""
    host, port = list_management.rsplit(":", 1)
    offset = int(port) - CONVENTION_PORTS["list_management"]
    return {name: f"{host}:{conventions + offset}" for name, conventions in CONVENTION_PORTS.items()}


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


def _launch(**env: str) -> tuple[subprocess.Popen, str, Path, int, str]:
    """`make run` on free ports and its own data directory, once every service's /readyz answers 200."""
    launched = launch(REPO, **env)
    return launched.proc, launched.bases["list_management"], launched.data_dir, launched.broker_port, launched.issuer


@pytest.fixture
def stack():
    proc, base, data_dir, broker_port, issuer = _launch()
    yield proc, base, data_dir, broker_port, issuer
    if proc.poll() is None:
        proc.kill()
    shutil.rmtree(data_dir, ignore_errors=True)


def _gone(data_dir: Path, broker_port: int, within_s: float = 30) -> list[str]:
    deadline = time.monotonic() + within_s
    while (left := _leftovers(data_dir, broker_port)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def test_make_run_serves_demo_data_and_ctrl_c_stops_every_process(stack):
    proc, base, data_dir, broker_port, issuer = stack
    assert _get(f"{base}/api/v1/departments?limit=100")[0] == 401  # no token, no data
    curl = next(line for line in proc.stdout if line.startswith("TOKEN=$("))  # the line `make run` prints
    answer = subprocess.run(["bash", "-c", curl], capture_output=True, text=True, timeout=30)
    assert "items" in json.loads(answer.stdout), answer.stdout + answer.stderr
    supervisor = _token(issuer, "sfj-supervision")  # the 司法局 reads across its region
    status, departments = _get(f"{base}/api/v1/departments?limit=100", supervisor)
    assert status == 200 and len(departments["items"]) >= 8
    assert _get(f"{base}/asyncapi.json")[1]["asyncapi"] == "3.0.0"
    inspection = _bases(base)["inspection_scheduling"]  # the fifth service, started like the others (port 8004)
    assert _get(f"{inspection}/healthz")[0] == 200 and _get(f"{inspection}/readyz")[0] == 200
    channels = _get(f"{inspection}/asyncapi.json")[1]["channels"]
    assert {"inspection_scheduling.draw", "inspection_scheduling.visit"} <= {c["address"] for c in channels.values()}
    # The demo personnel reach legality_review as list_management's events: its 法制审核 staff form the pool (L-2).
    reviewers_url = f"{_bases(base)['legality_review']}/api/v1/reviewers?department_code=DG-SCJG"
    deadline = time.monotonic() + 60
    while not [r for r in (_get(reviewers_url, supervisor)[1] or {}).get("items", []) if r["eligible"]]:
        assert time.monotonic() < deadline, "no demo reviewer reached legality_review within 60 s"
        time.sleep(0.5)
    assert all(r["legal_professional_qualification"] for r in _get(reviewers_url, supervisor)[1]["items"] if r["eligible"])
    # The demo cases are walked through the APIs: one closed, one sent for 法制审核 and assigned there (L-1, L-2).
    reviews_url = f"{_bases(base)['legality_review']}/api/v1/reviews?department_code=DG-SCJG"
    walk_log = data_dir / "logs" / "walkthrough.log"
    deadline = time.monotonic() + 180
    while not [r for r in _get(reviews_url, supervisor)[1].get("items", []) if r["status"] == "assigned"]:
        assert time.monotonic() < deadline, walk_log.read_text() if walk_log.exists() else "no walkthrough log"
        time.sleep(0.5)
    (review,) = _get(reviews_url, supervisor)[1]["items"]
    assert review["source"] == "case_intake" and review["overdue"] is False
    assert review["reviewer"] not in review["officers"]
    cases = _get(f"{_bases(base)['case_intake']}/api/v1/cases?department_code=DG-SCJG", supervisor)[1]["items"]
    assert sorted(c["stage"] for c in cases) == ["法制审核", "结案"]
    # The 双随机、一公开 demo: 50,000 entities, a published joint plan, a draw whose public proof verifies.
    draws_url = f"{inspection}/api/v1/draws?status=completed"
    deadline = time.monotonic() + 180
    while not _get(draws_url, supervisor)[1].get("items"):
        assert time.monotonic() < deadline, walk_log.read_text() if walk_log.exists() else "no walkthrough log"
        time.sleep(1)
    (draw,) = _get(draws_url, supervisor)[1]["items"]
    report = _get(f"{inspection}/api/v1/public/draws/{draw['id']}/verify", None, 60)[1]  # anyone may: no token
    assert report["ok"] and report["byte_identical"] and report["proof_sha256"] == draw["proof_sha256"]
    proc.send_signal(signal.SIGINT)  # what Ctrl-C delivers
    assert proc.wait(60) == 0
    assert "stopped: no process left running" in proc.stdout.read()
    assert _gone(data_dir, broker_port) == []


def test_a_12345_report_becomes_a_case_intake_clue_across_processes_and_the_broker(stack):
    """hotline_ingestion (API, relay) -> workorder.enforcement_lead_reported.v1 -> case_intake (consumer) -> 案源线索.

    The demo catalog reaches hotline_ingestion's copy by events too, so a report received before the copy holds
    「无照经营」 is rightly no lead; the test reports again until one is — each time about another shop, since a
    repeat of the same matter is linked to the first order (重复件) and starts no second lead.
    """
    _proc, base, _data_dir, _broker_port, issuer = stack
    bases = _bases(base)
    hotline, bureau = _token(issuer, "hotline-12345"), _token(issuer, "dept-dg-scjg")
    deadline = time.monotonic() + 120
    while True:
        n = uuid.uuid4().hex[:10]
        status, order = _post(f"{bases['hotline_ingestion']}/api/v1/work-orders", {
            "order_no": f"12345-e2e-{n}", "channel": "电话", "request_type": "举报",
            "received_at": datetime.now(UTC).isoformat(timespec="seconds"), "region_code": "210681",
            "content": "新兴路一家服装店一直无照经营", "address": f"东港市大东街道新兴路 {int(n, 16) % 10**6} 号",
            "urgency": "一般", "requester": {"name": "王女士", "phone": "13912345678"},
            "reported_party": {"name": f"新兴路服装店（{n}）"}}, hotline)
        assert status == 201, order
        clue = None
        for _ in range(20):
            found = _get(f"{bases['case_intake']}/api/v1/clues?source_ref={order['id']}", bureau)[1].get("items", [])
            if found:
                clue = _get(f"{bases['case_intake']}/api/v1/clues/{found[0]['id']}", bureau)[1]
                break
            time.sleep(0.5)
        if clue:
            break
        assert time.monotonic() < deadline, "no report became a clue within 120 s"
    assert clue["source"] == "举报" and clue["real_name_reporter"] is True  # K-5: the reporter is told later
    assert clue["department_code"] == "DG-SCJG" and clue["matter_code"] == "DG-SCJG-CF-003"
    assert clue["status"] == "待核查" and clue["filing_clock"]["rule_ids"] == ["S-1", "G-1"]  # 立案 clock from receipt


def test_a_service_that_cannot_start_stops_the_stack_at_once_naming_it_and_its_log():
    """A port taken by another program: the supervisor says which service died and why, instead of waiting."""
    data_dir = Path(tempfile.mkdtemp(prefix="e2e-stack-", dir=REPO / ".tmp"))
    offset, broker_port = free_port_offset(CONVENTION_PORTS.values()), free_port()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", CONVENTION_PORTS["hotline_ingestion"] + offset))
        squatter.listen()
        env = os.environ | {"PLATFORM_DATA_DIR": str(data_dir), "PLATFORM_PG_PORT": str(free_port()),
                            "PLATFORM_BROKER_PORT": str(broker_port), "PLATFORM_PORT_OFFSET": str(offset),
                            "PLATFORM_ISSUER_PORT": str(free_port())}
        started = time.monotonic()
        try:
            result = subprocess.run([sys.executable, "-m", "platform_devstack.run"], cwd=REPO, env=env,
                                    capture_output=True, text=True, timeout=120)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    # Without noticing, the supervisor would spend the 90 s readiness wait on the dead service alone, start-up aside:
    # a whole run under 85 s can only be one that noticed (a loaded 2-core CI machine took 66 s to get there).
    assert result.returncode != 0 and time.monotonic() - started < 85
    assert "hotline_ingestion exited with" in result.stdout + result.stderr
    assert "address already in use" in (result.stdout + result.stderr).lower()
    assert "stopped: no process left running" in result.stdout
    assert _gone(data_dir, broker_port) == []


# ---- supervision: a part that dies or hangs is brought back, and the rest of the stack never stops ----


@dataclass
class Supervised:
    proc: subprocess.Popen
    bases: dict[str, str]
    data_dir: Path
    broker_port: int
    said: list[str]  # the supervisor's console, read as it comes

    def wait_said(self, start: str, after: int, within_s: float) -> str:
        """The first line from index `after` on that starts with `start` (after the `[platform] ` prefix)."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            for line in self.said[after:]:
                if line.removeprefix("[platform] ").startswith(start):
                    return line
            time.sleep(0.1)
        raise AssertionError(f"no line starting {start!r} within {within_s} s:\n" + "".join(self.said[after:]))


@pytest.fixture(scope="module")
def supervised():
    """One stack for the supervision tests, in file order, probed every second (three missed probes: hung), no demo
    cases; the last test kills the supervisor itself."""
    proc, base, data_dir, broker_port, _issuer = _launch(
        PLATFORM_DEMO_CASES="0", PLATFORM_SUPERVISE_PROBE_EVERY_S="1", PLATFORM_SUPERVISE_PROBE_TIMEOUT_S="1")
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(proc.stdout), daemon=True).start()
    yield Supervised(proc, _bases(base), data_dir, broker_port, said)
    try:
        if proc.poll() is None:  # the last test kills the supervisor; without it, Ctrl-C still stops all of it
            proc.send_signal(signal.SIGINT)
            assert proc.wait(60) == 0
            assert _gone(data_dir, broker_port) == []
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def _api_processes(data_dir: Path) -> dict[str, int]:
    """Each service's API process (`<name>-api`) of the stack: name -> pid."""
    found = {}
    for p in psutil.process_iter(["cmdline", "status"]):
        cmd = p.info["cmdline"] or []
        script = next((c.rsplit("/", 1)[-1] for c in cmd if c.endswith("-api")), None)
        try:
            ours = p.environ().get("PLATFORM_DATA_DIR") == str(data_dir)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            ours = False
        if script and ours and p.info["status"] != psutil.STATUS_ZOMBIE:
            found[script.removesuffix("-api").replace("-", "_")] = p.pid
    return found


def _broker_pid(broker_port: int) -> int | None:
    for p in psutil.process_iter(["cmdline"]):
        if f"tcp://127.0.0.1:{broker_port}" in " ".join(p.info["cmdline"] or []):
            return p.pid
    return None


def _back(supervised: Supervised, name: str, old_pid: int, within_s: float) -> float:
    """Seconds until `name` runs as another process whose /readyz answers 200."""
    started, deadline = time.monotonic(), time.monotonic() + within_s
    while not (_api_processes(supervised.data_dir).get(name, old_pid) != old_pid
               and _get(f"{supervised.bases[name]}/readyz")[0] == 200):
        assert time.monotonic() < deadline, f"{name} not back within {within_s} s:\n" + "".join(supervised.said)
        time.sleep(0.2)
    return time.monotonic() - started


async def _partitions(bootstrap: str) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return {t["topic"]: len(t["partitions"]) for t in await admin.describe_topics()}
    finally:
        await admin.close()


def test_a_killed_service_is_back_and_ready_within_60_s_while_the_others_keep_running(supervised):
    before, mark = _api_processes(supervised.data_dir), len(supervised.said)
    assert sorted(before) == sorted(CONVENTION_PORTS)
    os.kill(before["case_intake"], signal.SIGKILL)
    took = _back(supervised, "case_intake", before["case_intake"], within_s=60)
    print(f"\nservice restart (SIGKILL -> new process ready): {took:.1f} s")
    supervised.wait_said("case_intake exited with SIGKILL; restarting it in 1 s", mark, 5)
    print(supervised.wait_said("case_intake is back and ready", mark, 5).strip())
    after = _api_processes(supervised.data_dir)
    assert {n: p for n, p in after.items() if n != "case_intake"} == {
        n: p for n, p in before.items() if n != "case_intake"}  # nothing else was restarted
    journal = (supervised.data_dir / "logs" / "supervisor.log").read_text(encoding="utf-8")
    line = next(x for x in journal.splitlines() if "case_intake exited with SIGKILL" in x)
    assert datetime.fromisoformat(line.split(" ", 1)[0]).tzinfo is not None  # each event with its time


def test_a_killed_broker_is_back_with_every_declared_topic_and_the_services_ready(supervised):
    services, mark = _api_processes(supervised.data_dir), len(supervised.said)
    old = _broker_pid(supervised.broker_port)
    bootstrap = f"127.0.0.1:{supervised.broker_port}"
    os.kill(old, signal.SIGKILL)
    killed = time.monotonic()
    back = supervised.wait_said("broker: back on", mark, 30)
    took = time.monotonic() - killed
    print(f"\nbroker restart (SIGKILL -> port open and topics declared, 1 s backoff included): {took:.1f} s")
    print(back.strip())
    assert _broker_pid(supervised.broker_port) not in (None, old)
    declared = {t.name: t.partitions for t in load_topics(REPO / "deploy" / "topics.yaml")}
    found = asyncio.run(_partitions(bootstrap))
    assert {name: found.get(name) for name in declared} == declared
    for name, base in supervised.bases.items():  # /readyz 200, and the broker reported up again
        deadline = time.monotonic() + 30
        while (answer := _get(f"{base}/readyz"))[0] != 200 or answer[1]["checks"]["broker"] != "ok":
            assert time.monotonic() < deadline, f"{name}: {answer}"
            time.sleep(0.2)
    assert _api_processes(supervised.data_dir) == services  # no service was restarted for it


def test_a_hung_service_is_reported_killed_and_restarted_while_the_others_keep_running(supervised):
    before, mark = _api_processes(supervised.data_dir), len(supervised.said)
    os.kill(before["hotline_ingestion"], signal.SIGSTOP)  # alive, its port open, but it answers nothing
    stopped = time.monotonic()
    report = supervised.wait_said("!!! hotline_ingestion is HUNG", mark, 20)
    detected = time.monotonic() - stopped
    took = _back(supervised, "hotline_ingestion", before["hotline_ingestion"], within_s=60) + detected
    print(f"\nhung service: reported after {detected:.1f} s, back and ready after {took:.1f} s\n{report.strip()}")
    assert "GET /healthz unanswered within 1 s, 3 times in a row" in report
    assert not psutil.pid_exists(before["hotline_ingestion"])  # killed, and reaped by the supervisor
    after = _api_processes(supervised.data_dir)
    assert {n: p for n, p in after.items() if n != "hotline_ingestion"} == {
        n: p for n, p in before.items() if n != "hotline_ingestion"}


def test_even_a_killed_supervisor_leaves_nothing_behind_the_children_it_restarted_included(supervised):
    supervised.proc.kill()  # SIGKILL: no handler runs; the children's parent-death signal does the work
    supervised.proc.wait(10)
    assert _gone(supervised.data_dir, supervised.broker_port) == []
