"""Anyone's check of a published draw: re-derive the proof from its inputs and the roster, and say which input
differs when it does not reproduce; and "why was this enterprise (not) drawn", per credit code with rule ids."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inspection_scheduling.domain.canonical import canonical_json, secret_commitment, seed_of, sha256_hex
from inspection_scheduling.domain.draws import (
    COMMITTED,
    MIN_PARTIES,
    commitment_of,
    derive,
    tickets_by_stratum,
)
from inspection_scheduling.domain.roster import RosterRow, canonical_order, list_sha256, roster_summary
from platform_errors import DomainError

REQUIRED = (*COMMITTED, "exclusions", "inspectors", "commitment", "reveals", "public_value", "seed", "selected",
            "assignments", "inspector_skips")


@dataclass(frozen=True)
class Difference:
    """One thing that does not reproduce: `input` is roster, stratum, reveal, exclusions, inspectors, commitment,
    seed, selection, assignment, inspector_skips or proof; `key` the stratum, party or object where one applies."""

    input: str
    key: str | None
    detail: str


@dataclass(frozen=True)
class Verification:
    differences: tuple[Difference, ...]
    proof_sha256: str | None  # SHA-256 of the canonical bytes re-derived (None when nothing could be derived)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def inputs(self) -> set[tuple[str, str | None]]:
        return {(d.input, d.key) for d in self.differences}


@dataclass(frozen=True)
class Explanation:
    """Why one credit code was (not) drawn: `outcome` is drawn, not_drawn, excluded or not_on_roster."""

    credit_code: str
    outcome: str
    rule: str | None
    detail: str
    stratum: str | None = None
    rank: int | None = None
    of: int | None = None
    count: int | None = None
    ticket: str | None = None
    inspectors: tuple[str, ...] = ()


def verify(proof: Mapping, roster: Iterable[RosterRow], published_commitment: str | None = None) -> Verification:
    """Re-derive `proof` from its inputs and `roster`; `published_commitment`, when given, is the one published
    before the ceremony."""
    missing = [key for key in REQUIRED if key not in proof]
    if missing:
        return Verification(tuple(Difference("proof", key, "missing") for key in missing), None)
    ordered = canonical_order({(row.credit_code, row.stratum) for row in roster})
    differences = [*_roster(proof, ordered), *_hashes(proof), *_reveals(proof), *_commitment(proof, published_commitment)]
    seed = seed_of(proof["commitment"], proof["reveals"], proof["public_value"]).hex()
    if seed != proof["seed"]:
        differences.append(Difference("seed", None, f"the reveals and public value give {seed}, not {proof['seed']}"))
    try:
        derived = derive(proof, ordered)
    except DomainError as refusal:
        return Verification((*differences, Difference("derivation", None, str(refusal))), None)
    differences += [*_selection(proof, derived), *_assignments(proof, derived)]
    if derived["inspector_skips"] != proof["inspector_skips"]:
        differences.append(Difference("inspector_skips", None, "the logged skips differ from the re-derived ones"))
    reproduced = canonical_json(derived)
    if not differences and reproduced != canonical_json(proof):
        differences.append(Difference("proof", None, "fields outside the draw differ"))
    return Verification(tuple(differences), sha256_hex(reproduced))


def why(credit_code: str, proof: Mapping, roster: Iterable[RosterRow]) -> tuple[Explanation, ...]:
    """Rank of the entity's ticket in each stratum it is in, from the seed re-derived from the reveals (verify()
    says whether the proof as a whole holds)."""
    excluded = [e for e in proof["exclusions"] if e["credit_code"] == credit_code]
    if excluded:
        return tuple(Explanation(credit_code, "excluded", e["rule"], f"{e['reason']}: {e['detail']}".rstrip(": "))
                     for e in excluded)
    ordered = sorted({(row.credit_code, row.stratum) for row in roster})
    strata = sorted({stratum for code, stratum in ordered if code == credit_code})
    if not strata:
        return (Explanation(credit_code, "not_on_roster", None, "on the frozen roster of no stratum of this draw"),)
    seed = seed_of(proof["commitment"], proof["reveals"], proof["public_value"])
    tickets = tickets_by_stratum(seed, (row for row in ordered if row[1] in strata))
    counts = {s["key"]: s["count"] for s in proof["strata"]}
    assigned = {(a["stratum"], a["credit_code"]): tuple(a["inspectors"]) for a in proof["assignments"]}
    return tuple(_ranked(credit_code, stratum, tickets[stratum], counts.get(stratum, 0), assigned)
                 for stratum in strata)


def _ranked(code: str, stratum: str, tickets: list[tuple[str, str]], count: int,
            assigned: Mapping[tuple[str, str], tuple[str, ...]]) -> Explanation:
    """Rule R-4: drawn when the ticket's rank among the stratum's tickets is at most the stratum's count."""
    mine = next(t for t in tickets if t[1] == code)
    rank = 1 + sum(1 for t in tickets if t < mine)
    drawn = rank <= count
    detail = (f"ticket rank {rank} of {len(tickets)} <= count {count}: drawn" if drawn
              else f"ticket rank {rank} of {len(tickets)} > count {count}: not drawn")
    return Explanation(code, "drawn" if drawn else "not_drawn", "R-4", detail, stratum, rank, len(tickets), count,
                       mine[0], assigned.get((stratum, code), ()) if drawn else ())


def _roster(proof: Mapping, ordered: list[tuple[str, str]]) -> list[Difference]:
    claimed, actual = proof["roster"], roster_summary(ordered)
    if claimed == actual:
        return []
    keys = sorted(set(claimed["strata"]) | set(actual["strata"]))
    differences = [Difference("roster", key, f"stratum {key}: the roster given has {_rows(actual, key)}, the proof "
                              f"{_rows(claimed, key)}") for key in keys
                   if claimed["strata"].get(key) != actual["strata"].get(key)]
    return differences or [Difference("roster", None, f"SHA-256 {actual['sha256']}, the proof {claimed['sha256']}")]


def _rows(summary: Mapping, key: str) -> str:
    stratum = summary["strata"].get(key)
    return "no rows" if stratum is None else f"{stratum['rows']} rows hashing to {stratum['sha256']}"


def _hashes(proof: Mapping) -> list[Difference]:
    return [Difference(name, None, f"its list hashes to {list_sha256(proof[name])}, not {proof[name + '_sha256']}")
            for name in ("exclusions", "inspectors") if list_sha256(proof[name]) != proof[name + "_sha256"]]


def _reveals(proof: Mapping) -> list[Difference]:
    """Rule R-4: each committed party revealed the secret it committed to, and at least two did."""
    committed = {p["party"]: p["commitment"] for p in proof["parties"]}
    revealed = {r["party"]: r["secret"] for r in proof["reveals"]}
    differences = [Difference("reveal", party, "this party made no commitment" if party not in committed else
                              f"the secret hashes to {secret_commitment(secret)}, the party committed to "
                              f"{committed[party]}") for party, secret in sorted(revealed.items())
                   if committed.get(party) != secret_commitment(secret)]
    differences += [Difference("reveal", party, "committed but did not reveal")
                    for party in sorted(set(committed) - set(revealed))]
    if len(revealed) < MIN_PARTIES:
        differences.append(Difference("reveal", None, "fewer than two parties revealed (R-4)"))
    return differences


def _commitment(proof: Mapping, published: str | None) -> list[Difference]:
    differences = []
    if (recomputed := commitment_of(proof)) != proof["commitment"]:
        differences.append(Difference("commitment", None, f"the frozen inputs hash to {recomputed}, not to the "
                                      f"commitment {proof['commitment']}"))
    if published is not None and published != proof["commitment"]:
        differences.append(Difference("commitment", None, f"published {published}, the proof {proof['commitment']}"))
    return differences


def _selection(proof: Mapping, derived: Mapping) -> list[Difference]:
    claimed, rederived = _by_stratum(proof["selected"]), _by_stratum(derived["selected"])
    differences = []
    for stratum in proof["strata"]:
        key, theirs, mine = stratum["key"], claimed.pop(stratum["key"], []), rederived.get(stratum["key"], [])
        if len(theirs) != stratum["count"]:
            differences.append(Difference("stratum", key, f"count {stratum['count']}, yet the proof selects "
                                          f"{len(theirs)}"))
        elif theirs != mine:
            only_mine = sorted({s["credit_code"] for s in mine} - {s["credit_code"] for s in theirs})
            only_theirs = sorted({s["credit_code"] for s in theirs} - {s["credit_code"] for s in mine})
            differences.append(Difference("selection", key, f"re-derived only: {only_mine or '-'}; in the proof "
                                          f"only: {only_theirs or '-'} (or tickets, ranks differ)"))
    differences += [Difference("selection", key, "not a stratum of the draw") for key in sorted(claimed)]
    return differences


def _assignments(proof: Mapping, derived: Mapping) -> list[Difference]:
    claimed = {(a["stratum"], a["credit_code"]): a for a in proof["assignments"]}
    rederived = {(a["stratum"], a["credit_code"]): a for a in derived["assignments"]}
    return [Difference("assignment", f"{key[0]} {key[1]}", f"re-derived {_names(rederived.get(key))}, the proof "
                       f"{_names(claimed.get(key))}") for key in sorted(set(claimed) | set(rederived))
            if claimed.get(key) != rederived.get(key)]


def _names(assignment: Mapping | None) -> str:
    return "none" if assignment is None else ", ".join(assignment["inspectors"])


def _by_stratum(selected: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for item in selected:
        grouped[item["stratum"]].append(item)
    return grouped
