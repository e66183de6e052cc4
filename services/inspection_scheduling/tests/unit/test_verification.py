"""verify() re-derives a published draw and names the input that differs; why() answers per credit code (R-4)."""

import copy
from dataclasses import replace

import pytest

from inspection_scheduling.domain.canonical import canonical_json, sha256_hex
from inspection_scheduling.domain.verification import verify, why


@pytest.fixture
def published(ceremony):
    return ceremony.run()


def test_r4_a_published_draw_reproduces_byte_for_byte(ceremony, published):
    result = verify(published, list(reversed(ceremony.roster)), published_commitment=published["commitment"])
    assert result.ok and result.differences == ()
    assert result.proof_sha256 == sha256_hex(canonical_json(published))


def test_r4_a_changed_reveal_is_named_with_its_party(ceremony, published):
    tampered = copy.deepcopy(published)
    tampered["reveals"][0]["secret"] = "6" + tampered["reveals"][0]["secret"][1:]
    result = verify(tampered, ceremony.roster)
    assert ("reveal", tampered["reveals"][0]["party"]) in result.inputs
    assert ("seed", None) in result.inputs and not result.ok


def test_r4_a_changed_roster_row_is_named_with_its_stratum(ceremony, published):
    row = ceremony.roster[10]
    roster = [*ceremony.roster[:10], replace(row, credit_code=row.credit_code[:-1] + "Y"), *ceremony.roster[11:]]
    result = verify(published, roster)
    assert [d.key for d in result.differences if d.input == "roster"] == [row.stratum]


def test_r4_a_changed_stratum_count_is_named_with_its_stratum(ceremony, published):
    tampered = copy.deepcopy(published)
    tampered["strata"][2]["count"] += 1
    result = verify(tampered, ceremony.roster)
    assert ("stratum", tampered["strata"][2]["key"]) in result.inputs
    assert ("commitment", None) in result.inputs


def test_r4_a_commitment_other_than_the_published_one_is_named(ceremony, published):
    result = verify(published, ceremony.roster, published_commitment="0" * 64)
    assert result.inputs == {("commitment", None)}


def test_r4_a_swapped_selection_is_named(ceremony, published):
    tampered = copy.deepcopy(published)
    drawn = {i["credit_code"] for i in tampered["selected"]}
    stratum = tampered["selected"][0]["stratum"]
    tampered["selected"][0]["credit_code"] = next(r.credit_code for r in ceremony.roster
                                                  if r.stratum == stratum and r.credit_code not in drawn)
    assert ("selection", stratum) in verify(tampered, ceremony.roster).inputs


def test_r10_an_assignment_edited_after_the_draw_is_named_with_its_object(ceremony, published):
    tampered = copy.deepcopy(published)
    tampered["assignments"][0]["inspectors"][0] = "33020099"
    first = tampered["assignments"][0]
    assert verify(tampered, ceremony.roster).inputs == {("assignment", f"{first['stratum']} {first['credit_code']}")}


def test_r4_a_proof_missing_a_field_is_named():
    assert ("proof", "seed") in verify({}, []).inputs


def test_r4_why_a_drawn_entity_was_drawn(ceremony, published):
    first = published["selected"][0]
    (answer,) = why(first["credit_code"], published, ceremony.roster)
    assert (answer.outcome, answer.rule, answer.rank, answer.ticket) == ("drawn", "R-4", 1, first["ticket"])
    assert answer.inspectors == tuple(published["assignments"][0]["inspectors"])


def test_r4_why_an_entity_was_not_drawn_gives_its_rank(ceremony, published):
    drawn = {i["credit_code"] for i in published["selected"]}
    code = next(r.credit_code for r in ceremony.roster if r.credit_code not in drawn)
    (answer,) = why(code, published, ceremony.roster)
    assert answer.outcome == "not_drawn" and answer.rank > answer.count
    assert answer.detail == f"ticket rank {answer.rank} of {answer.of} > count {answer.count}: not drawn"


def test_e4_why_an_excluded_entity_was_not_drawn_names_the_rule(ceremony, published):
    excluded = ceremony.exclusions[0]
    (answer,) = why(excluded.credit_code, published, ceremony.roster)
    assert (answer.outcome, answer.rule) == ("excluded", "E-4")


def test_r4_why_an_entity_on_no_roster_was_not_drawn(ceremony, published):
    (answer,) = why("91330200MA2AAAAAA1", published, ceremony.roster)
    assert (answer.outcome, answer.rule) == ("not_on_roster", None)
