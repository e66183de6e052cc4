"""Service wiring shared by every service: runtime container, app factory, entrypoints, route dependencies."""

from platform_runtime.app import create_service_app
from platform_runtime.container import ServiceRuntime, build_runtime, find_migrations
from platform_runtime.entrypoints import ServiceCommands, run_api, run_migrate, run_worker
from platform_runtime.periodic import every

__all__ = [
    "ServiceCommands",
    "ServiceRuntime",
    "build_runtime",
    "create_service_app",
    "every",
    "find_migrations",
    "run_api",
    "run_migrate",
    "run_worker",
]
