"""A worker's /livez (answered from the metrics thread) fails while its event loop is blocked, and recovers."""

import asyncio
import time
import urllib.error
import urllib.request

from platform_devstack.processes import free_port
from platform_runtime.liveness import Heartbeat, serve_worker_endpoints


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


async def test_livez_is_503_while_the_loop_is_blocked_and_200_once_it_beats_again():
    port = free_port()
    heartbeat = Heartbeat(stall_s=0.5, interval_s=0.05)
    server = serve_worker_endpoints(port, heartbeat, host="127.0.0.1")
    stop = asyncio.Event()
    beating = asyncio.create_task(heartbeat.run(stop))
    try:
        await asyncio.sleep(0.2)
        assert (await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/livez"))[0] == 200
        time.sleep(1.0)  # the loop hangs: a blocking call; the metrics thread still answers
        status, body = _get(f"http://127.0.0.1:{port}/livez")
        assert status == 503 and body.startswith("stalled"), body
        metrics = _get(f"http://127.0.0.1:{port}/metrics")
        assert metrics[0] == 200 and "event_loop_heartbeat_age_seconds" in metrics[1]
        await asyncio.sleep(0.2)  # the loop runs again: the heartbeat stamps
        assert (await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/livez"))[0] == 200
    finally:
        stop.set()
        await beating
        server.shutdown()
