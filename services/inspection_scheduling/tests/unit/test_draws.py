"""The 双随机 draw: frozen inputs, commit then reveal by at least two parties, smallest tickets win (R-4)."""

import hashlib
import json
import random
from dataclasses import replace

import pytest

from inspection_scheduling.domain.canonical import canonical_json, secret_commitment
from inspection_scheduling.domain.draws import COMMITTED, reveal, select
from inspection_scheduling.domain.roster import Exclusion, RosterRow
from platform_errors import InvalidInput, RuleViolation


def selected_codes(proof: dict) -> dict[str, set[str]]:
    drawn: dict[str, set[str]] = {}
    for item in proof["selected"]:
        drawn.setdefault(item["stratum"], set()).add(item["credit_code"])
    return drawn


def test_r4_the_same_inputs_give_the_same_proof_byte_for_byte(ceremony):
    first, second = ceremony.run(), ceremony.run()
    assert canonical_json(first) == canonical_json(second)
    assert json.loads(canonical_json(first)) == first  # the proof is plain JSON
    assert {k: len(codes) for k, codes in selected_codes(first).items()} == {s.key: s.count for s in ceremony.strata}
    assert [i["stratum"] for i in first["selected"]] == sorted(i["stratum"] for i in first["selected"])


def test_r4_the_order_of_the_roster_plays_no_part(ceremony):
    before = canonical_json(ceremony.run())
    random.Random(4).shuffle(ceremony.roster)
    assert canonical_json(ceremony.run()) == before


def test_r4_the_smallest_tickets_of_each_stratum_win_by_the_documented_encoding(ceremony):
    proof = ceremony.run()
    reveals = sorted(({"party": p, "secret": s} for p, s in ceremony.secrets.items()), key=lambda r: r["party"])
    preimage = json.dumps({"commitment": proof["commitment"], "public_value": ceremony.public_value,
                           "reveals": reveals}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    seed = hashlib.sha256(preimage.encode("utf-8")).digest()
    assert seed.hex() == proof["seed"]
    for stratum in ceremony.strata:
        tickets = sorted((hashlib.sha256(seed + stratum.key.encode() + b"\x00" + row.credit_code.encode()).hexdigest(),
                          row.credit_code) for row in ceremony.roster if row.stratum == stratum.key)
        assert selected_codes(proof)[stratum.key] == {code for _, code in tickets[:stratum.count]}


def test_r4_the_commitment_is_the_sha256_of_the_canonical_frozen_fields(ceremony):
    frozen = ceremony.freeze()
    preimage = json.dumps({k: frozen[k] for k in COMMITTED}, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")
    assert frozen["commitment"] == hashlib.sha256(preimage).hexdigest()
    # canonical order: by stratum key, then credit code (scheme /2)
    lines = "".join(f"{r.credit_code}\t{r.stratum}\n" for r in sorted(ceremony.roster,
                                                                      key=lambda r: (r.stratum, r.credit_code)))
    assert frozen["roster"]["sha256"] == hashlib.sha256(lines.encode()).hexdigest()
    assert "seed" not in frozen and "selected" not in frozen  # nothing random exists before the reveals


def test_r4_drawing_more_only_adds_entities():
    rnd = random.Random(2026)
    for _ in range(200):
        seed = rnd.randbytes(32)
        rows = [(f"91{rnd.randrange(10**16):016d}", f"M|330203|{rnd.choice('ABCD')}") for _ in range(rnd.randint(1, 60))]
        sizes = {s: sum(1 for _, k in rows if k == s) for _, s in rows}
        small = {s: rnd.randint(0, n) for s, n in sizes.items()}
        large = {s: rnd.randint(c, sizes[s]) for s, c in small.items()}
        fewer = {(i["stratum"], i["credit_code"], i["rank"]) for i in select(seed, sorted(set(rows)), small)}
        more = {(i["stratum"], i["credit_code"], i["rank"]) for i in select(seed, sorted(set(rows)), large)}
        assert fewer <= more


def test_r4_a_one_byte_change_to_a_reveal_draws_differently(ceremony):
    before = selected_codes(ceremony.run())
    party = "东港市司法局"
    ceremony.secrets[party] = "6" + ceremony.secrets[party][1:]
    assert selected_codes(ceremony.run()) != before


def test_r4_a_one_byte_change_to_a_roster_row_draws_differently(ceremony):
    before = ceremony.run()
    row = ceremony.roster[7]
    ceremony.roster[7] = replace(row, credit_code=row.credit_code[:-1] + ("1" if row.credit_code[-1] != "1" else "2"))
    after = ceremony.run()
    assert after["commitment"] != before["commitment"] and after["seed"] != before["seed"]
    assert selected_codes(after) != selected_codes(before)


def test_r4_a_changed_stratum_count_draws_differently(ceremony):
    before = ceremony.run()
    ceremony.strata[1] = replace(ceremony.strata[1], count=6)
    after = ceremony.run()
    assert after["commitment"] != before["commitment"]
    assert selected_codes(after) != selected_codes(before)


def test_r4_a_single_party_is_refused(ceremony):
    del ceremony.secrets["东港市市场监督管理局"]
    with pytest.raises(RuleViolation) as refused:
        ceremony.freeze()
    assert refused.value.rule == "R-4"


def test_r4_fewer_than_two_reveals_are_refused(ceremony):
    frozen = ceremony.freeze()
    with pytest.raises(RuleViolation) as refused:
        reveal(frozen, ceremony.roster, {"东港市司法局": ceremony.secrets["东港市司法局"]})
    assert refused.value.rule == "R-4"


def test_r4_a_reveal_not_matching_its_commitment_is_refused(ceremony):
    frozen = ceremony.freeze()
    secrets = {**ceremony.secrets, "东港市司法局": "0" * 64}
    with pytest.raises(RuleViolation) as refused:
        reveal(frozen, ceremony.roster, secrets)
    assert refused.value.rule == "R-4"
    assert [e.field for e in refused.value.errors] == ["reveals[东港市司法局]"]


def test_r4_a_party_reveal_is_a_secret_not_a_guessable_word(ceremony):
    ceremony.secrets["东港市司法局"] = "8888"
    with pytest.raises(RuleViolation):
        ceremony.run()


def test_r4_the_roster_revealed_against_must_be_the_frozen_one(ceremony):
    frozen = ceremony.freeze()
    with pytest.raises(InvalidInput):
        reveal(frozen, ceremony.roster[1:], ceremony.secrets)


def test_r4_a_stratum_draws_no_more_than_it_holds(ceremony):
    ceremony.strata[0] = replace(ceremony.strata[0], count=10_000)
    with pytest.raises(InvalidInput) as refused:
        ceremony.freeze()
    assert [e.field for e in refused.value.errors] == [f"strata[{ceremony.strata[0].key}]"]


def test_r1_e4_exclusions_are_inputs_recorded_in_the_proof_with_their_rule(ceremony):
    proof = ceremony.run()
    assert [(e["reason"], e["rule"]) for e in proof["exclusions"]] == [("annual_cap_reached", "E-4"),
                                                                        ("special_sector", "R-1")]
    excluded = {e["credit_code"] for e in proof["exclusions"]}
    assert excluded.isdisjoint(i["credit_code"] for i in proof["selected"])
    assert proof["exclusions_sha256"] == hashlib.sha256(canonical_json(proof["exclusions"])).hexdigest()


def test_r2_e3_e5_each_reason_cites_its_own_rules(ceremony):
    code = ceremony.exclusions[0].credit_code
    ceremony.exclusions = [Exclusion(code, "annual_cap_reached", "E-3"),
                           Exclusion(code, "inspected_without_findings", "E-5", "2025-11-03, nothing found"),
                           Exclusion(code, "deregistered", "R-2", "注销 2026-01-05")]
    assert len(ceremony.freeze()["exclusions"]) == 3
    ceremony.exclusions = [Exclusion(code, "deregistered", "E-4")]
    with pytest.raises(InvalidInput):
        ceremony.freeze()


def test_r4_an_excluded_entity_on_the_roster_is_refused(ceremony):
    ceremony.exclusions.append(Exclusion(ceremony.roster[0].credit_code, "special_sector", "R-1"))
    with pytest.raises(InvalidInput) as refused:
        ceremony.freeze()
    assert "excluded (R-1)" in refused.value.errors[0].message


def test_r4_malformed_roster_rows_refuse_the_whole_roster(ceremony):
    ceremony.roster.append(RosterRow("91330200MA2XXXXXXO", ceremony.strata[0].key))  # O is not in GB 32100
    ceremony.roster.append(RosterRow(ceremony.roster[0].credit_code, "没有|这个|分层"))
    with pytest.raises(InvalidInput) as refused:
        ceremony.freeze()
    assert len(refused.value.errors) == 2


def test_r4_parties_commit_to_a_sha256_of_their_secret(ceremony):
    assert secret_commitment("abc") == hashlib.sha256(b"abc").hexdigest()
    frozen = ceremony.freeze()
    assert [p["party"] for p in frozen["parties"]] == sorted(ceremony.secrets)
