"""Working days over China's holiday calendar (DOMAIN §1.2) and the period rules G-1, G-5, G-6."""

import hashlib
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from platform_calendar.due_date import Count, DueDate
from platform_calendar.month_periods import corresponding_date
from platform_calendar.notices import SHIPPED_DIR, HolidayNotice, load_directory, parse_notice, write_notice
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

    `notices_dir` holds the operator's holiday notices (`<year>.json`, see notices.py), read with the shipped ones;
    a notice wins over the package data for its year. `refresh()` rereads the directory; with `refresh_interval_s`
    a counting call rereads it itself when the last read is older than that, so every process of a service
    picks a new year up without a restart.
    """

    def __init__(
        self,
        *,
        unknown_year: UnknownYearPolicy = "error",
        extra_rest_days: frozenset[date] = frozenset(),
        extra_working_days: frozenset[date] = frozenset(),
        notices_dir: Path | None = None,
        refresh_interval_s: float | None = None,
    ) -> None:
        if unknown_year not in ("error", "provisional"):
            raise ValueError(f"unknown_year must be 'error' or 'provisional', not {unknown_year!r}")
        clash = frozenset(extra_rest_days) & frozenset(extra_working_days)
        if clash:
            raise ValueError(f"days both rest and working in the overlay: {sorted(clash)}")
        self._unknown_year = unknown_year
        self._extra_rest_days = frozenset(extra_rest_days)
        self._extra_working_days = frozenset(extra_working_days)
        self._notices_dir, self._refresh_interval_s = notices_dir, refresh_interval_s
        self._notices: dict[int, HolidayNotice] = {}
        self._read_at = 0.0
        self._version = data_version()
        self.refresh()

    def refresh(self) -> list[str]:
        """Reread the shipped and the operator's notices; returns a line per refused file (skipped, never guessed).

        `version` changes when the days of a notice differ from what was known, so stored deadlines computed under
        the old data can be found (they record the version) and recomputed.
        """
        notices, problems = load_directory(SHIPPED_DIR)
        if self._notices_dir is not None:
            operator, more = load_directory(self._notices_dir)
            notices, problems = notices | operator, problems + more
        self._notices, self._read_at = notices, time.monotonic()
        self._days: dict[date, bool] = {}  # each day's answer from these notices (a count steps through many)
        self._version = _version_of(self._extra_rest_days, self._extra_working_days,
                                    [n for n in notices.values() if not _same_as_package(n)])
        return problems

    def load_notice(self, data: dict) -> HolidayNotice:
        """Validate a year's notice (InvalidNotice names the fields), store it in the notices directory every
        process reads, and use it here at once; the other processes pick it up on their next reread."""
        notice = parse_notice(data)
        if self._notices_dir is None:
            raise RuntimeError("this calendar has no notices directory to store a notice in")
        write_notice(self._notices_dir, notice)
        self.refresh()
        return notice

    def notices(self) -> list[HolidayNotice]:
        """The notices in use (shipped and loaded), by year."""
        return [self._notices[year] for year in sorted(self._notices)]

    @property
    def published_years(self) -> frozenset[int]:
        """Years with a notice in the package data or the notice files (their results are not provisional)."""
        return frozenset(range(FIRST_PUBLISHED_YEAR, LAST_PUBLISHED_YEAR + 1)) | frozenset(self._notices)

    def _fresh(self) -> None:
        interval = self._refresh_interval_s
        if interval is not None and time.monotonic() - self._read_at >= interval:
            self.refresh()

    @property
    def version(self) -> str:
        """The holiday data behind every result, e.g. "chinese-calendar 1.11.0" (+ overlay digest)."""
        return self._version

    def is_working_day(self, d: date) -> bool:
        """Mon–Fri minus rest days plus 调休 make-up working days; the overlay wins (DOMAIN §1.2)."""
        self._fresh()
        return self._working(d)

    def _working(self, d: date) -> bool:
        known = self._days.get(d)
        if known is None:
            known = self._days[d] = self._decide(d)
        return known

    def _decide(self, d: date) -> bool:
        self._require_known_year(d.year)
        if d in self._extra_rest_days:
            return False
        if d in self._extra_working_days:
            return True
        if (notice := self._notices.get(d.year)) is not None:
            return notice.is_working_day(d)
        if is_published_year(d.year):
            return is_published_working_day(d)
        # Unpublished year: weekends and the statutory list only, flagged provisional by callers.
        return d.weekday() < 5 and d not in statutory_holidays(d.year)

    def add_working_days(self, trigger: date, n: int) -> DueDate:
        """The n-th working day after `trigger`; day 1 is the first working day AFTER it (rule G-1)."""
        _require_positive(n)
        self._fresh()
        day, counted = trigger, 0
        while counted < n:
            day += _ONE_DAY
            counted += self._working(day)
        due = self._result(day, consulted=(trigger + _ONE_DAY, day), rule_ids=("G-1",))
        return replace(due, count=Count("add_working_days", trigger, n))

    def subtract_working_days(self, anchor: date, n: int) -> DueDate:
        """The latest date D with `add_working_days(D, n).due <= anchor` (backward clocks, e.g. P-17).

        If `anchor` is a working day, counting n working days forward from D lands exactly on it;
        if not, it lands on the last working day before it. D is the day before the n-th working
        day counted back from `anchor` (inclusive) and may itself be a rest day: an act due "by D"
        may be done on D or earlier. G-6 never applies, since rolling forward would shorten notice.
        """
        _require_positive(n)
        self._fresh()
        day, counted = anchor + _ONE_DAY, 0
        while counted < n:
            day -= _ONE_DAY
            counted += self._working(day)
        due = self._result(day - _ONE_DAY, consulted=(day, anchor), rule_ids=("G-1",))
        return replace(due, count=Count("subtract_working_days", anchor, n))

    def add_calendar_days(self, trigger: date, n: int, *, civil_counting: bool = True) -> DueDate:
        """`trigger` + n days: day 1 is the day after the trigger (rule G-5); then the G-6 roll."""
        _require_positive(n)
        due = self._end_period(trigger + timedelta(days=n), civil_counting)
        return replace(due, count=Count("add_calendar_days", trigger, n, civil_counting))

    def add_months(self, trigger: date, n: int, *, civil_counting: bool = True) -> DueDate:
        """The corresponding date n months on, or that month's last day (rule G-5); then G-6."""
        _require_positive(n)
        due = self._end_period(corresponding_date(trigger, n), civil_counting)
        return replace(due, count=Count("add_months", trigger, n, civil_counting))

    def recount(self, count: Count) -> DueDate:
        """Count a stored `DueDate.count` again with the current data (a provisional date when a notice arrives)."""
        if count.method in ("add_calendar_days", "add_months"):
            return getattr(self, count.method)(count.start, count.n, civil_counting=count.civil_counting)
        if count.method in ("add_working_days", "subtract_working_days"):
            return getattr(self, count.method)(count.start, count.n)
        raise ValueError(f"not a counting method: {count.method!r}")

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; 0 if `end <= start` (rule G-1)."""
        self._fresh()
        days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
        return sum(self._working(day) for day in days)

    def next_working_day(self, d: date) -> DueDate:
        """The first working day strictly after `d` (a lookup, so no rule ids)."""
        return replace(self.add_working_days(d, 1), rule_ids=())

    def _end_period(self, last_day: date, civil_counting: bool) -> DueDate:
        if not civil_counting:
            # No rest-day check, so no day's status was consulted: exact even in unpublished years.
            return DueDate(last_day, False, self._version, ("G-5",))
        self._fresh()
        due = last_day
        while not self._working(due):  # rule G-6: a rest last day rolls to the next working day
            due += _ONE_DAY
        return self._result(due, consulted=(last_day, due), rule_ids=("G-5", "G-6"))

    def _result(self, due: date, *, consulted: tuple[date, date], rule_ids: tuple[str, ...]) -> DueDate:
        first, last = consulted
        provisional = any(not self._published(y) for y in range(first.year, last.year + 1))
        return DueDate(due, provisional, self._version, rule_ids)

    def _published(self, year: int) -> bool:
        return year in self._notices or is_published_year(year)

    def _require_known_year(self, year: int) -> None:
        if self._published(year):
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


def _version_of(extra_rest_days: Iterable[date], extra_working_days: Iterable[date],
                new_notices: Iterable[HolidayNotice] = ()) -> str:
    # Notices the package does not hold, and a regional overlay, change due dates: both are part of the version.
    version = data_version()
    if notices := sorted(new_notices, key=lambda n: n.year):
        version += "+notices." + "-".join(f"{n.year}.{n.digest()[:8]}" for n in notices)
    rest, work = sorted(extra_rest_days), sorted(extra_working_days)
    if not rest and not work:
        return version
    overlay = ";".join([",".join(map(str, rest)), ",".join(map(str, work))])
    return f"{version}+overlay.{hashlib.sha256(overlay.encode()).hexdigest()[:12]}"


def _same_as_package(notice: HolidayNotice) -> bool:
    """True when the package's data already says the same of every day of the notice's year (the shipped files)."""
    if not is_published_year(notice.year):
        return False
    days = (date(notice.year, 1, 1) + timedelta(days=i) for i in range((date(notice.year + 1, 1, 1)
                                                                          - date(notice.year, 1, 1)).days))
    return all(notice.is_working_day(d) == is_published_working_day(d) for d in days)
