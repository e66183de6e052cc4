"""Working days over China's holiday calendar (DOMAIN §1.2) and the period rules G-1, G-5, G-6."""

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from platform_calendar.due_date import DueDate
from platform_calendar.month_periods import corresponding_date
from platform_calendar.published_calendar import (
    FIRST_PUBLISHED_YEAR,
    LAST_PUBLISHED_YEAR,
    data_version,
    is_published_working_day,
    is_published_year,
)
from platform_calendar.statutory_holidays import LAST_COMPUTABLE_YEAR, statutory_holidays
from platform_calendar.unknown_year import UnknownCalendarYear, UnknownYearPolicy

_ONE_DAY = timedelta(days=1)


class WorkCalendar:
    """The national working-day calendar plus an optional regional overlay (autonomous regions).

    Every count steps day by day through `is_working_day`, so 调休 make-up working days count and
    overlay days apply. Results are `DueDate`s carrying the data version and the rules applied.
    """

    def __init__(
        self,
        *,
        unknown_year: UnknownYearPolicy = "error",
        extra_rest_days: frozenset[date] = frozenset(),
        extra_working_days: frozenset[date] = frozenset(),
    ) -> None:
        if unknown_year not in ("error", "provisional"):
            raise ValueError(f"unknown_year must be 'error' or 'provisional', not {unknown_year!r}")
        clash = frozenset(extra_rest_days) & frozenset(extra_working_days)
        if clash:
            raise ValueError(f"days both rest and working in the overlay: {sorted(clash)}")
        self._unknown_year = unknown_year
        self._extra_rest_days = frozenset(extra_rest_days)
        self._extra_working_days = frozenset(extra_working_days)
        self._version = _version_of(self._extra_rest_days, self._extra_working_days)

    @property
    def version(self) -> str:
        """The holiday data behind every result, e.g. "chinese-calendar 1.11.0" (+ overlay digest)."""
        return self._version

    def is_working_day(self, d: date) -> bool:
        """Mon–Fri minus rest days plus 调休 make-up working days; the overlay wins (DOMAIN §1.2)."""
        self._require_known_year(d.year)
        if d in self._extra_rest_days:
            return False
        if d in self._extra_working_days:
            return True
        if is_published_year(d.year):
            return is_published_working_day(d)
        # Unpublished year: weekends and the statutory list only, flagged provisional by callers.
        return d.weekday() < 5 and d not in statutory_holidays(d.year)

    def add_working_days(self, trigger: date, n: int) -> DueDate:
        """The n-th working day after `trigger`; day 1 is the first working day AFTER it (rule G-1)."""
        _require_positive(n)
        day, counted = trigger, 0
        while counted < n:
            day += _ONE_DAY
            counted += self.is_working_day(day)
        return self._result(day, consulted=(trigger + _ONE_DAY, day), rule_ids=("G-1",))

    def subtract_working_days(self, anchor: date, n: int) -> DueDate:
        """The latest date D with `add_working_days(D, n).due <= anchor` (backward clocks, e.g. P-17).

        If `anchor` is a working day, counting n working days forward from D lands exactly on it;
        if not, it lands on the last working day before it. D is the day before the n-th working
        day counted back from `anchor` (inclusive) and may itself be a rest day: an act due "by D"
        may be done on D or earlier. G-6 never applies, since rolling forward would shorten notice.
        """
        _require_positive(n)
        day, counted = anchor + _ONE_DAY, 0
        while counted < n:
            day -= _ONE_DAY
            counted += self.is_working_day(day)
        return self._result(day - _ONE_DAY, consulted=(day, anchor), rule_ids=("G-1",))

    def add_calendar_days(self, trigger: date, n: int, *, civil_counting: bool = True) -> DueDate:
        """`trigger` + n days: day 1 is the day after the trigger (rule G-5); then the G-6 roll."""
        _require_positive(n)
        return self._end_period(trigger + timedelta(days=n), civil_counting)

    def add_months(self, trigger: date, n: int, *, civil_counting: bool = True) -> DueDate:
        """The corresponding date n months on, or that month's last day (rule G-5); then G-6."""
        _require_positive(n)
        return self._end_period(corresponding_date(trigger, n), civil_counting)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; 0 if `end <= start` (rule G-1)."""
        days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
        return sum(self.is_working_day(day) for day in days)

    def next_working_day(self, d: date) -> DueDate:
        """The first working day strictly after `d` (a lookup, so no rule ids)."""
        return replace(self.add_working_days(d, 1), rule_ids=())

    def _end_period(self, last_day: date, civil_counting: bool) -> DueDate:
        if not civil_counting:
            # No rest-day check, so no day's status was consulted: exact even in unpublished years.
            return DueDate(last_day, False, self._version, ("G-5",))
        due = last_day
        while not self.is_working_day(due):  # rule G-6: a rest last day rolls to the next working day
            due += _ONE_DAY
        return self._result(due, consulted=(last_day, due), rule_ids=("G-5", "G-6"))

    def _result(self, due: date, *, consulted: tuple[date, date], rule_ids: tuple[str, ...]) -> DueDate:
        first, last = consulted
        provisional = any(not is_published_year(y) for y in range(first.year, last.year + 1))
        return DueDate(due, provisional, self._version, rule_ids)

    def _require_known_year(self, year: int) -> None:
        if is_published_year(year):
            return
        if year < FIRST_PUBLISHED_YEAR:
            raise UnknownCalendarYear(year, f"data starts in {FIRST_PUBLISHED_YEAR}")
        if year > LAST_COMPUTABLE_YEAR:
            raise UnknownCalendarYear(year, f"lunar tables end in {LAST_COMPUTABLE_YEAR}")
        if self._unknown_year == "error":
            raise UnknownCalendarYear(
                year,
                f"{data_version()} covers {FIRST_PUBLISHED_YEAR}–{LAST_PUBLISHED_YEAR}; "
                "use unknown_year='provisional' for statutory holidays only",
            )


def _require_positive(n: int) -> None:
    if n < 1:
        raise ValueError(f"a period has at least one day, got n={n}")


def _version_of(extra_rest_days: Iterable[date], extra_working_days: Iterable[date]) -> str:
    # A regional overlay changes due dates, so it is part of the version a deadline records.
    rest, work = sorted(extra_rest_days), sorted(extra_working_days)
    if not rest and not work:
        return data_version()
    overlay = ";".join([",".join(map(str, rest)), ",".join(map(str, work))])
    return f"{data_version()}+overlay.{hashlib.sha256(overlay.encode()).hexdigest()[:12]}"
