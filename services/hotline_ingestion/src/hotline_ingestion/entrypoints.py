"""Console scripts: hotline-ingestion-api, -migrate, -relay, -consumer, -scheduler (deadline watcher, feedback)."""

from hotline_ingestion import bootstrap
from hotline_ingestion.settings import Settings
from platform_runtime import run_api, run_migrate, run_worker


def api() -> None:
    from hotline_ingestion.api.app import create_app

    run_api(Settings(), create_app)


def migrate() -> None:
    run_migrate(Settings(), bootstrap.migrations_dir())


def relay() -> None:
    run_worker(Settings(), bootstrap.build, "relay")


def consumer() -> None:
    run_worker(Settings(), bootstrap.build, "consumer")


def scheduler() -> None:
    """The deadline watcher and the feedback sender: one replica is enough, a second one is harmless."""
    run_worker(Settings(), bootstrap.build, "scheduler")
