"""What the use cases need, built once per process from settings: units of work, engine, calendar, the §10 numbers."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from inspection_scheduling.domain.policy import InspectionPolicy
from platform_calendar import WorkCalendar, shanghai_date
from platform_db import UnitOfWorkFactory


@dataclass(frozen=True)
class Services:
    uows: UnitOfWorkFactory
    engine: AsyncEngine
    calendar: WorkCalendar
    rules: InspectionPolicy
    import_max_bytes: int

    def today(self) -> date:
        """The date in China (Asia/Shanghai): every legal day count uses it (DOMAIN §1.1)."""
        return shanghai_date(datetime.now(UTC))
