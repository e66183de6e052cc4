"""`hotline-ingestion-scheduler`, the process Helm and compose run for the deadline watcher and feedback sender."""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from platform_devstack.processes import free_port


async def test_the_scheduler_process_serves_metrics_on_port_plus_300_and_stops_cleanly_on_sigterm(hotline):
    _, runtime = hotline
    settings = runtime.settings
    metrics_port = free_port()
    env = os.environ | {
        "HOTLINE_INGESTION_ENVIRONMENT": "test",
        "HOTLINE_INGESTION_DATABASE__URL": settings.database.url.get_secret_value(),
        "HOTLINE_INGESTION_KAFKA__BOOTSTRAP_SERVERS": settings.kafka.bootstrap_servers,
        "HOTLINE_INGESTION_KAFKA__ENABLE_IDEMPOTENCE": "false",
        "HOTLINE_INGESTION_HTTP__PORT": str(metrics_port - 300),
        "HOTLINE_INGESTION_DEADLINE_SCAN_INTERVAL_S": "0.2",
    }
    script = Path(sys.executable).parent / "hotline-ingestion-scheduler"
    process = subprocess.Popen([str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = ""
        async with httpx.AsyncClient() as client:
            for _ in range(100):
                try:
                    body = (await client.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        assert "python_info" in body
        await asyncio.sleep(0.5)  # a few scans against the real database
        assert process.poll() is None, process.stdout.read().decode()
        process.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(process.wait, 15) == 0
        output = process.stdout.read().decode()
        assert "deadline_scan_failed" not in output and "Traceback" not in output, output
    finally:
        if process.poll() is None:
            process.kill()
