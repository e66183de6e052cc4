"""The 13 statutory holidays of 《全国年节及纪念日放假办法》 (from 2025-01-01), for unpublished years.

Used only when a year's 放假安排 notice is not yet in the data (DOMAIN §1.2 "Unpublished year").
Without the notice there are no 调休 make-up working days and no substitute rest days for holidays
that fall on a weekend; results built on this are always flagged provisional.
"""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from platform_calendar.lunar_holidays import LUNAR_HOLIDAYS

# Beyond the lunar-holiday table we refuse rather than guess.
LAST_COMPUTABLE_YEAR = max(LUNAR_HOLIDAYS)
_QINGMING = "清明"


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[date]:
    """The 13 statutory rest days of `year` under 国务院令第795号 (in force 2025-01-01)."""
    if not 2025 <= year <= LAST_COMPUTABLE_YEAR:
        raise ValueError(f"the 2025 holiday list is only computed for 2025–{LAST_COMPUTABLE_YEAR}")
    return frozenset(
        [
            date(year, 1, 1),  # 元旦
            *_spring_festival(year),
            _qingming(year),
            date(year, 5, 1),  # 劳动节, 2 days since 2025
            date(year, 5, 2),
            LUNAR_HOLIDAYS[year][1],  # 端午节
            LUNAR_HOLIDAYS[year][2],  # 中秋节
            date(year, 10, 1),  # 国庆节
            date(year, 10, 2),
            date(year, 10, 3),
        ]
    )


def _spring_festival(year: int) -> list[date]:
    # 除夕 (added 2025) is the day before 初一, whether the twelfth month has 29 or 30 days.
    first_day = LUNAR_HOLIDAYS[year][0]
    return [first_day + timedelta(days=offset) for offset in (-1, 0, 1, 2)]


def _qingming(year: int) -> date:
    # 清明 is a solar term, not a fixed date; chinese_calendar computes it (寿星公式) for 1900–2100.
    april = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    qingming: date = next(day for day, name in april if name == _QINGMING)
    return qingming
