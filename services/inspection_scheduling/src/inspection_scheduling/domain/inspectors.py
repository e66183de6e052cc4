"""Who may inspect a drawn object, and the draw of at least two of them per object from the inspectors' seed.

Never drawn, each skip logged with its rule: auxiliaries and staff without a certificate valid on the draw date
(E-1), and an inspector with a declared conflict with the entity (R-10); an inspector without the stratum's
specialty is logged once per stratum (R-2: the pool is tagged by qualification). Workload balance: objects are
served in proof order (stratum key, then rank) and each takes the eligible inspectors with the fewest objects so
far, the smaller inspector ticket first, so loads differ by at most one where specialties and conflicts allow.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from inspection_scheduling.domain.canonical import SEPARATORS, inspector_seed
from platform_errors import FieldProblem, InvalidInput, RuleViolation

MIN_INSPECTORS_PER_OBJECT = 2  # rule R-10: at least two inspectors per object


@dataclass(frozen=True)
class Inspector:
    """One person of the inspector pool (执法检查人员名录库): `inspector_id` is the person number."""

    inspector_id: str
    department: str
    specialties: tuple[str, ...] = ()
    auxiliary: bool = False
    certificate_valid_from: date | None = None
    certificate_valid_until: date | None = None
    conflicts: tuple[str, ...] = ()  # credit codes of entities the inspector declared an interest in

    def as_json(self) -> dict[str, object]:
        return {"id": self.inspector_id, "department": self.department, "specialties": sorted(set(self.specialties)),
                "auxiliary": self.auxiliary, "conflicts": sorted(set(self.conflicts)),
                "certificate_valid_from": _iso(self.certificate_valid_from),
                "certificate_valid_until": _iso(self.certificate_valid_until)}


def pool_json(pool: Iterable[Inspector], per_object: int) -> list[dict[str, object]]:
    """The pool as frozen, ordered by person number; refused with R-10 when fewer than two are asked per object."""
    if per_object < MIN_INSPECTORS_PER_OBJECT:
        raise RuleViolation(("每个检查对象至少两名检查人员", "at least two inspectors per object"), rule="R-10")
    items = sorted((i.as_json() for i in pool), key=lambda i: str(i["id"]))
    ids = [str(i["id"]) for i in items]
    problems = [FieldProblem(f"inspectors[{i}]", "empty, repeated, or holds a tab, line break, NUL or '|'")
                for n, i in enumerate(ids) if not i or any(s in i for s in SEPARATORS) or ids[n - 1:n] == [i]]
    if problems:
        raise InvalidInput(("检查人员名录无效", "invalid inspector pool"), errors=problems)
    return items


def assign(pool: list[dict], strata: list[dict], selected: list[dict], seed: bytes, drawn_on: str,
           per_object: int) -> tuple[list[dict], list[dict]]:
    """(assignments, skips): per selected object, in order, `per_object` inspectors; R-10 refuses an object that
    has fewer eligible inspectors than that."""
    certified, skips = _certified(pool, drawn_on)
    by_stratum = {s["key"]: _qualified(certified, s, skips) for s in strata}
    iseed, load = inspector_seed(seed), {str(i["id"]): 0 for i in certified}
    # inspector_ticket() as a digest (ordered like its hex), from a hash of the object's prefix copied per person,
    # and only for those whose load can still place them: no more than the per_object-th smallest load
    prefixes = {key: iseed + key.encode() + b"\x00" for key in by_stratum}
    people = {key: [(i["id"], i["id"].encode(), i["conflicts"]) for i in members] for key, members in by_stratum.items()}
    assignments = []
    for obj in selected:
        code, stratum = obj["credit_code"], obj["stratum"]
        eligible = []
        for person in people[stratum]:
            if code in person[2]:
                skips.append({"inspector": person[0], "stratum": stratum, "credit_code": code,
                              "reason": "conflict", "rule": "R-10"})
            else:
                eligible.append(person)
        if len(eligible) < per_object:
            raise RuleViolation((f"{code} 可抽检查人员不足 {per_object} 名", f"fewer than {per_object} eligible "
                                 f"inspectors for {code} in {stratum}"), rule="R-10", credit_code=code, stratum=stratum)
        most = sorted(load[person[0]] for person in eligible)[per_object - 1]
        copy = hashlib.sha256(prefixes[stratum] + code.encode("ascii") + b"\x00").copy
        candidates = []
        for inspector_id, id_bytes, _ in eligible:
            if load[inspector_id] <= most:
                h = copy()
                h.update(id_bytes)
                candidates.append((load[inspector_id], h.digest(), inspector_id))
        chosen = [inspector_id for _, _, inspector_id in sorted(candidates)[:per_object]]
        for inspector_id in chosen:
            load[inspector_id] += 1
        assignments.append({"stratum": stratum, "credit_code": code, "inspectors": chosen})
    return assignments, skips


def _certified(pool: list[dict], drawn_on: str) -> tuple[list[dict], list[dict]]:
    """Rule E-1: auxiliaries and staff without a certificate valid on the draw date never inspect."""
    certified, skips = [], []
    for inspector in pool:
        reason = _uncertified(inspector, drawn_on)
        if reason:
            skips.append({"inspector": inspector["id"], "stratum": None, "credit_code": None, "reason": reason,
                          "rule": "E-1"})
        else:
            certified.append(inspector)
    return certified, skips


def _uncertified(inspector: Mapping[str, object], drawn_on: str) -> str | None:
    valid_from, valid_until = inspector["certificate_valid_from"], inspector["certificate_valid_until"]
    if inspector["auxiliary"]:
        return "auxiliary"
    if valid_from is None or valid_until is None:
        return "no_certificate"
    if str(valid_until) < drawn_on:
        return "certificate_expired"
    if drawn_on < str(valid_from):
        return "certificate_not_yet_valid"
    return None


def _qualified(certified: list[dict], stratum: Mapping[str, object], skips: list[dict]) -> list[dict]:
    """Rule R-2: the stratum's specialty, when it names one; the others are logged once for the stratum."""
    specialty = stratum["specialty"]
    if specialty is None:
        return certified
    for inspector in certified:
        if specialty not in inspector["specialties"]:
            skips.append({"inspector": inspector["id"], "stratum": stratum["key"], "credit_code": None,
                          "reason": "specialty", "rule": "R-2"})
    return [i for i in certified if specialty in i["specialties"]]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
