"""Console scripts: list-management-api, -migrate, -relay, -consumer, -outbox, -demo."""

import asyncio

from list_management import bootstrap
from list_management.settings import Settings
from platform_logging import configure
from platform_runtime import ServiceCommands

commands = ServiceCommands(Settings, bootstrap.build, bootstrap.migrations_dir, app="list_management.api.app:create_app")
api, migrate, relay, consumer = commands.api, commands.migrate, commands.relay, commands.consumer


def demo() -> None:
    from list_management.demo import load_demo

    settings = Settings()
    configure(settings.log.level, settings.log.json_output, settings.log.repeat_interval_s)
    asyncio.run(load_demo(settings))
outbox = commands.outbox
