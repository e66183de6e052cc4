"""Years whose 国务院办公厅 holiday notice is published, read from the chinese_calendar package."""

from datetime import date
from importlib.metadata import version

import chinese_calendar

# chinese_calendar raises NotImplementedError outside these years, so we check first.
FIRST_PUBLISHED_YEAR: int = min(chinese_calendar.holidays).year
LAST_PUBLISHED_YEAR: int = max(chinese_calendar.holidays).year


def is_published_year(year: int) -> bool:
    return FIRST_PUBLISHED_YEAR <= year <= LAST_PUBLISHED_YEAR


def is_published_working_day(d: date) -> bool:
    """Mon–Fri minus the notice's rest days plus its 调休 make-up working days (DOMAIN §1.2)."""
    return bool(chinese_calendar.is_workday(d))


def data_version() -> str:
    return f"chinese-calendar {version('chinese-calendar')}"
