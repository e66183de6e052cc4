"""Where a period counted in months ends, before any rest-day roll (rule G-5)."""

import calendar
from datetime import date


def corresponding_date(trigger: date, months: int) -> date:
    """The date `months` after `trigger` with the same day number, else that month's last day.

    rule G-5 (《民法典》art. 202): 2025-01-31 + 1 month ends 2025-02-28.
    """
    month_index = trigger.month - 1 + months
    year, month = trigger.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(trigger.day, last_day))
