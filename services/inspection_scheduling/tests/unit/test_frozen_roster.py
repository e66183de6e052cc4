"""freeze keeps the roster it ordered and hashed, and the draw reuses it: the same summary, the same refusals and
the same proofs, byte for byte, as ordering and hashing the roster row by row (README "Encodings")."""

import hashlib
import random
from dataclasses import replace

import pytest

from inspection_scheduling.domain.canonical import canonical_json, ticket
from inspection_scheduling.domain.draws import derive, reveal, select, select_groups, stratum_digests
from inspection_scheduling.domain.frozen_roster import freeze_roster
from inspection_scheduling.domain.roster import RosterRow, roster_summary, sorted_roster
from platform_errors import InvalidInput

from .conftest import credit_codes

#: keys one of which is a prefix of another, keys beyond ASCII, and a key with a control character after the prefix
KEYS = ("食品经营|330203|A", "食品经营|330203|AB", "特种设备|330205|B", "m|330205|B\x01", "m|330205|B", "Ä|330205|€")


def mixed_roster(seed: int) -> list[RosterRow]:
    """Entities in one to three strata each, in a shuffled order."""
    rnd, rows = random.Random(seed), []
    for code in credit_codes(300, seed):
        rows += [RosterRow(code, key) for key in rnd.sample(KEYS, rnd.randint(1, 3))]
    rnd.shuffle(rows)
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_roster_is_the_row_by_row_roster(seed: int) -> None:
    rows, counts = mixed_roster(seed), dict.fromkeys(KEYS, 1)
    ordered = sorted_roster(rows, counts)
    kept = freeze_roster(rows, counts)
    whole = hashlib.sha256("".join(f"{c}\t{s}\n" for c, s in ordered).encode()).hexdigest()
    assert kept.summary == roster_summary(ordered) and kept.summary["sha256"] == whole
    assert kept.ordered() == ordered
    assert freeze_roster([], counts).summary == roster_summary([])


def test_the_kept_roster_refuses_what_sorted_roster_refuses() -> None:
    rows, counts = mixed_roster(4), dict.fromkeys(KEYS, 1)
    for bad in ([*rows, rows[7]], [*rows, RosterRow("91330200MA2XXXXXXO", KEYS[0])],
                [*rows, RosterRow(rows[0].credit_code, "没有|这个|分层")]):
        with pytest.raises(InvalidInput) as row_by_row:
            sorted_roster(bad, counts)
        with pytest.raises(InvalidInput) as kept:
            freeze_roster(bad, counts)
        assert kept.value.errors == row_by_row.value.errors


def test_tickets_by_digest_are_the_defined_tickets_and_select_the_same() -> None:
    seed, rows = bytes(range(32)), mixed_roster(5)
    codes = [r.credit_code for r in rows if r.stratum == KEYS[1]]
    assert [d.hex() for d in stratum_digests(seed, KEYS[1], codes)] == [ticket(seed, KEYS[1], c) for c in codes]
    counts = {key: n for n, key in enumerate(KEYS)}
    ordered = sorted_roster(rows, counts)
    expected = []
    for key in sorted(counts):
        pairs = sorted((ticket(seed, s, c), c) for c, s in ordered if s == key)[:counts[key]]
        expected += [{"stratum": key, "credit_code": c, "ticket": t, "rank": r} for r, (t, c) in enumerate(pairs, 1)]
    assert select(seed, ordered, counts) == expected
    assert select_groups(seed, freeze_roster(rows, counts).groups, counts) == expected


def test_reveal_reuses_the_frozen_roster_and_checks_any_other(ceremony) -> None:
    frozen = ceremony.freeze()
    proof = reveal(frozen, ceremony.roster, ceremony.secrets, ceremony.public_value)
    shuffled = list(ceremony.roster)
    random.Random(9).shuffle(shuffled)
    copied = [replace(row) for row in ceremony.roster]  # equal rows, other objects: ordered and hashed again
    for roster in (shuffled, copied, iter(copied)):
        assert canonical_json(reveal(frozen, roster, ceremony.secrets, ceremony.public_value)) \
            == canonical_json(proof)
    plain = dict(frozen)  # a copy has no kept roster: the roster given is checked in full
    assert canonical_json(reveal(plain, ceremony.roster, ceremony.secrets, ceremony.public_value)) \
        == canonical_json(proof)
    assert canonical_json(derive(proof, sorted_roster(ceremony.roster, {s.key: 1 for s in ceremony.strata}))) \
        == canonical_json(proof)
    changed = [*ceremony.roster[:-1], replace(ceremony.roster[-1], credit_code=ceremony.roster[0].credit_code)]
    for roster in (ceremony.roster[1:], changed):
        with pytest.raises(InvalidInput):
            reveal(frozen, roster, ceremony.secrets, ceremony.public_value)


def test_a_stratum_with_too_few_digests_under_the_bound_is_ranked_over_all(monkeypatch) -> None:
    from inspection_scheduling.domain import draws

    seed, rows = bytes(range(32)), mixed_roster(6)
    counts = {key: 3 for key in KEYS}
    expected = select(seed, sorted_roster(rows, counts), counts)
    monkeypatch.setattr(draws, "_digests_up_to", lambda *args: [])
    assert select(seed, sorted_roster(rows, counts), counts) == expected and len(expected) == 3 * len(KEYS)


def test_inspectors_are_assigned_as_by_the_row_by_row_inspector_tickets(ceremony, make_inspector) -> None:
    """Every eligible inspector's ticket by inspector_ticket(), the `per_object` smallest (load, ticket, id)."""
    from inspection_scheduling.domain.canonical import inspector_seed, inspector_ticket
    from inspection_scheduling.domain.inspectors import assign

    codes = [row.credit_code for row in ceremony.roster]
    ceremony.inspectors += [make_inspector(20 + n, conflicts=tuple(codes[n::7]), specialties=("食品",))
                            for n in range(5)]
    proof = ceremony.run()
    seed, per_object = bytes.fromhex(proof["seed"]), proof["inspectors_per_object"]
    assignments, _ = assign(proof["inspectors"], proof["strata"], proof["selected"], seed, proof["drawn_on"], per_object)
    assert assignments == proof["assignments"]
    iseed, specialty = inspector_seed(seed), {s["key"]: s["specialty"] for s in proof["strata"]}
    skipped = {s["inspector"] for s in proof["inspector_skips"] if s["stratum"] is None}
    load, expected = {i["id"]: 0 for i in proof["inspectors"] if i["id"] not in skipped}, []
    for obj in proof["selected"]:
        stratum, code = obj["stratum"], obj["credit_code"]
        ranked = sorted((load[i["id"]], inspector_ticket(iseed, stratum, code, i["id"]), i["id"])
                        for i in proof["inspectors"] if i["id"] in load and code not in i["conflicts"]
                        and specialty[stratum] in (None, *i["specialties"]))
        chosen = [inspector_id for _, _, inspector_id in ranked[:per_object]]
        for inspector_id in chosen:
            load[inspector_id] += 1
        expected.append({"stratum": stratum, "credit_code": code, "inspectors": chosen})
    assert assignments == expected
    assert any(s["reason"] == "conflict" for s in proof["inspector_skips"])


@pytest.mark.parametrize("seed", [1, 2])
def test_a_grouped_roster_freezes_as_its_rows_do(seed: int) -> None:
    """stratum key -> codes, in code order or not, as tuples or lists: the summary, lines and refusals of the rows,
    and the canonical lines are the strata's blocks in key order."""
    rows, counts = mixed_roster(seed), dict.fromkeys(KEYS, 1)
    by_rows = freeze_roster(rows, counts)
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(row.stratum, []).append(row.credit_code)
    in_order = {key: tuple(sorted(codes)) for key, codes in grouped.items()}
    ordered = sorted_roster(rows, counts)
    lines = "".join(f"{c}\t{s}\n" for c, s in ordered).encode()
    assert [s for _, s in ordered] == sorted(s for _, s in ordered)  # one block per stratum, blocks in key order
    for roster in (grouped, in_order):
        kept = freeze_roster(roster, counts)
        assert kept.summary == by_rows.summary == roster_summary(ordered)
        assert kept.lines() == by_rows.lines() == lines and kept.ordered() == by_rows.ordered() == ordered
    assert freeze_roster({}, counts).summary == roster_summary([])
    for bad in ({**in_order, KEYS[0]: (*in_order[KEYS[0]], in_order[KEYS[0]][0])},
                {**in_order, KEYS[0]: ("91330200MA2XXXXXXO",)}, {**in_order, "没有|这个|分层": in_order[KEYS[0]]}):
        with pytest.raises(InvalidInput) as row_by_row:
            sorted_roster([RosterRow(c, k) for k, codes in bad.items() for c in codes], counts)
        with pytest.raises(InvalidInput) as kept:
            freeze_roster(bad, counts)
        assert kept.value.errors == row_by_row.value.errors


def test_reveal_of_a_grouped_roster_gives_the_proof_of_its_rows(ceremony) -> None:
    from inspection_scheduling.application.draw_inputs import compressed, roster_of, rows_of
    from inspection_scheduling.domain.canonical import secret_commitment
    from inspection_scheduling.domain.draws import freeze

    from .conftest import DRAWN_ON

    proof = reveal(ceremony.freeze(), ceremony.roster, ceremony.secrets, ceremony.public_value)
    grouped = {key: tuple(codes) for key, codes in
               ((key, sorted(r.credit_code for r in ceremony.roster if r.stratum == key))
                for key in {r.stratum for r in ceremony.roster})}
    frozen = freeze(roster=grouped, strata=ceremony.strata, exclusions=ceremony.exclusions,
                    inspectors=ceremony.inspectors, parties={p: secret_commitment(s) for p, s in ceremony.secrets.items()},
                    drawn_on=DRAWN_ON, inspectors_per_object=ceremony.per_object)
    assert frozen == ceremony.freeze()  # the same frozen document and commitment as from the rows
    assert frozen.kept.is_given(grouped) and not frozen.kept.is_given(dict(reversed(grouped.items())) | {"x": ()})
    stored = compressed(frozen.kept.lines())
    assert roster_of(stored) == grouped and rows_of(stored) == frozen.kept.ordered()
    for roster in (grouped, {k: list(v)[::-1] for k, v in grouped.items()}, ceremony.roster, roster_of(stored)):
        assert canonical_json(reveal(frozen, roster, ceremony.secrets, ceremony.public_value)) \
            == canonical_json(proof)
    shuffled = compressed(b"".join(sorted(frozen.kept.lines().splitlines(keepends=True))))  # not one block each
    assert isinstance(roster_of(shuffled), list)
    with pytest.raises(InvalidInput):
        reveal(frozen, {**grouped, next(iter(grouped)): ()}, ceremony.secrets, ceremony.public_value)
