"""Docker-free local stack: embedded PostgreSQL and the bundled broker as supervised child processes."""

from platform_devstack.broker import LocalBroker
from platform_devstack.postgres import LocalPostgres
from platform_devstack.processes import free_port, free_port_offset

__all__ = ["LocalBroker", "LocalPostgres", "free_port", "free_port_offset"]
