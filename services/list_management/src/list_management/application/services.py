"""What the routes and the demo loader reach the service through: its unit of work, its engine, its local rules."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from list_management.settings import LocalRules
from platform_db import UnitOfWorkFactory


@dataclass(frozen=True)
class Services:
    uow: UnitOfWorkFactory
    engine: AsyncEngine  # the read side (application/queries.py)
    rules: LocalRules
