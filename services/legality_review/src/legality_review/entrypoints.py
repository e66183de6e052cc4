"""Console scripts: legality-review-api, -migrate, -relay, -consumer, -scheduler (the review-period watcher)."""

from legality_review import bootstrap
from legality_review.settings import Settings
from platform_runtime import run_api, run_migrate, run_worker


def api() -> None:
    from legality_review.api.app import create_app

    run_api(Settings(), create_app)


def migrate() -> None:
    run_migrate(Settings(), bootstrap.migrations_dir())


def relay() -> None:
    run_worker(Settings(), bootstrap.build, "relay")


def consumer() -> None:
    run_worker(Settings(), bootstrap.build, "consumer")


def scheduler() -> None:
    """The deadline watcher: one replica is enough, a second one is harmless (signals are sent once)."""
    run_worker(Settings(), bootstrap.build, "scheduler")
