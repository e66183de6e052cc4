"""The handling deadline is configurable per region (§10 hotline.handling_deadline_wd; rules H-3, H-7, H-11)."""

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from hotline_ingestion.application.clocks import Clocks
from hotline_ingestion.domain.sla import SlaPolicy
from hotline_ingestion.settings import Settings
from platform_calendar import WorkCalendar

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
CLOCKS = Clocks(SlaPolicy(), WorkCalendar(), {"2106": SlaPolicy.h11_example(), "210681": SlaPolicy(handling_wd=2)})


def test_h7_a_region_without_its_own_policy_uses_the_default_five_working_days():
    assert CLOCKS.handling(MONDAY, "咨询", "一般", "210500").due == date(2026, 3, 9)


def test_h11_a_city_policy_applies_to_its_districts():
    assert CLOCKS.handling(MONDAY, "咨询", "一般", "210603").due == date(2026, 3, 5)  # 3 WD
    assert CLOCKS.handling(MONDAY, "投诉", "一般", "210603").due == date(2026, 3, 19)  # 13 WD


def test_h3_the_most_specific_region_wins():
    assert CLOCKS.handling(MONDAY, "投诉", "一般", "210681").due == date(2026, 3, 4)  # the county's 2 WD


def test_region_policies_are_read_from_configuration_and_bad_prefixes_refused(monkeypatch):
    monkeypatch.setenv("HOTLINE_INGESTION_SLA_BY_REGION", '{"2106": {"handling_wd": 7}}')
    assert Settings().sla_by_region["2106"].handling_wd == 7
    monkeypatch.setenv("HOTLINE_INGESTION_SLA_BY_REGION", '{"21068": {"handling_wd": 7}}')
    with pytest.raises(ValidationError):
        Settings()


def test_h3_a_townships_own_policy_applies_to_its_villages_before_the_countys():
    from hotline_ingestion.application.clocks import Clocks
    from hotline_ingestion.domain.sla import SlaPolicy

    county, township = SlaPolicy(handling_wd=4), SlaPolicy(handling_wd=3)
    clocks = Clocks(SlaPolicy(), calendar=None, by_region={"210681": county, "210681001": township})
    assert clocks.policy_for("210681001002") is township
    assert clocks.policy_for("210681002003") is county
    assert clocks.policy_for("210681") is county
