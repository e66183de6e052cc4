"""Yearly caps per enterprise (E-3 per agency, E-4 combined): what one more routine visit would pass."""

from inspection_scheduling.domain.caps import YearCounts, cap_reached
from inspection_scheduling.domain.policy import AnnualCap

CAP = AnnualCap(agency=2, combined=4)


def test_e3_an_agency_at_its_cap_is_refused_one_more_routine_visit():
    counts = YearCounts(by_agency={"SCJ": 2}, combined=2)
    refused = cap_reached(counts, {"SCJ"}, {"SCJ": CAP})
    assert refused is not None and refused.rule == "E-3" and refused.department == "SCJ"
    assert (refused.used, refused.cap) == (2, 2)


def test_e4_the_combined_cap_refuses_an_agency_still_under_its_own():
    counts = YearCounts(by_agency={"SCJ": 1, "HBJ": 2, "YJJ": 1}, combined=4)
    refused = cap_reached(counts, {"SCJ"}, {"SCJ": CAP})
    assert refused is not None and refused.rule == "E-4" and refused.department is None


def test_e4_joining_a_visit_already_counted_adds_no_entry_to_the_combined_count():
    counts = YearCounts(by_agency={"SCJ": 1, "HBJ": 1}, combined=4)
    assert cap_reached(counts, {"SCJ"}, {"SCJ": CAP}, joins_existing_visit=True) is None


def test_e3_a_sector_cap_applies_to_that_sectors_agency():
    counts = YearCounts(by_agency={"WJW": 1}, combined=1)
    assert cap_reached(counts, {"WJW"}, {"WJW": AnnualCap(agency=1, combined=4)}).rule == "E-3"
    assert cap_reached(counts, {"WJW"}, {"WJW": CAP}) is None


def test_e3_an_enterprise_never_visited_is_under_every_cap():
    assert cap_reached(YearCounts(), {"SCJ", "HBJ"}, {"SCJ": CAP, "HBJ": CAP}) is None
