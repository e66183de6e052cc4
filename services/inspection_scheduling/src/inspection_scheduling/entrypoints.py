"""Console scripts: inspection-scheduling-api, -migrate, -relay, -consumer, -outbox, -scheduler (publicity clocks
and the webhook sender)."""

from inspection_scheduling import bootstrap
from inspection_scheduling.settings import Settings
from platform_runtime import ServiceCommands

commands = ServiceCommands(Settings, bootstrap.build, bootstrap.migrations_dir,
                           app="inspection_scheduling.api.app:create_app")
api, migrate, relay, consumer, scheduler = (commands.api, commands.migrate, commands.relay, commands.consumer,
                                            commands.scheduler)
outbox = commands.outbox
