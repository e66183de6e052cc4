"""The roster as `freeze` validated, ordered and hashed it (`freeze_roster`), kept so that the draw neither orders
nor hashes it again: from rows, or from a roster grouped by stratum without a row object per entity. Both give
sorted_roster()'s refusals and roster_summary()'s digests over the canonical order (README "Encodings")."""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter, is_, lt

from inspection_scheduling.domain.canonical import sha256_hex
from inspection_scheduling.domain.roster import (
    RosterRow,
    joined_well_formed,
    roster_summary,
    sorted_roster,
    stratum_lines,
)


@dataclass(frozen=True, eq=False)
class FrozenRoster:
    """The roster as `freeze` validated and hashed it, kept so that the draw neither orders nor hashes it again.

    `given` is what freeze was handed: the row objects in the order given (a tuple), or None for a grouped roster.
    A roster handed to the draw holding the very same (immutable) row objects in the same order, or a mapping whose
    every stratum holds the very tuple kept here, is this roster (`is_given`), checked in one pass of identity
    tests; any other is checked and hashed again and compared. `groups`: each stratum's credit codes (for rows, in
    the order given: the draw's tickets do not depend on the order, and the given order walks memory in sequence;
    for a grouped roster, in code order, as tuples). `summary`: roster_summary() of the canonical roster."""

    given: tuple | None
    groups: dict[str, Sequence[str]]
    summary: dict[str, object]

    def is_given(self, roster: object) -> bool:
        if self.given is None:
            return (isinstance(roster, Mapping) and len(roster) == len(self.groups)
                    and all(roster.get(key) is codes for key, codes in self.groups.items()))
        return (isinstance(roster, list | tuple) and len(roster) == len(self.given)
                and all(map(is_, roster, self.given)))

    def ordered(self) -> list[tuple[str, str]]:
        """The roster in canonical order, by stratum key, then credit code (what sorted_roster returns)."""
        return [(code, key) for key in sorted(self.groups) for code in sorted(self.groups[key])]

    def lines(self) -> bytes:
        """The roster lines in canonical order (`credit_code TAB stratum LF`, UTF-8): the bytes summary's SHA-256 is
        over, one block per stratum, the blocks in key order."""
        return b"".join(stratum_lines(key, sorted(self.groups[key])) for key in sorted(self.groups))


def freeze_roster(roster: Iterable[RosterRow] | Mapping[str, Sequence[str]],
                  strata: Mapping[str, int]) -> FrozenRoster:
    """sorted_roster() and roster_summary() in one: the same refusals and the same digests, each stratum's codes
    sorted (grouped codes already in order: checked in one pass) and hashed as one block, and the whole roster
    hashed block after block, in key order.

    `roster` is rows (RosterRow-like: credit_code, stratum) or, without a row object per entity, a mapping of
    stratum key -> its credit codes (best a tuple in code order: then it is checked in one pass and kept as given).
    Any refusal goes through sorted_roster() itself, which names the rows."""
    if isinstance(roster, Mapping):
        groups = {key: codes if isinstance(codes, tuple) else tuple(codes)
                  for key, codes in sorted(roster.items()) if codes}
        blocks = _blocks(groups, strata, resort=True)
        if blocks is None:
            return _frozen_row_by_row(tuple(RosterRow(c, key) for key, codes in groups.items() for c in codes), strata)
        return FrozenRoster(None, groups, _summary(blocks, groups))
    given = tuple(roster)
    stratum_of = list(map(attrgetter("stratum"), given))
    groups = {key: [] for key in sorted(set(stratum_of))}
    append = {key: members.append for key, members in groups.items()}
    for code, stratum in zip(map(attrgetter("credit_code"), given), stratum_of, strict=True):
        append[stratum](code)
    blocks = _blocks({key: sorted(codes) for key, codes in groups.items()}, strata, resort=False)
    if blocks is None:
        return _frozen_row_by_row(given, strata)
    return FrozenRoster(given, groups, _summary(blocks, groups))


def _blocks(runs: dict[str, Sequence[str]], strata: Mapping[str, int], *, resort: bool) -> dict[str, bytes] | None:
    """Each stratum's roster lines as one block, `runs` in key order; None when a stratum has no count, or a run,
    in code order (or, with `resort`, sorted into a tuple stored back into `runs` when not), repeats a code or
    holds a malformed one."""
    if not runs.keys() <= strata.keys():
        return None
    blocks = {}
    for key, codes in runs.items():
        block = _block(key, codes)
        if block is None and resort:
            codes = runs[key] = tuple(sorted(codes))
            block = _block(key, codes)
        if block is None:
            return None
        blocks[key] = block
    return blocks


def _block(key: str, codes: Sequence[str]) -> bytes | None:
    """stratum_lines(key, codes) made from one ASCII join, or None when the codes are not strictly increasing (not
    in order, or a code repeated) or not all well formed."""
    if not all(map(lt, codes, islice(codes, 1, None))):
        return None
    joined = "\n".join(codes)
    if not joined_well_formed(joined, len(codes)):
        return None
    tail = f"\t{key}\n".encode()
    return joined.encode("ascii").replace(b"\n", tail) + tail


def _summary(blocks: Mapping[str, bytes], groups: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """roster_summary() from the strata's blocks in key order: each hashed alone and, one after the other, the whole."""
    whole, per = hashlib.sha256(), {}
    for key, block in blocks.items():
        whole.update(block)
        per[key] = {"rows": len(groups[key]), "sha256": sha256_hex(block)}
    return {"sha256": whole.hexdigest(), "rows": sum(len(codes) for codes in groups.values()), "strata": per}


def _frozen_row_by_row(given: tuple, strata: Mapping[str, int]) -> FrozenRoster:
    ordered = sorted_roster(given, strata)  # raises, naming the rows, when a row is malformed or repeated
    groups: dict[str, list[str]] = defaultdict(list)
    for code, stratum in ordered:
        groups[stratum].append(code)
    return FrozenRoster(given, dict(groups), roster_summary(ordered))
