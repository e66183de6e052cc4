"""Inspectors drawn per object: certified on the draw date (E-1), no conflict and at least two (R-10)."""

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from inspection_scheduling.domain.draws import reveal
from platform_errors import RuleViolation

DRAWN_ON = date(2026, 3, 2)  # the ceremony's draw date (conftest)


def drawn_inspectors(proof: dict) -> set[str]:
    return {i for a in proof["assignments"] for i in a["inspectors"]}


def skipped(proof: dict, inspector_id: str) -> list[tuple[str, str]]:
    return [(s["reason"], s["rule"]) for s in proof["inspector_skips"] if s["inspector"] == inspector_id]


def test_r10_every_drawn_object_has_two_inspectors(ceremony):
    proof = ceremony.run()
    assert [(a["stratum"], a["credit_code"]) for a in proof["assignments"]] == [
        (i["stratum"], i["credit_code"]) for i in proof["selected"]]
    assert all(len(set(a["inspectors"])) == 2 for a in proof["assignments"])


def test_e1_an_auxiliary_is_never_drawn(ceremony, make_inspector):
    ceremony.inspectors.append(make_inspector(90, auxiliary=True))
    proof = ceremony.run()
    assert "33020090" not in drawn_inspectors(proof)
    assert skipped(proof, "33020090") == [("auxiliary", "E-1")]


def test_e1_staff_without_a_certificate_are_never_drawn(ceremony, make_inspector):
    ceremony.inspectors.append(make_inspector(91, certificate_valid_from=None, certificate_valid_until=None))
    proof = ceremony.run()
    assert "33020091" not in drawn_inspectors(proof)
    assert skipped(proof, "33020091") == [("no_certificate", "E-1")]


def test_e1_a_certificate_expired_on_the_draw_date_is_never_drawn(ceremony, make_inspector):
    ceremony.inspectors = [make_inspector(n, certificate_valid_until=date(2026, 3, 1)) for n in range(1, 5)]
    ceremony.inspectors += [make_inspector(n, certificate_valid_until=DRAWN_ON) for n in range(5, 9)]  # last valid day
    ceremony.inspectors.append(make_inspector(9, certificate_valid_from=date(2026, 3, 3)))
    proof = ceremony.run()
    assert drawn_inspectors(proof) <= {f"3302{n:04d}" for n in range(5, 9)}
    assert skipped(proof, "33020001") == [("certificate_expired", "E-1")]
    assert skipped(proof, "33020009") == [("certificate_not_yet_valid", "E-1")]


def test_r10_an_inspector_with_a_declared_conflict_never_inspects_that_entity(ceremony):
    food = {r.credit_code for r in ceremony.roster if r.stratum.startswith("食品经营")}
    ceremony.inspectors[0] = replace(ceremony.inspectors[0], conflicts=tuple(food))
    conflicted = ceremony.inspectors[0].inspector_id
    proof = ceremony.run()
    for a in proof["assignments"]:
        assert a["credit_code"] not in food or conflicted not in a["inspectors"]
        assert len(a["inspectors"]) == 2
    assert conflicted in {i for a in proof["assignments"] for i in a["inspectors"]}  # drawn elsewhere
    logged = [(s["credit_code"], s["rule"]) for s in proof["inspector_skips"] if s["reason"] == "conflict"]
    assert logged == [(i["credit_code"], "R-10") for i in proof["selected"] if i["credit_code"] in food]


def test_r10_a_pool_too_small_for_two_inspectors_per_object_is_refused_naming_the_object(ceremony, make_inspector):
    ceremony.inspectors = [make_inspector(1), make_inspector(2, auxiliary=True), make_inspector(3, specialties=("食品",))]
    frozen = ceremony.freeze()
    with pytest.raises(RuleViolation) as refused:
        reveal(frozen, ceremony.roster, ceremony.secrets, ceremony.public_value)
    assert refused.value.rule == "R-10"
    assert refused.value.extra["stratum"].startswith("特种设备")  # only one 特种设备 inspector is eligible


def test_r10_fewer_than_two_inspectors_per_object_cannot_be_configured(ceremony):
    ceremony.per_object = 1
    with pytest.raises(RuleViolation) as refused:
        ceremony.freeze()
    assert refused.value.rule == "R-10"


def test_r10_three_per_object_when_configured(ceremony):
    ceremony.per_object = 3
    assert all(len(a["inspectors"]) == 3 for a in ceremony.run()["assignments"])


def test_r2_only_inspectors_holding_the_stratum_specialty_are_drawn_for_it(ceremony, make_inspector):
    ceremony.inspectors = [make_inspector(n, specialties=("食品",)) for n in range(1, 5)]
    ceremony.inspectors += [make_inspector(n, specialties=("特种设备",)) for n in range(5, 9)]
    proof = ceremony.run()
    food = {f"3302{n:04d}" for n in range(1, 5)}
    for a in proof["assignments"]:
        if a["stratum"].startswith("食品经营"):
            assert set(a["inspectors"]) <= food
        elif a["stratum"].endswith("|B"):
            assert not set(a["inspectors"]) & food
    assert ("specialty", "R-2") in skipped(proof, "33020001")


def test_r10_the_workload_is_balanced_across_the_pool(ceremony, make_inspector):
    ceremony.inspectors = [make_inspector(n) for n in range(1, 8)]
    loads = Counter(i for a in ceremony.run()["assignments"] for i in a["inspectors"])
    assert sum(loads.values()) == 2 * 14 and len(loads) == 7
    assert max(loads.values()) - min(loads.values()) <= 1
