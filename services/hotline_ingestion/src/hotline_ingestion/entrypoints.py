"""Console scripts: hotline-ingestion-api, -migrate, -relay, -consumer, -outbox, -scheduler (deadline watcher, feedback)."""

from hotline_ingestion import bootstrap
from hotline_ingestion.settings import Settings
from platform_runtime import ServiceCommands

commands = ServiceCommands(Settings, bootstrap.build, bootstrap.migrations_dir, app="hotline_ingestion.api.app:create_app")
api, migrate, relay, consumer, scheduler = (commands.api, commands.migrate, commands.relay, commands.consumer,
                                            commands.scheduler)
outbox = commands.outbox
