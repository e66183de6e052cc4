"""Console scripts: list-management-api, -migrate, -relay, -consumer, -demo."""

import asyncio

from list_management import bootstrap
from list_management.settings import Settings
from platform_logging import configure
from platform_runtime import run_api, run_migrate, run_worker


def api() -> None:
    from list_management.api.app import create_app

    run_api(Settings(), create_app)


def migrate() -> None:
    run_migrate(Settings(), bootstrap.migrations_dir())


def relay() -> None:
    run_worker(Settings(), bootstrap.build, "relay")


def consumer() -> None:
    run_worker(Settings(), bootstrap.build, "consumer")


def demo() -> None:
    from list_management.demo import load_demo

    settings = Settings()
    configure(settings.log.level, settings.log.json_output)
    asyncio.run(load_demo(settings))
