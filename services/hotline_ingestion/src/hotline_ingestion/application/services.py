"""What the routes' use cases need, built once per process by the bootstrap: units of work, the engine for reads,
the configured policies and the service's limits."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.application.policies import Policies
from platform_db import UnitOfWorkFactory


@dataclass(frozen=True)
class Services:
    uows: UnitOfWorkFactory
    engine: AsyncEngine
    policies: Policies  # clocks, routing rules, dedupe, automatic 督办, the catalog copy: every intake path agrees
    bulk_max_items: int
    open311_jurisdiction_id: str
