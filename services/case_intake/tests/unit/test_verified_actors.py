"""Who the record and the rules name as acting: the verified person (P-1, E-1, P-3), and the hash chain that
protects the verified subject and client of each act (P-13), with links from before tokens still verifying."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from case_intake.domain.errors import NotPermitted
from case_intake.domain.officers import ActedBy, Certificate, check_actor
from case_intake.domain.record_chain import GENESIS, Actor, StoredLink, canonical, link_hash, verify


def _person(person_no: str, *, department="D", certificate=True, auxiliary=False,
            valid_to=date(2030, 1, 1)) -> Certificate:
    return Certificate(person_no, person_no, department, f"ZF{person_no}" if certificate else None,
                       date(2020, 1, 1), valid_to, auxiliary, False, ())


ON = date(2026, 3, 1)


def test_p1_a_certified_officer_of_the_agency_may_act_on_its_case():
    check_actor("a", _person("a"), "D", ON, by=ActedBy.officer, recused=set())


@pytest.mark.parametrize("certificate, rule", [
    (None, "P-1"),  # not in the personnel copy at all
    (_person("a", department="OTHER"), "P-1"),  # an officer of another agency
    (_person("a", valid_to=date(2025, 12, 31)), "P-1"),  # certificate expired before the act
    (_person("a", certificate=False), "P-1"),  # no enforcement certificate
    (_person("a", certificate=False, auxiliary=True), "E-1"),  # auxiliary staff
])
def test_p1_an_act_by_someone_not_a_certified_officer_of_the_agency_on_that_date_is_refused(certificate, rule):
    with pytest.raises(NotPermitted) as refused:
        check_actor("a", certificate, "D", ON, by=ActedBy.officer, recused=set())
    assert refused.value.rule == rule


def test_e1_auxiliary_staff_never_act_alone_not_even_to_approve():
    with pytest.raises(NotPermitted) as refused:
        check_actor("x", _person("x", certificate=False, auxiliary=True), "D", ON, by=ActedBy.agency, recused=set())
    assert refused.value.rule == "E-1"


def test_p3_an_officer_granted_recusal_does_not_act_on_the_case():
    with pytest.raises(NotPermitted) as refused:
        check_actor("a", _person("a"), "D", ON, by=ActedBy.officer, recused={"a"})
    assert refused.value.rule == "P-3"


def test_p1_the_head_approves_without_an_enforcement_certificate_but_only_for_the_own_agency():
    head = _person("head", certificate=False)
    check_actor("head", head, "D", ON, by=ActedBy.agency, recused=set(), rule="S-4")
    with pytest.raises(NotPermitted) as refused:
        check_actor("head", head, "OTHER", ON, by=ActedBy.agency, recused=set(), rule="S-4")
    assert refused.value.rule == "S-4"


AT = datetime(2026, 1, 1, tzinfo=UTC)


def _link(previous: str, seq: int, who: Actor) -> StoredLink:
    content = {"seq": seq, "amount": "5000.00"}
    return StoredLink(seq, seq, "act", who.subject, AT, content, previous,
                      link_hash(previous, seq, "act", who, AT, content), who.client, who.acting_client)


def _chain(*actors: Actor) -> list[StoredLink]:
    links, previous = [], GENESIS
    for seq, who in enumerate(actors, start=1):
        links.append(_link(previous, seq, who))
        previous = links[-1].hash
    return links


OFFICER = Actor("DG-P1", "dg-case-system", "dg-case-system")


def test_p13_a_link_written_before_tokens_hashes_as_it_always_did_and_still_verifies():
    """Old links (no client) keep their canonical form: a chain begun before identity and continued after it."""
    assert canonical(1, "act", Actor("demo"), AT, {}) == canonical(1, "act", "demo", AT, {})
    assert b"client" not in canonical(1, "act", "demo", AT, {})
    links = _chain(Actor("demo"), OFFICER, Actor("case_intake", "case_intake"))
    assert verify(links, head_seq=3, head_hash=links[-1].hash).intact


@pytest.mark.parametrize("tampered", [
    {"actor": "DG-P2"},  # another officer's name put in
    {"client": "another-system"},  # the client changed
    {"client": None, "acting_client": None},  # the verified client removed, as if the link were an old one
    {"acting_client": None},  # the on-behalf-of system removed
])
def test_p13_the_verified_subject_and_client_of_a_link_are_protected_by_its_hash(tampered):
    links = _chain(Actor("demo"), OFFICER, OFFICER)
    links[1] = replace(links[1], **tampered)
    found = verify(links, head_seq=3, head_hash=links[-1].hash)
    assert not found.intact and found.first_break.seq == 2
