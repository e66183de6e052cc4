"""What a draw freezes before any randomness exists: the eligible roster, the strata with their counts, the exclusions.

Exclusions are decided before the draw (by the caps, the inspection history, the object pool) and only recorded
here with their rule id; the draw itself never excludes anyone.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inspection_scheduling.domain.canonical import (
    CREDIT_CODE,
    SEPARATORS,
    canonical_json,
    roster_line,
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
    ordered = sorted({(r.credit_code, r.stratum) for r in rows})
    problems = [FieldProblem(f"roster[{code}]", "not a 统一社会信用代码") for code, _ in ordered
                if not CREDIT_CODE.fullmatch(code)]
    problems += [FieldProblem(f"roster[{code}]", f"stratum {stratum!r} has no count") for code, stratum in ordered
                 if stratum not in strata]
    if problems:
        raise InvalidInput(("名录无效", "invalid roster"), errors=problems[:50])
    return ordered


def roster_summary(ordered: Iterable[tuple[str, str]]) -> dict[str, object]:
    """SHA-256 and row count of the whole roster and of each stratum's rows, over the roster lines in order."""
    whole = hashlib.sha256()
    per: dict[str, list] = {}  # stratum -> [its hash, its row count]
    rows = 0
    for code, stratum in ordered:
        line = roster_line(code, stratum)
        whole.update(line)
        entry = per.setdefault(stratum, [hashlib.sha256(), 0])
        entry[0].update(line)
        entry[1] += 1
        rows += 1
    return {"sha256": whole.hexdigest(), "rows": rows,
            "strata": {key: {"rows": count, "sha256": digest.hexdigest()} for key, (digest, count) in per.items()}}


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
