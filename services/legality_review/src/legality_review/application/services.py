"""What the use cases need, built once per process from settings: units of work, calendar, the §10 numbers."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from legality_review.domain.policy import FileReviewPolicy, ReviewPolicy
from platform_calendar import WorkCalendar, shanghai_date
from platform_db import UnitOfWorkFactory


@dataclass(frozen=True)
class Services:
    uows: UnitOfWorkFactory
    calendar: WorkCalendar
    rules: ReviewPolicy
    file_review: FileReviewPolicy

    def today(self) -> date:
        """The date in China (Asia/Shanghai): every legal day count uses it (DOMAIN §1.1)."""
        return shanghai_date(datetime.now(UTC))
