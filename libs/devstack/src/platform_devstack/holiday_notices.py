"""A holiday-notice directory for tests: every service of the session reads it (its CALENDAR__NOTICES_DIR), so a
test loads a year's notice the way an operator does — a file in the directory — and the services pick it up."""

import atexit
import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

#: env prefixes of the services that count deadlines on the holiday calendar
SERVICES = ("CASE_INTAKE_", "HOTLINE_INGESTION_", "LEGALITY_REVIEW_", "INSPECTION_SCHEDULING_")

#: A 2027 notice made up for tests (the real one is not out on 2026-12-03): 元旦 1–3 Jan; 春节 5–13 Feb (除夕 on
#: Friday 5 Feb) with Sunday 31 Jan and Saturday 20 Feb as 调休 working days; 清明 3–5 Apr; 劳动节 1–5 May with
#: Sunday 25 Apr as working day; 端午 9–11 Jun; 中秋 15–17 Sep (Wed–Fri) with Sunday 19 Sep working; 国庆 1–7 Oct
#: with Saturday 9 Oct working.
TEST_NOTICE_2027 = {
    "year": 2027, "source": "测试用：国务院办公厅关于2027年部分节假日安排的通知（非真实文件）",
    "document_number": "测试〔2026〕1号", "published_on": "2026-11-20",
    "rest_days": ["2027-01-01", "2027-01-02", "2027-01-03",
                  *(f"2027-02-{d:02d}" for d in range(5, 14)),
                  "2027-04-03", "2027-04-04", "2027-04-05",
                  *(f"2027-05-{d:02d}" for d in range(1, 6)),
                  "2027-06-09", "2027-06-10", "2027-06-11",
                  "2027-09-15", "2027-09-16", "2027-09-17",
                  *(f"2027-10-{d:02d}" for d in range(1, 8))],
    "working_days": ["2027-01-31", "2027-02-20", "2027-04-25", "2027-09-19", "2027-10-09"],
}


class Rereads(Protocol):
    def refresh(self) -> list[str]: ...


class NoticeDirectory:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, notice: dict) -> Path:
        """What an operator does: the year's file into the directory (each service's next pickup reads it)."""
        target = self.path / f"{notice['year']}.json"
        target.write_text(json.dumps(notice, ensure_ascii=False), encoding="utf-8")
        return target

    def unload(self, year: int) -> None:
        (self.path / f"{year}.json").unlink(missing_ok=True)

    @contextlib.contextmanager
    def loaded(self, notice: dict, calendar: Rereads) -> Iterator[None]:
        """The notice in the directory for the block; then gone again, and `calendar` back to what it knew (the
        session's other tests expect the year unpublished)."""
        self.load(notice)
        try:
            yield
        finally:
            self.unload(notice["year"])
            calendar.refresh()


def point_services_at_a_new_directory(base: Path) -> NoticeDirectory:
    """An empty directory every service of this process reads its notices from (set before any Settings())."""
    base.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="holiday-notices-", dir=base))
    atexit.register(shutil.rmtree, path, True)
    for prefix in SERVICES:
        os.environ.setdefault(f"{prefix}CALENDAR__NOTICES_DIR", str(path))
    return NoticeDirectory(Path(os.environ[f"{SERVICES[0]}CALENDAR__NOTICES_DIR"]))
