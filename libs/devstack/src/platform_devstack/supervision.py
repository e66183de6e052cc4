"""Keeps `make run`'s parts running: a part that exits is restarted with backoff, a hung one is reported and killed
(then restarted), and the stack as a whole stops only on Ctrl-C or SIGTERM, never because one part died.

Every part is (re)started from the calling (main) thread: Linux sends a child its parent-death signal when the
*thread* that forked it exits, so a child forked from a pool thread would die with that thread. Only the probes
(HTTP requests) run on a thread pool, so a part that does not answer does not slow the watch over the others.
"""

import http.client
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields

#: Each Policy field is set by the env var `PLATFORM_SUPERVISE_<FIELD>` (e.g. PLATFORM_SUPERVISE_MAX_DELAY_S=60).
ENV_PREFIX = "PLATFORM_SUPERVISE_"


@dataclass(frozen=True)
class Policy:
    first_delay_s: float = 1.0  # the wait before restarting a part that went down ...
    max_delay_s: float = 30.0  # ... doubled at each further failure, up to this
    reset_after_s: float = 60.0  # a part up (ready) this long waits first_delay_s again at its next failure
    probe_every_s: float = 5.0  # a part that is up is asked whether it answers this often ...
    probe_timeout_s: float = 5.0  # ... and fails a probe it does not answer within this
    hung_after: int = 3  # failed probes in a row: the part is hung, is reported, killed and restarted
    ready_within_s: float = 120.0  # a restarted service not ready by then is reported (its /readyz says why)
    tick_s: float = 0.5

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Policy":
        given = {f: env.get(ENV_PREFIX + f.name.upper()) for f in fields(cls)}
        return cls(**{f.name: f.type(v) for f, v in given.items() if v})


@dataclass
class Part:
    """One supervised child process and how to start it, tell it serves, and ask whether it still answers."""

    name: str
    start: Callable[[], str | None]  # infrastructure returns once it serves; a service only spawns. A note to say
    process: Callable[[], subprocess.Popen | None]  # the current process
    log: str  # named in every report
    ready: Callable[[], bool] = lambda: True  # polled after a start until True (services: /readyz 200)
    answers: Callable[[float], bool] | None = None  # the liveness probe, given its timeout; None: not probed
    probe_name: str = ""  # what `answers` asks, for the report (e.g. "GET /healthz")


@dataclass
class _Watch:
    part: Part
    delay_s: float
    state: str = "up"  # up | starting (restarted, not yet ready) | waiting (down, restart due at restart_at)
    since: float = 0.0  # when the state began
    down_at: float | None = None  # when it was found down (first of a series of failed restarts)
    restart_at: float = 0.0
    restarts: int = 0
    failed_probes: int = 0
    probe: Future | None = None
    next_probe: float = 0.0


class Supervision:
    """Watches `parts` (all running and ready when handed over) one tick at a time; `say` reports every event."""

    def __init__(self, parts: list[Part], policy: Policy, say: Callable[[str], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy, self.say, self.clock = policy, say, clock
        now = clock()
        self.watches = [_Watch(p, policy.first_delay_s, since=now, next_probe=now + policy.probe_every_s)
                        for p in parts]
        self._pool = ThreadPoolExecutor(max(1, len(parts)), thread_name_prefix="probe")

    def run(self) -> None:
        """Until interrupted (KeyboardInterrupt: Ctrl-C, or SIGTERM as make run maps it)."""
        try:
            while True:
                self.tick()
                time.sleep(self.policy.tick_s)
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def tick(self) -> None:
        for watch in self.watches:
            now = self.clock()
            if watch.state == "waiting":
                if now >= watch.restart_at:
                    self._restart(watch)
                continue
            process = watch.part.process()
            if process is None or process.poll() is not None:
                code = None if process is None else process.returncode
                self._down(watch, f"exited with {_exit(code)}")
            elif watch.state == "starting":
                self._starting(watch, now)
            else:
                if now - watch.since >= self.policy.reset_after_s:
                    watch.delay_s = self.policy.first_delay_s
                self._probe(watch, now)

    def _down(self, watch: _Watch, what: str) -> None:
        now, part = self.clock(), watch.part
        watch.down_at = watch.down_at or now
        self.say(f"{part.name} {what}; restarting it in {watch.delay_s:g} s (log {part.log})")
        watch.state, watch.since, watch.restart_at = "waiting", now, now + watch.delay_s
        watch.delay_s = min(watch.delay_s * 2, self.policy.max_delay_s)
        watch.failed_probes, watch.probe = 0, None

    def _restart(self, watch: _Watch) -> None:
        began = self.clock()
        try:
            note = watch.part.start()
        except Exception as exc:  # noqa: BLE001 - whatever stopped it from starting, try again later
            self._down(watch, f"did not start ({type(exc).__name__}: {str(exc)[:300]})")
            return
        watch.restarts += 1
        watch.state, watch.since = "starting", self.clock()
        if note:
            self.say(f"{watch.part.name}: {note} (start took {watch.since - began:.2f} s)")
        self._starting(watch, watch.since)

    def _starting(self, watch: _Watch, now: float) -> None:
        part = watch.part
        if part.ready():
            self.say(f"{part.name} is back and ready, {now - watch.down_at:.1f} s after it was found down "
                     f"(restart #{watch.restarts})")
        elif now - watch.since > self.policy.ready_within_s:
            self.say(f"{part.name} restarted but not ready after {self.policy.ready_within_s:g} s; see its /readyz "
                     f"and {part.log}")
        else:
            return
        watch.state, watch.since, watch.down_at = "up", now, None
        watch.next_probe = now + self.policy.probe_every_s

    def _probe(self, watch: _Watch, now: float) -> None:
        if watch.part.answers is None:
            return
        if watch.probe is not None:
            if not watch.probe.done():
                return
            answered, watch.probe = watch.probe.result(), None
            watch.failed_probes = 0 if answered else watch.failed_probes + 1
            if watch.failed_probes >= self.policy.hung_after:
                self._hung(watch)
                return
        if now >= watch.next_probe:
            watch.probe = self._pool.submit(_safely, watch.part.answers, self.policy.probe_timeout_s)
            watch.next_probe = now + self.policy.probe_every_s

    def _hung(self, watch: _Watch) -> None:
        part, policy = watch.part, self.policy
        self.say(f"!!! {part.name} is HUNG: {part.probe_name or 'its probe'} unanswered within "
                 f"{policy.probe_timeout_s:g} s, {watch.failed_probes} times in a row; killing it (SIGKILL)")
        process = part.process()
        if process is not None and process.poll() is None:
            process.kill()  # SIGKILL ends a stopped (SIGSTOP) process too
            process.wait(10)
        self._down(watch, "was killed")


def http_ok(url: str, timeout_s: float) -> bool:
    """A GET answered 200 within `timeout_s` (a stopped process's port still accepts the connection, then is silent)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as answer:
            return answer.status == 200
    except (OSError, http.client.HTTPException):
        return False


def _safely(answers: Callable[[float], bool], timeout_s: float) -> bool:
    try:
        return bool(answers(timeout_s))
    except Exception:  # noqa: BLE001 - a probe that fails in any way was not answered
        return False


def _exit(code: int | None) -> str:
    if code is None:
        return "no process"
    return f"{signal.Signals(-code).name}" if code < 0 else f"code {code}"
