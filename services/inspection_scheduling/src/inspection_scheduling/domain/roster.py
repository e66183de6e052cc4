"""What a draw freezes before any randomness exists: the eligible roster, the strata with their counts, the exclusions.

Exclusions are decided before the draw (by the caps, the inspection history, the object pool) and only recorded
here with their rule id; the draw itself never excludes anyone.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter, eq, itemgetter

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


def canonical_order(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(credit code, stratum) pairs in the roster's canonical order: by stratum key (code points, i.e. UTF-8
    bytes), then credit code — each stratum's lines one block, the blocks in key order."""
    return sorted(pairs, key=_stratum_then_code)


def _stratum_then_code(pair: tuple[str, str]) -> tuple[str, str]:
    return pair[1], pair[0]


def sorted_roster(rows: Iterable[RosterRow], strata: Mapping[str, int]) -> list[tuple[str, str]]:
    """The roster as (credit code, stratum) pairs in canonical order (by stratum key, then credit code), refused
    whole if one row is malformed, repeated or in a stratum without a count."""
    ordered = canonical_order(map(attrgetter("credit_code", "stratum"), rows))
    if any(map(eq, ordered, islice(ordered, 1, None))):  # a row given twice: the roster is not what was meant
        repeated = sorted({a for a, b in zip(ordered, ordered[1:], strict=False) if a == b})  # neighbours
        raise InvalidInput(("名录无效：有重复行", "invalid roster: repeated rows"),
                           errors=[FieldProblem(f"roster[{code}]", f"repeated in stratum {stratum!r}")
                                   for code, stratum in repeated[:50]])
    if codes_well_formed(list(map(itemgetter(0), ordered))) and set(map(itemgetter(1), ordered)) <= strata.keys():
        return ordered  # the fast check below (one regex over all codes) found nothing to name
    problems = [FieldProblem(f"roster[{code}]", "not a 统一社会信用代码") for code, _ in sorted(ordered)
                if not CREDIT_CODE.fullmatch(code)]
    problems += [FieldProblem(f"roster[{code}]", f"stratum {stratum!r} has no count") for code, stratum
                 in sorted(ordered) if stratum not in strata]
    if problems:
        raise InvalidInput(("名录无效", "invalid roster"), errors=problems[:50])
    return ordered


def roster_summary(ordered: Iterable[tuple[str, str]]) -> dict[str, object]:
    """SHA-256 and row count of the whole roster and of each stratum's rows, over the roster lines in the order
    given (canonical: sorted_roster's): the bytes of roster_line() one after the other, hashed in one call per
    stratum and one for the whole (the same digests as hashing line by line, without a hash update per row)."""
    rows = ordered if isinstance(ordered, list) else list(ordered)
    codes: dict[str, list[str]] = defaultdict(list)  # stratum -> its codes in roster order (first seen first)
    for code, stratum in rows:
        codes[stratum].append(code)
    whole = "\n".join(map("\t".join, rows)) + "\n" if rows else ""
    per = {stratum: {"rows": len(members), "sha256": sha256_hex(stratum_lines(stratum, members))}
           for stratum, members in codes.items()}
    return {"sha256": sha256_hex(whole.encode()), "rows": len(rows), "strata": per}


def stratum_lines(stratum: str, codes: Sequence[str]) -> bytes:
    """The roster lines of one stratum, in order: each code, TAB, the stratum key, LF (UTF-8)."""
    tail = f"\t{stratum}\n"
    return (tail.join(codes) + tail).encode()


#: CREDIT_CODE's characters, and LF
_CODE_CHARS = re.compile(r"[0-9A-HJ-NPQRTUWXY\n]*")


def codes_well_formed(codes: Sequence[str]) -> bool:
    """Every code matches CREDIT_CODE, checked over all of them at once (joined_well_formed). False sends the
    roster through the row-by-row check, which names each malformed code."""
    return not codes or joined_well_formed("\n".join(codes), len(codes))


def joined_well_formed(joined: str, n: int) -> bool:
    """`joined` is n codes joined by LF, each matching CREDIT_CODE: the LFs are exactly at every 19th place and
    nowhere else, and every other character is of the charset."""
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
