"""Child processes that die with their parent, and small port helpers."""

import ctypes
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask Linux to send `sig` to this process when its parent exits (no orphans after SIGKILL of the parent)."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)


def child_setup(*, uid: int | None = None, gid: int | None = None, sig: int = signal.SIGTERM) -> Callable[[], None]:
    """A preexec_fn: drop privileges first (a credential change clears the death signal), then arm it."""

    def setup() -> None:
        os.setpgrp()  # Ctrl-C reaches the supervisor, which stops children in order
        if gid is not None:
            os.setgroups([])
            os.setgid(gid)
        if uid is not None:
            os.setuid(uid)
        die_with_parent(sig)

    return setup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_offset(ports: Sequence[int], *, low: int = 10_000, high: int = 20_000) -> int:
    """An offset that makes every one of `ports` free to listen on, below the kernel's ephemeral range.

    Outgoing connections take their local ports from the ephemeral range (32768-60999 on Linux), so a port
    found free there may be taken the next moment; `port + offset` of one that was free is no better.
    """
    for _ in range(200):
        offset = random.randrange(low, high)
        if all(_can_listen(p + offset) for p in ports):
            return offset
    raise RuntimeError(f"no offset in [{low}, {high}) leaves ports {list(ports)} free")


def _can_listen(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port: int, timeout_s: float, *, process=None) -> None:  # noqa: ANN001 - a Popen
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout_s}s")


def port_is_free(port: int) -> bool:
    """Free for a new listener: TIME_WAIT leftovers do not count (servers set SO_REUSEADDR too)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def terminate(process, timeout_s: float) -> None:  # noqa: ANN001 - a Popen or None
    """SIGTERM a child and wait for it to exit; SIGKILL it when it takes longer than `timeout_s`."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def wait_port_released(port: int, timeout_s: float, what: str) -> None:
    """Until nothing listens on `port` (a new server on a port still held crashes)."""
    deadline = time.monotonic() + timeout_s
    while not port_is_free(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"port {port} is still held; is another {what} running?")
        time.sleep(0.1)
