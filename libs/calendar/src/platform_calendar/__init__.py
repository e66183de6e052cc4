"""Day counting for legal deadlines: working days over China's holiday calendar and calendar days."""

from platform_calendar.due_date import Count, DueDate
from platform_calendar.receipt_time import DEFAULT_CLOCK_SKEW, future_receipt
from platform_calendar.shanghai_time import shanghai_date
from platform_calendar.unknown_year import UnknownCalendarYear, UnknownYearPolicy
from platform_calendar.work_calendar import WorkCalendar

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "Count",
    "DueDate",
    "UnknownCalendarYear",
    "UnknownYearPolicy",
    "WorkCalendar",
    "future_receipt",
    "shanghai_date",
]
