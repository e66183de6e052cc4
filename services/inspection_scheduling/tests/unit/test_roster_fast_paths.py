"""The roster's bulk checks and hashes (one regex, one hash call per stratum, tickets with a cached prefix) give
exactly what the row-by-row definitions of README "Encodings" give, and refuse what they refuse."""

import hashlib

import pytest

from inspection_scheduling.domain.canonical import roster_line, ticket
from inspection_scheduling.domain.draws import tickets_by_stratum
from inspection_scheduling.domain.roster import RosterRow, roster_summary, sorted_roster
from platform_errors import InvalidInput

from .conftest import credit_codes

STRATA = {"食品经营|330203|A": 1, "特种设备|330205|B": 1}


def rows(codes: list[str]) -> list[RosterRow]:
    keys = sorted(STRATA)
    return [RosterRow(code, keys[n % 2]) for n, code in enumerate(codes)]


def test_summary_is_the_line_by_line_hash() -> None:
    ordered = sorted_roster(rows(credit_codes(50)), STRATA)
    whole, per = hashlib.sha256(), {}
    for code, stratum in ordered:
        whole.update(roster_line(code, stratum))
        per.setdefault(stratum, hashlib.sha256()).update(roster_line(code, stratum))
    summary = roster_summary(iter(ordered))
    assert summary["sha256"] == whole.hexdigest() and summary["rows"] == 50
    assert {k: v["sha256"] for k, v in summary["strata"].items()} == {k: h.hexdigest() for k, h in per.items()}
    assert roster_summary([]) == {"sha256": hashlib.sha256().hexdigest(), "rows": 0, "strata": {}}


def test_tickets_are_the_defined_ones() -> None:
    seed, ordered = bytes(range(32)), sorted_roster(rows(credit_codes(20)), STRATA)
    tickets = tickets_by_stratum(seed, ordered)
    assert sorted(t for ts in tickets.values() for t in ts) == sorted((ticket(seed, s, c), c) for c, s in ordered)


def test_order_plays_no_part() -> None:
    given = rows(credit_codes(30))
    assert sorted_roster(given, STRATA) == sorted_roster(given[::-1], STRATA) \
        == [(c, s) for s, c in sorted((r.stratum, r.credit_code) for r in given)]


@pytest.mark.parametrize("bad", [
    ["91330203MA2H4K7X9", "91330203MA2H4K7X9QQ"],  # 17 + 19 characters: 36 in all, like two codes
    ["91330203MA2H4K7X9\n91330203MA2H4K7X9Q"],  # two codes in one row
    ["91330203MA2H4K7X9I"],  # I is not of the charset
    ["91330203ma2h4k7x9q"],
])
def test_every_malformed_code_is_still_named(bad: list[str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        sorted_roster(rows([*credit_codes(4), *bad]), STRATA)
    assert sorted(p.field for p in refused.value.errors) == sorted(f"roster[{code}]" for code in bad)


def test_r4_a_roster_with_a_repeated_row_is_refused_whole_naming_the_row():
    """A repeated row is a roster that is not what was meant (an import run twice, a join gone wrong): refused, as
    the README says, never silently counted once."""
    import pytest

    from inspection_scheduling.domain.roster import RosterRow, sorted_roster
    from platform_errors import InvalidInput

    code = "91210681MA0XXXXX1A"
    rows = [RosterRow(code, "m|210681|A"), RosterRow("91210681MA0XXXXX2B", "m|210681|A"), RosterRow(code, "m|210681|A")]
    with pytest.raises(InvalidInput) as refused:
        sorted_roster(rows, {"m|210681|A": 1})
    assert [p.field for p in refused.value.errors] == [f"roster[{code}]"]
