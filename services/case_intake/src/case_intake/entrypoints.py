"""Console scripts: case-intake-api, -migrate, -relay, -consumer, -outbox, -scheduler (the deadline watcher)."""

from case_intake import bootstrap
from case_intake.settings import Settings
from platform_runtime import ServiceCommands

commands = ServiceCommands(Settings, bootstrap.build, bootstrap.migrations_dir, app="case_intake.api.app:create_app")
api, migrate, relay, consumer, scheduler = (commands.api, commands.migrate, commands.relay, commands.consumer,
                                            commands.scheduler)
outbox = commands.outbox
