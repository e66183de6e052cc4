"""Years whose 国务院办公厅 holiday notice is published, read from the chinese_calendar package."""

from datetime import date
from functools import cache, lru_cache
from importlib.metadata import version

import chinese_calendar

# chinese_calendar raises NotImplementedError outside these years, so we check first.
FIRST_PUBLISHED_YEAR: int = min(chinese_calendar.holidays).year
LAST_PUBLISHED_YEAR: int = max(chinese_calendar.holidays).year


def is_published_year(year: int) -> bool:
    return FIRST_PUBLISHED_YEAR <= year <= LAST_PUBLISHED_YEAR


# chinese_calendar.is_workday scans its whole table (min/max of every year) on each call, ~15 µs, and a
# handling clock asks 5-20 days: the answer for a date is fixed per process, so each date is asked once.
@lru_cache(maxsize=16_384)
def is_published_working_day(d: date) -> bool:
    """Mon–Fri minus the notice's rest days plus its 调休 make-up working days (DOMAIN §1.2)."""
    return bool(chinese_calendar.is_workday(d))


@cache  # importlib.metadata reads the installed distributions: ~100 µs, and every WorkCalendar() asks
def data_version() -> str:
    return f"chinese-calendar {version('chinese-calendar')}"
