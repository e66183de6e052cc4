"""What a draw freezes before any randomness exists: the eligible roster, the strata with their counts, the exclusions.

Exclusions are decided before the draw (by the caps, the inspection history, the object pool) and only recorded
here with their rule id; the draw itself never excludes anyone.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice, repeat
from operator import attrgetter, eq, is_, itemgetter

from inspection_scheduling.domain.canonical import (
    CREDIT_CODE,
    SEPARATORS,
    canonical_json,
    sha256_hex,
)
from platform_errors import FieldProblem, InvalidInput

#: why an entity is left out of a draw, with the rule ids each reason may cite
EXCLUSION_RULES: Mapping[str, tuple[str, ...]] = {
    "annual_cap_reached": ("E-3", "E-4"),  # rule E-3, E-4: the yearly cap per agency / combined is reached
    "inspected_without_findings": ("E-5",),  # rule E-5: checked within the configured period, nothing found
    "deregistered": ("R-2",),  # rule R-2: the object pool is kept current; a 注销 entity is no object
    "special_sector": ("R-1",),  # rule R-1: special sectors (safety, health) are not drawn at random
}


@dataclass(frozen=True)
class RosterRow:
    """One eligible entity in one stratum; an entity in several strata (several matters) has one row in each."""

    credit_code: str
    stratum: str


@dataclass(frozen=True)
class Stratum:
    """Matter × 区划 × credit class, with the number drawn from it fixed in advance; `specialty` is what an
    inspector of this matter must hold (None: any)."""

    matter: str
    region: str
    credit_class: str
    count: int
    specialty: str | None = None

    @property
    def key(self) -> str:
        return f"{self.matter}|{self.region}|{self.credit_class}"

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "matter": self.matter, "region": self.region, "credit_class": self.credit_class,
                "count": self.count, "specialty": self.specialty}


@dataclass(frozen=True)
class Exclusion:
    credit_code: str
    reason: str
    rule: str
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        return {"credit_code": self.credit_code, "reason": self.reason, "rule": self.rule, "detail": self.detail}


def strata_json(strata: Iterable[Stratum]) -> list[dict[str, object]]:
    """The strata as frozen: validated, ordered by key."""
    strata = list(strata)
    problems = [FieldProblem(f"strata[{s.key}]", message) for s in strata for message in _stratum_problems(s)]
    keys = [s.key for s in strata]
    problems += [FieldProblem(f"strata[{k}]", "stratum listed twice") for k in sorted(set(keys)) if keys.count(k) > 1]
    if problems:
        raise InvalidInput(("分层无效", "invalid strata"), errors=problems)
    return sorted((s.as_json() for s in strata), key=lambda s: str(s["key"]))


def exclusions_json(exclusions: Iterable[Exclusion]) -> list[dict[str, str]]:
    """The exclusions as frozen: each with a reason and a rule that reason may cite, ordered by credit code."""
    items = [e.as_json() for e in exclusions]
    problems = [FieldProblem(f"exclusions[{e['credit_code']}]", message) for e in items
                for message in _exclusion_problems(e)]
    if problems:
        raise InvalidInput(("排除记录无效", "invalid exclusions"), errors=problems)
    return sorted(items, key=lambda e: (e["credit_code"], e["reason"], e["rule"], e["detail"]))


def sorted_roster(rows: Iterable[RosterRow], strata: Mapping[str, int]) -> list[tuple[str, str]]:
    """The roster ordered by credit code (then stratum), refused whole if one row is malformed, repeated or in a
    stratum without a count."""
    ordered = list(map(attrgetter("credit_code", "stratum"), rows))
    ordered.sort()  # linear when the rows come in order already (a query ORDER BY credit_code, stratum)
    if any(map(eq, ordered, islice(ordered, 1, None))):  # a row given twice: the roster is not what was meant
        repeated = sorted({a for a, b in zip(ordered, ordered[1:], strict=False) if a == b})  # neighbours
        raise InvalidInput(("名录无效：有重复行", "invalid roster: repeated rows"),
                           errors=[FieldProblem(f"roster[{code}]", f"repeated in stratum {stratum!r}")
                                   for code, stratum in repeated[:50]])
    if _codes_well_formed(list(map(itemgetter(0), ordered))) and set(map(itemgetter(1), ordered)) <= strata.keys():
        return ordered  # the fast check below (one regex over all codes) found nothing to name
    problems = [FieldProblem(f"roster[{code}]", "not a 统一社会信用代码") for code, _ in ordered
                if not CREDIT_CODE.fullmatch(code)]
    problems += [FieldProblem(f"roster[{code}]", f"stratum {stratum!r} has no count") for code, stratum in ordered
                 if stratum not in strata]
    if problems:
        raise InvalidInput(("名录无效", "invalid roster"), errors=problems[:50])
    return ordered


def roster_summary(ordered: Iterable[tuple[str, str]]) -> dict[str, object]:
    """SHA-256 and row count of the whole roster and of each stratum's rows, over the roster lines in order: the
    bytes of roster_line() one after the other, hashed in one call per stratum and one for the whole (the same
    digests as hashing line by line, without a hash update per row)."""
    rows = ordered if isinstance(ordered, list) else list(ordered)
    codes: dict[str, list[str]] = defaultdict(list)  # stratum -> its codes in roster order (first seen first)
    for code, stratum in rows:
        codes[stratum].append(code)
    whole = "\n".join(map("\t".join, rows)) + "\n" if rows else ""
    per = {stratum: {"rows": len(members), "sha256": sha256_hex(_stratum_lines(stratum, members))}
           for stratum, members in codes.items()}
    return {"sha256": sha256_hex(whole.encode()), "rows": len(rows), "strata": per}


def _stratum_lines(stratum: str, codes: list[str]) -> bytes:
    """The roster lines of one stratum, in order: each code, TAB, the stratum key, LF (UTF-8)."""
    tail = f"\t{stratum}\n"
    return (tail.join(codes) + tail).encode()


@dataclass(frozen=True, eq=False)
class FrozenRoster:
    """The roster as `freeze` validated and hashed it, kept so that the draw neither orders nor hashes it again.

    `rows` are the row objects given, in the order given: a roster handed to the draw holding the very same
    (immutable) objects in the same order is this roster (`is_given`), checked in one pass of identity tests;
    any other is ordered and hashed again and compared. `groups`: each stratum's credit codes in the order given
    (the draw's tickets do not depend on the order; the given order is the one that walks memory in sequence).
    `summary`: roster_summary() of the ordered roster, byte for byte."""

    rows: tuple
    groups: dict[str, list[str]]
    summary: dict[str, object]

    def is_given(self, roster: object) -> bool:
        return (isinstance(roster, list | tuple) and len(roster) == len(self.rows)
                and all(map(is_, roster, self.rows)))

    def ordered(self) -> list[tuple[str, str]]:
        """The roster ordered by credit code, then stratum (what sorted_roster returns)."""
        return sorted((code, stratum) for stratum, codes in self.groups.items() for code in codes)


def freeze_roster(rows: Iterable[RosterRow], strata: Mapping[str, int]) -> FrozenRoster:
    """sorted_roster() and roster_summary() in one: the same refusals and the same digests, with each stratum's
    codes sorted on their own and the whole roster merged from those sorted runs instead of sorting (code, stratum)
    tuples.

    The merged lines are `code TAB key` with the key's UTF-8 bytes held one per character (decoded as Latin-1):
    such strings compare as their bytes, UTF-8 bytes order like the code points, and every credit code has 18
    characters (checked first), so they order exactly like (code, stratum); encoded as Latin-1 they are the UTF-8
    roster lines. Any refusal goes through sorted_roster() itself, which names the rows."""
    given = tuple(rows)
    codes = list(map(attrgetter("credit_code"), given))
    stratum_of = list(map(attrgetter("stratum"), given))
    keys = set(stratum_of)
    if not keys <= strata.keys() or not _codes_well_formed(codes):
        return _frozen_row_by_row(given, strata)
    groups: dict[str, list[str]] = {key: [] for key in sorted(keys)}
    append = {key: members.append for key, members in groups.items()}
    for code, stratum in zip(codes, stratum_of, strict=True):
        append[stratum](code)
    per, merged = {}, []
    for stratum, members in groups.items():
        # the stratum's lines in order, made in one pass over the sorted codes: the passes below read them in the
        # order they were made, instead of reading strings scattered by the sort
        run = list(map(str.__add__, sorted(members), repeat(f"\t{stratum}".encode().decode("latin-1"))))
        if any(map(eq, run, islice(run, 1, None))):  # a repeated row: refused by sorted_roster, named
            return _frozen_row_by_row(given, strata)
        per[stratum] = {"rows": len(run), "sha256": sha256_hex(("\n".join(run) + "\n").encode("latin-1"))}
        merged += run
    merged.sort()  # one sorted run per stratum: merged
    whole = ("\n".join(merged) + "\n").encode("latin-1") if merged else b""
    return FrozenRoster(given, groups, {"sha256": sha256_hex(whole), "rows": len(given), "strata": per})


def _frozen_row_by_row(given: tuple, strata: Mapping[str, int]) -> FrozenRoster:
    ordered = sorted_roster(given, strata)  # raises, naming the rows, when a row is malformed or repeated
    groups: dict[str, list[str]] = defaultdict(list)
    for code, stratum in ordered:
        groups[stratum].append(code)
    return FrozenRoster(given, dict(groups), roster_summary(ordered))


#: CREDIT_CODE's characters, and LF
_CODE_CHARS = re.compile(r"[0-9A-HJ-NPQRTUWXY\n]*")


def _codes_well_formed(codes: list[str]) -> bool:
    """Every code matches CREDIT_CODE, checked over all of them at once: joined by LF, the LFs are exactly at every
    19th place and nowhere else, and every other character is of the charset. False sends the roster through the
    row-by-row check, which names each malformed code."""
    n = len(codes)
    if not n:
        return True
    joined = "\n".join(codes)
    return (len(joined) == 19 * n - 1 and joined.count("\n") == n - 1 and joined[18::19] == "\n" * (n - 1)
            and _CODE_CHARS.fullmatch(joined) is not None)


def list_sha256(items: list[dict[str, object]]) -> str:
    return sha256_hex(canonical_json(items))


def _stratum_problems(stratum: Stratum) -> list[str]:
    parts = (stratum.matter, stratum.region, stratum.credit_class, stratum.specialty or "-")
    problems = ["a part is empty or holds a tab, line break, NUL or '|'" for part in parts
                if not part or any(s in part for s in SEPARATORS)][:1]
    if not (stratum.region.isdigit() and len(stratum.region) in (6, 9, 12)):
        problems.append("区划 is a code of 6, 9 or 12 digits")
    if isinstance(stratum.count, bool) or not isinstance(stratum.count, int) or stratum.count < 0:
        problems.append("count is a whole number >= 0")
    return problems


def _exclusion_problems(exclusion: Mapping[str, str]) -> list[str]:
    problems = [] if CREDIT_CODE.fullmatch(exclusion["credit_code"]) else ["not a 统一社会信用代码"]
    allowed = EXCLUSION_RULES.get(exclusion["reason"])
    if allowed is None:
        problems.append(f"unknown reason; one of {', '.join(EXCLUSION_RULES)}")
    elif exclusion["rule"] not in allowed:
        problems.append(f"reason {exclusion['reason']} cites {' or '.join(allowed)}")
    return problems
