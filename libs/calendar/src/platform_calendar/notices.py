"""A year's 国务院办公厅 holiday notice as data an operator loads (DOMAIN §1.2 "versioned data, not code").

One JSON file per year, `<year>.json`, in a directory given by each service's setting:

    {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知", "document_number": "国办发明电〔2026〕N号",
     "published_on": "2026-11-…", "rest_days": ["2027-01-01", …], "working_days": ["2027-02-…", …]}

`rest_days` are every day off the notice declares (weekend days inside a holiday span included); `working_days` are
its 调休 make-up working days, always weekend days. Other days of the year are Monday–Friday working days.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

#: The notices this package ships (2025 and 2026, the same days as the chinese_calendar data): the format by example.
SHIPPED_DIR = Path(__file__).parent / "notices"


@dataclass(frozen=True, slots=True)
class HolidayNotice:
    year: int
    rest_days: frozenset[date]
    working_days: frozenset[date]  # 调休上班日
    source: str  # the notice's title
    document_number: str  # 文号
    published_on: date | None = None

    def is_working_day(self, d: date) -> bool:
        """Mon–Fri minus the notice's rest days plus its 调休 make-up working days (DOMAIN §1.2)."""
        if d in self.working_days:
            return True
        return d.weekday() < 5 and d not in self.rest_days

    def as_json(self) -> dict:
        return {"year": self.year, "source": self.source, "document_number": self.document_number,
                "published_on": self.published_on.isoformat() if self.published_on else None,
                "rest_days": sorted(d.isoformat() for d in self.rest_days),
                "working_days": sorted(d.isoformat() for d in self.working_days)}

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()[:12]


class InvalidNotice(ValueError):
    """The notice is refused; `errors` name each field and what is wrong (a problem+json 422 lists them)."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def parse_notice(data: Mapping[str, object]) -> HolidayNotice:
    """Validate a notice: dates inside its year, no day both rest and working, 调休 working days on weekends."""
    errors: list[dict[str, str]] = []
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors.append({"field": "year", "message": "a year between 2000 and 2100"})
        year = None
    texts = {name: data.get(name) for name in ("source", "document_number")}
    errors += [{"field": name, "message": "required text (the notice's title / 文号)"}
               for name, text in texts.items() if not isinstance(text, str) or not text.strip()]
    published_on = _one_date(data.get("published_on"), "published_on", errors) if data.get("published_on") else None
    rest = _days(data.get("rest_days"), "rest_days", year, errors)
    working = _days(data.get("working_days", []), "working_days", year, errors)
    for i, d in sorted((i, d) for d, i in working.items()):
        if d.weekday() < 5:
            errors.append({"field": f"working_days[{i}]", "message": f"{d} is a weekday: a 调休 working day is a "
                                                                     "Saturday or Sunday"})
        if d in rest:
            errors.append({"field": f"working_days[{i}]", "message": f"{d} is also a rest day"})
    if year is not None and rest and not any(d.weekday() < 5 for d in rest):
        errors.append({"field": "rest_days", "message": "no rest day falls on a weekday: not a holiday notice"})
    if errors:
        raise InvalidNotice(errors)
    return HolidayNotice(year, frozenset(rest), frozenset(working), str(texts["source"]).strip(),
                         str(texts["document_number"]).strip(), published_on)


def _days(value: object, name: str, year: int | None, errors: list[dict[str, str]]) -> dict[date, int]:
    if not isinstance(value, list) or (name == "rest_days" and not value):
        errors.append({"field": name, "message": "a list of ISO dates" + (" (at least one)" if name == "rest_days"
                                                                           else "")})
        return {}
    days: dict[date, int] = {}
    for i, item in enumerate(value):
        d = _one_date(item, f"{name}[{i}]", errors)
        if d is None:
            continue
        if year is not None and d.year != year:
            errors.append({"field": f"{name}[{i}]", "message": f"{d} is outside {year}"})
        elif d in days:
            errors.append({"field": f"{name}[{i}]", "message": f"{d} is listed twice"})
        days.setdefault(d, i)
    return days


def _one_date(value: object, field: str, errors: list[dict[str, str]]) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors.append({"field": field, "message": f"{value!r} is not an ISO date (YYYY-MM-DD)"})
    return None


def load_directory(directory: Path) -> tuple[dict[int, HolidayNotice], list[str]]:
    """Every valid `<year>.json` of the directory, and a line per refused file (the file is skipped, never guessed).

    A missing directory holds no notices. A file whose name and `year` disagree is refused.
    """
    notices: dict[int, HolidayNotice] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            notice = parse_notice(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:  # unreadable, not JSON, or InvalidNotice
            problems.append(f"{path.name}: {exc}")
            continue
        if path.stem != str(notice.year):
            problems.append(f"{path.name}: holds the notice for {notice.year}; name it {notice.year}.json")
            continue
        notices[notice.year] = notice
    return notices, problems


def write_notice(directory: Path, notice: HolidayNotice) -> Path:
    """Store a validated notice as `<year>.json` (written aside, then renamed: a reader never sees half a file)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{notice.year}.json"
    partial = directory / f".{notice.year}.json.partial"
    partial.write_text(json.dumps(notice.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    partial.replace(target)
    return target
