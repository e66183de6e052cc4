"""Console scripts: legality-review-api, -migrate, -relay, -consumer, -outbox, -scheduler (the review-period watcher)."""

from legality_review import bootstrap
from legality_review.settings import Settings
from platform_runtime import ServiceCommands

commands = ServiceCommands(Settings, bootstrap.build, bootstrap.migrations_dir, app="legality_review.api.app:create_app")
api, migrate, relay, consumer, scheduler = (commands.api, commands.migrate, commands.relay, commands.consumer,
                                            commands.scheduler)
outbox = commands.outbox
