"""Liveness of a worker process (relay, consumer, scheduler) whose event loop could hang.

A worker serves /metrics from a thread, which keeps answering when the event loop is stuck (a blocking call, a
busy loop, a deadlock), so a TCP probe on that port never notices. `Heartbeat.run` stamps a monotonic time every
`interval_s` from the loop; the metrics thread answers `/livez` 200 while the stamp is younger than the
threshold (`<PREFIX>HTTP__LOOP_STALL_S`) and 503 once it is older: the Helm chart's worker livenessProbe asks it.
"""

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Gauge, generate_latest

LOOP_HEARTBEAT_AGE = Gauge("event_loop_heartbeat_age_seconds", "Seconds since the worker's event loop last "
                           "stamped its heartbeat (grows without bound while the loop hangs)")


class Heartbeat:
    def __init__(self, stall_s: float, interval_s: float = 1.0) -> None:
        self.stall_s = stall_s
        self.interval_s = interval_s
        self.stamp = time.monotonic()  # start-up counts as a beat: the loop has not had a chance yet

    def beat(self) -> None:
        self.stamp = time.monotonic()

    def age(self) -> float:
        return time.monotonic() - self.stamp

    def alive(self) -> bool:
        return self.age() <= self.stall_s

    async def run(self, stop: asyncio.Event) -> None:
        """Stamp from the loop every `interval_s` until `stop` is set."""
        while not stop.is_set():
            self.beat()
            try:
                await asyncio.wait_for(stop.wait(), self.interval_s)
            except TimeoutError:
                pass


def serve_worker_endpoints(port: int, heartbeat: Heartbeat, host: str = "") -> ThreadingHTTPServer:
    """`/metrics` (Prometheus) and `/livez` (the heartbeat's age) on `port`, from a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server calls it by this name
            age = heartbeat.age()
            LOOP_HEARTBEAT_AGE.set(age)
            if self.path.split("?")[0] == "/livez":
                alive = heartbeat.alive()
                body = (f"{'ok' if alive else 'stalled'}: event loop last beat {age:.1f}s ago "
                        f"(limit {heartbeat.stall_s:g}s)\n").encode()
                self._answer(200 if alive else 503, body, "text/plain; charset=utf-8")
            else:
                self._answer(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # probes every 10 s: no log line
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="worker-endpoints", daemon=True).start()
    return server
