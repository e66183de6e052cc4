"""The 双随机 draw (rule R-4: open and fair): freeze the inputs, commit, let at least two parties reveal, derive.

1. `freeze` fixes the roster, the strata counts, the exclusions and the inspector pool, and returns them with
   the commitment: SHA-256 of the canonical JSON of the fields in COMMITTED. It is published before the ceremony.
2. `reveal` checks each party's secret against its commitment, takes the seed from the reveals (and the optional
   public value), draws in each stratum the `count` entities with the smallest tickets and then the inspectors,
   and returns the proof: a JSON document whose canonical bytes anyone re-derives (domain/verification.py,
   tools/verify_draw.py).
A draw is never replaced: a redraw is a new freeze with a new commitment (issue 13).
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import repeat

from inspection_scheduling.domain.canonical import (
    SCHEME,
    SEPARATORS,
    canonical_json,
    secret_commitment,
    seed_of,
    sha256_hex,
)
from inspection_scheduling.domain.frozen_roster import FrozenRoster, freeze_roster
from inspection_scheduling.domain.inspectors import Inspector, assign, pool_json
from inspection_scheduling.domain.roster import (
    Exclusion,
    RosterRow,
    Stratum,
    exclusions_json,
    list_sha256,
    strata_json,
)
from platform_errors import FieldProblem, InvalidInput, RuleViolation

#: the fields the commitment is taken over, in the proof under these names
COMMITTED = ("scheme", "drawn_on", "roster", "strata", "exclusions_sha256", "inspectors_sha256",
             "inspectors_per_object", "parties")
MIN_PARTIES = 2  # rule R-4: no single party can choose the seed
MIN_SECRET_CHARS = 32  # e.g. secrets.token_hex(32): 64 hex digits


class Frozen(dict):
    """The frozen document returned by `freeze`: a plain dict of the frozen fields and the commitment (its JSON is
    the document's), carrying also, as `kept`, the roster as freeze validated, grouped and hashed it, so that
    `reveal` reuses it instead of ordering and hashing the roster again. A copy into another dict drops it, and
    reveal then checks the roster it is given in full."""

    __slots__ = ("kept",)

    def __init__(self, fields: Mapping, roster: FrozenRoster) -> None:
        super().__init__(fields)
        self.kept = roster


def freeze(*, roster: Iterable[RosterRow] | Mapping[str, Sequence[str]], strata: Iterable[Stratum],
           exclusions: Iterable[Exclusion], inspectors: Iterable[Inspector], parties: Mapping[str, str],
           drawn_on: date, inspectors_per_object: int = 2) -> Frozen:
    """The frozen inputs and their commitment; `parties` maps each party id to the SHA-256 of its secret. `roster` is
    rows, or stratum key -> its credit codes (freeze_roster): the same commitment either way."""
    frozen_strata = strata_json(strata)
    counts = {s["key"]: s["count"] for s in frozen_strata}
    kept = freeze_roster(roster, counts)
    excluded = exclusions_json(exclusions)
    _refuse_contradictions(kept, counts, excluded)
    pool = pool_json(inspectors, inspectors_per_object)
    frozen = {"scheme": SCHEME, "drawn_on": drawn_on.isoformat(), "roster": kept.summary,
              "strata": frozen_strata, "exclusions": excluded, "exclusions_sha256": list_sha256(excluded),
              "inspectors": pool, "inspectors_sha256": list_sha256(pool),
              "inspectors_per_object": inspectors_per_object, "parties": _parties(parties)}
    frozen["commitment"] = commitment_of(frozen)
    return Frozen(frozen, kept)


def reveal(frozen: Mapping, roster: Iterable[RosterRow] | Mapping[str, Sequence[str]], reveals: Mapping[str, str],
           public_value: str | None = None) -> dict:
    """The proof of the draw; refused when fewer than two parties reveal, a reveal does not match its party's
    commitment, or the roster is not the frozen one.

    The roster is the frozen one at no cost when `frozen` came from `freeze` and `roster` holds the very row
    objects freeze was given, in the same order, or the same mapping's very tuples (one pass of identity tests); any
    other roster, rows or grouped, is ordered, checked and hashed, and must hash as the frozen one does."""
    counts = {s["key"]: s["count"] for s in frozen["strata"]}
    kept = getattr(frozen, "kept", None)
    if not (isinstance(kept, FrozenRoster) and kept.is_given(roster) and kept.summary == frozen["roster"]
            and kept.groups.keys() <= counts.keys()):
        kept = freeze_roster(roster, counts)
        if kept.summary != frozen["roster"]:
            raise InvalidInput(("名录与冻结时不一致", "the roster is not the one frozen"), errors=[
                FieldProblem("roster", f"its SHA-256 is not {frozen['roster']['sha256']}")])
    revealed = [{"party": party, "secret": secret} for party, secret in sorted(reveals.items())]
    _check_reveals(frozen["parties"], revealed)
    return derive({**frozen, "reveals": revealed, "public_value": public_value}, groups=kept.groups)


def commitment_of(document: Mapping) -> str:
    return sha256_hex(canonical_json({key: document[key] for key in COMMITTED}))


def derive(inputs: Mapping, ordered: Iterable[tuple[str, str]] = (), *,
           groups: Mapping[str, list[str]] | None = None) -> dict:
    """The whole proof from its inputs (the frozen fields, reveals, public value) and the roster: `ordered`, its
    (credit code, stratum) rows, or `groups`, each stratum's codes (the same proof, whatever their order)."""
    seed = seed_of(inputs["commitment"], inputs["reveals"], inputs["public_value"])
    counts = {s["key"]: s["count"] for s in inputs["strata"]}
    selected = select_groups(seed, _grouped(ordered) if groups is None else groups, counts)
    assignments, skips = assign(inputs["inspectors"], inputs["strata"], selected, seed, inputs["drawn_on"],
                                inputs["inspectors_per_object"])
    return {**{key: inputs[key] for key in (*COMMITTED, "exclusions", "inspectors", "commitment")},
            "reveals": sorted(inputs["reveals"], key=lambda r: r["party"]), "public_value": inputs["public_value"],
            "seed": seed.hex(), "selected": selected, "assignments": assignments, "inspector_skips": skips}


def select(seed: bytes, ordered: Iterable[tuple[str, str]], counts: Mapping[str, int]) -> list[dict]:
    """In each stratum the `count` smallest tickets, ranked from 1; ordered by stratum key, then rank. The order
    of the roster plays no part, and a larger count only adds entities."""
    return select_groups(seed, _grouped(ordered), counts)


def _grouped(ordered: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for code, stratum in ordered:
        groups[stratum].append(code)
    return groups


def select_groups(seed: bytes, groups: Mapping[str, list[str]], counts: Mapping[str, int]) -> list[dict]:
    """select() over each stratum's codes: the tickets as digests (bytes order like their lowercase hex), from a
    hash of seed ‖ key ‖ 0x00 copied per code, ranked by (ticket, code) exactly as the smallest (ticket, code)
    pairs (a tie falls to the code).

    Only the digests at or below a bound are kept while hashing: the bound leaves about 2 × count + 64 of the
    stratum's uniform digests below it, and when at least `count` are, the `count` smallest of them are the
    `count` smallest of all. Should fewer be (never seen), the stratum is ranked over every digest."""
    selected = []
    for stratum in sorted(counts):
        codes, count = groups.get(stratum, ()), counts[stratum]
        if not codes or count <= 0:
            continue
        bound = min(((2 * count + 64) << 256) // len(codes), (1 << 256) - 1).to_bytes(32, "big")
        smallest = _digests_up_to(seed, stratum, codes, bound)
        if len(smallest) < count:
            smallest = list(zip(stratum_digests(seed, stratum, codes), codes, strict=True))
        smallest.sort()
        selected += [{"stratum": stratum, "credit_code": code, "ticket": digest.hex(), "rank": rank}
                     for rank, (digest, code) in enumerate(smallest[:count], 1)]
    return selected


def _digests_up_to(seed: bytes, stratum: str, codes: list[str], bound: bytes) -> list[tuple[bytes, str]]:
    """(ticket digest, code) of the codes whose ticket digest is at most `bound`."""
    copy = hashlib.sha256(seed + stratum.encode() + b"\x00").copy
    kept: list[tuple[bytes, str]] = []
    keep = kept.append
    for code, ascii_code in zip(codes, map(str.encode, codes, repeat("ascii")), strict=True):
        h = copy()
        h.update(ascii_code)
        digest = h.digest()
        if digest <= bound:
            keep((digest, code))
    return kept


def stratum_digests(seed: bytes, stratum: str, codes: Iterable[str]) -> list[bytes]:
    """SHA-256(seed ‖ UTF-8 stratum ‖ 0x00 ‖ ASCII code) of each code, as bytes: ticket() without the hex."""
    copy = hashlib.sha256(seed + stratum.encode() + b"\x00").copy
    digests = []
    append = digests.append
    for code in map(str.encode, codes, repeat("ascii")):
        h = copy()
        h.update(code)
        append(h.digest())
    return digests


def tickets_by_stratum(seed: bytes, ordered: Iterable[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """(ticket, credit code) of every roster row, by stratum; ties (never seen with SHA-256) fall to the code."""
    tickets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    prefixes: dict[str, tuple[bytes, Callable]] = {}  # stratum -> (seed ‖ UTF-8 key ‖ 0x00, its list's append)
    sha256 = hashlib.sha256
    for code, stratum in ordered:
        entry = prefixes.get(stratum)
        if entry is None:
            entry = prefixes[stratum] = (seed + stratum.encode() + b"\x00", tickets[stratum].append)
        entry[1]((sha256(entry[0] + code.encode("ascii")).hexdigest(), code))  # = ticket(seed, stratum, code)
    return tickets


def _parties(parties: Mapping[str, str]) -> list[dict[str, str]]:
    """Rule R-4: at least two parties each commit to a secret of their own before the ceremony."""
    problems = [FieldProblem(f"parties[{p}]", "party id empty or holding a separator, or commitment not a "
                             "lowercase SHA-256 hex") for p, c in parties.items()
                if not p or any(s in p for s in SEPARATORS) or len(c) != 64 or c.strip("0123456789abcdef")]
    if problems:
        raise InvalidInput(("抽取参与方无效", "invalid parties"), errors=problems)
    if len(parties) < MIN_PARTIES:
        raise RuleViolation(("至少两方共同产生随机种子", "at least two parties make the seed"), rule="R-4")
    return [{"party": p, "commitment": c} for p, c in sorted(parties.items())]


def _check_reveals(parties: list[dict[str, str]], revealed: list[dict[str, str]]) -> None:
    """Rule R-4: every committed party reveals a secret matching its commitment, and at least two do."""
    committed = {p["party"]: p["commitment"] for p in parties}
    problems = [FieldProblem(f"reveals[{r['party']}]", "no commitment of this party") for r in revealed
                if r["party"] not in committed]
    problems += [FieldProblem(f"reveals[{r['party']}]", "does not match the party's commitment") for r in revealed
                 if r["party"] in committed and secret_commitment(r["secret"]) != committed[r["party"]]]
    problems += [FieldProblem(f"reveals[{r['party']}]", f"shorter than {MIN_SECRET_CHARS} characters")
                 for r in revealed if len(r["secret"]) < MIN_SECRET_CHARS]
    missing = sorted(set(committed) - {r["party"] for r in revealed})
    problems += [FieldProblem(f"reveals[{p}]", "the party committed but did not reveal") for p in missing]
    if len(revealed) < MIN_PARTIES:
        raise RuleViolation(("至少两方揭示秘密", "at least two parties reveal"), rule="R-4", errors=problems)
    if problems:
        raise RuleViolation(("揭示值与承诺不符", "a reveal does not match its commitment"), rule="R-4",
                            errors=problems)


def _refuse_contradictions(kept: FrozenRoster, counts: Mapping[str, int], excluded: list[dict[str, str]]) -> None:
    """An excluded entity is not on the roster, and no stratum draws more than it holds."""
    codes = set().union(*kept.groups.values()) if excluded else set()
    problems = [FieldProblem(f"roster[{e['credit_code']}]", f"excluded ({e['rule']}) yet on the roster")
                for e in excluded if e["credit_code"] in codes]
    sizes = defaultdict(int, {key: stratum["rows"] for key, stratum in kept.summary["strata"].items()})
    problems += [FieldProblem(f"strata[{key}]", f"count {count} exceeds its {sizes[key]} eligible entities")
                 for key, count in counts.items() if count > sizes[key]]
    if problems:
        raise InvalidInput(("抽取输入相互矛盾", "the draw's inputs contradict each other"), errors=problems[:50])
