"""A year's holiday notice as data an operator loads (DOMAIN §1.2): validated, read from a directory, and every
result counted with it records the new calendar version and is no longer provisional."""

import json
from datetime import date

import pytest

from platform_calendar import Count, WorkCalendar
from platform_calendar.notices import SHIPPED_DIR, InvalidNotice, load_directory, parse_notice, write_notice


def notice(**overrides) -> dict:
    return {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知", "document_number": "国办发明电〔2026〕1号",
            "published_on": "2026-11-20", "rest_days": ["2027-01-01", "2027-01-02", "2027-01-03",
                                                        *(f"2027-02-{d:02d}" for d in range(5, 14))],
            "working_days": ["2027-01-31", "2027-02-20"]} | overrides


def fields(data: dict) -> list[str]:
    with pytest.raises(InvalidNotice) as refused:
        parse_notice(data)
    return [e["field"] for e in refused.value.errors]


def test_a_notice_names_its_rest_days_and_its_makeup_working_days():
    parsed = parse_notice(notice())
    assert parsed.year == 2027 and parsed.document_number == "国办发明电〔2026〕1号"
    assert not parsed.is_working_day(date(2027, 2, 10))  # a weekday in the Spring Festival rest
    assert parsed.is_working_day(date(2027, 1, 31))  # a Sunday 调休 working day
    assert not parsed.is_working_day(date(2027, 1, 30)) and parsed.is_working_day(date(2027, 1, 29))


def test_dates_outside_the_year_are_refused_naming_the_field():
    assert fields(notice(rest_days=["2027-01-01", "2026-12-31"])) == ["rest_days[1]"]


def test_a_day_both_rest_and_working_is_refused():
    assert fields(notice(working_days=["2027-01-02"])) == ["working_days[0]"]


def test_a_makeup_working_day_on_a_weekday_is_refused():
    assert fields(notice(working_days=["2027-01-29"])) == ["working_days[0]"]


def test_missing_text_bad_dates_and_a_notice_without_weekday_rest_are_refused():
    assert fields(notice(source=" ", rest_days=["2027-13-01"])) == ["source", "rest_days[0]"]
    assert fields(notice(rest_days=["2027-01-02", "2027-01-03"], working_days=[])) == ["rest_days"]
    assert fields(notice(year="2027")) == ["year"]


def test_the_shipped_2025_and_2026_notices_say_what_the_package_says():
    notices, problems = load_directory(SHIPPED_DIR)
    assert sorted(notices) == [2025, 2026] and problems == []
    assert WorkCalendar().version == "chinese-calendar 1.11.0"  # so nothing already stored is recomputed


def test_g1_a_loaded_notice_makes_its_year_known_and_changes_the_version(tmp_path):
    calendar = WorkCalendar(unknown_year="provisional", notices_dir=tmp_path)
    before = calendar.add_working_days(date(2027, 2, 3), 3)
    assert (before.due, before.provisional) == (date(2027, 2, 10), True)  # statutory list only: 4, 9, 10
    write_notice(tmp_path, parse_notice(notice()))
    assert calendar.refresh() == []
    after = calendar.recount(before.count)
    assert (after.due, after.provisional) == (date(2027, 2, 16), False)  # 4, then 5–13 Feb rest: 15, 16
    assert calendar.version.startswith("chinese-calendar 1.11.0+notices.2027.")
    assert after.calendar_version == calendar.version


def test_a_refused_or_misnamed_file_is_skipped_and_reported(tmp_path):
    (tmp_path / "2027.json").write_text(json.dumps(notice(working_days=["2027-01-29"])), encoding="utf-8")
    (tmp_path / "2028.json").write_text(json.dumps(notice()), encoding="utf-8")
    calendar = WorkCalendar(unknown_year="provisional", notices_dir=tmp_path)
    problems = calendar.refresh()
    assert len(problems) == 2 and problems[0].startswith("2027.json: working_days[0]")
    assert calendar.add_working_days(date(2027, 2, 3), 1).provisional


def test_a_count_is_kept_with_the_due_date_and_counted_again_alike():
    calendar = WorkCalendar()
    for due in (calendar.add_working_days(date(2025, 9, 25), 10), calendar.add_calendar_days(date(2025, 9, 1), 30),
                calendar.add_months(date(2025, 1, 31), 1), calendar.subtract_working_days(date(2025, 10, 20), 7)):
        assert calendar.recount(Count.from_json(due.count.as_json())) == due
