"""The inputs a draw freezes before any randomness exists (R-4), gathered from the object pool, the visit history
and the inspector pool: the eligible roster, the strata with their counts fixed from the task's ratio per credit
class (R-6), every exclusion with its rule (R-1, R-2, E-3/E-4, E-5) and the inspector pool of the task's
departments on the draw date; and the roster's lines as stored and published.

A roster of a million rows is read as a handful of strings, one per 区划 × credit class with its codes already in
code order (adapters/draw_inputs.py), and handed to the draw grouped — stratum key -> a tuple of codes in code
order, the roster's canonical order (README "Encodings") — so that no row object is made per entity; the cyclic
garbage collector is paused while the draw runs (its passes over a million fresh objects cost as much as the draw)."""

import gc
import gzip
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import chain, repeat
from operator import methodcaller
from typing import NamedTuple

from sqlalchemy import select

from inspection_scheduling.adapters import draw_inputs as sql
from inspection_scheduling.adapters import tables as t
from inspection_scheduling.adapters.visit_counts import inspected_without_findings_since, year_counts
from inspection_scheduling.application.pool import inspector_pool
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.caps import cap_reached
from inspection_scheduling.domain.draws import Frozen, freeze
from inspection_scheduling.domain.inspectors import Inspector
from inspection_scheduling.domain.roster import Exclusion, Stratum
from platform_db import UnitOfWork
from platform_errors import FieldProblem, InvalidInput


class Row(NamedTuple):
    """One roster row with the two fields of domain.roster.RosterRow, which is all the draw core reads of a row;
    a tuple, so that a million of them are made by C code."""

    credit_code: str
    stratum: str


@dataclass(frozen=True)
class Inputs:
    roster: dict[str, tuple[str, ...]]  # stratum key -> its credit codes in code order
    strata: list[Stratum]
    exclusions: list[Exclusion]
    inspectors: list[Inspector]
    matter_departments: dict[str, str]


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def gather(uow: UnitOfWork, svc: Services, task: dict, drawn_on: date) -> Inputs:
    """Everything `freeze` takes but the parties, for `task` (published_task's dict) drawn on `drawn_on`."""
    matters = await sql.matters(uow.driver, task["matter_codes"], task["departments"])
    if missing := sorted(set(task["matter_codes"]) - set(matters)):
        raise InvalidInput(("任务的检查事项已不在所属部门的抽查事项清单上", "a matter of the task is no longer listed"),
                           errors=[FieldProblem("task_id", f"{code} is on no inspection matter list of "
                                                f"{', '.join(task['departments'])}") for code in missing])
    groups = await sql.eligible(uow.driver, task)
    exclusions = [*_left_out(await sql.left_out(uow.driver, task)),
                  *await _history(uow, svc, task, groups, drawn_on)]
    excluded = {e.credit_code for e in exclusions}
    with paused_gc():
        roster, strata = roster_and_strata(groups, excluded, task, {m: s for m, (_, s) in matters.items()})
    pool = await inspector_pool(uow.session, list(task["departments"]), drawn_on)
    return Inputs(roster, strata, exclusions, pool, {m: d for m, (d, _) in matters.items()})


def roster_and_strata(groups: dict[tuple[str, str], list[str]], excluded: set[str], task: dict,
                      specialties: dict[str, str | None]) -> tuple[dict[str, tuple[str, ...]], list[Stratum]]:
    """Strata = matter × 区划 × credit class, each drawing ceil(ratio % × its eligible entities) (R-6), fixed here
    before any randomness; the roster grouped, stratum key -> the codes of the 区划 × class (in the order read: code
    order), one tuple shared by the group's matters."""
    roster: dict[str, tuple[str, ...]] = {}
    strata: list[Stratum] = []
    for (region, credit_class), codes in sorted(groups.items()):
        if excluded:
            codes = [code for code in codes if code not in excluded]
        if not codes:
            continue
        ratio = Decimal(str(task["ratio_by_class"].get(credit_class, 0)))
        count = min(len(codes), math.ceil(ratio * len(codes) / 100))
        members = tuple(codes)
        for matter in sorted(task["matter_codes"]):
            stratum = Stratum(matter, region, credit_class, count, specialties.get(matter))
            strata.append(stratum)
            roster[stratum.key] = members
    return roster, strata


def frozen_of(inputs: Inputs, parties: dict[str, str], drawn_on: date, per_object: int) -> Frozen:
    with paused_gc():
        return freeze(roster=inputs.roster, strata=inputs.strata, exclusions=inputs.exclusions,
                      inspectors=inputs.inspectors, parties=parties, drawn_on=drawn_on,
                      inspectors_per_object=per_object)


def _left_out(found: list[tuple[str, str, list[str]]]) -> Iterator[Exclusion]:
    """Rule R-2: a 注销 entity is no object; rule R-1: special sectors are not drawn at random."""
    for code, status, sectors in found:
        if status != "存续":
            yield Exclusion(code, "deregistered", "R-2", f"status {status}")
        else:
            yield Exclusion(code, "special_sector", "R-1", "、".join(sorted(sectors)))


async def _history(uow: UnitOfWork, svc: Services, task: dict, groups: dict[tuple[str, str], list[str]],
                   drawn_on: date) -> list[Exclusion]:
    """Rules E-3, E-4: a routine visit by the task's departments would pass a yearly cap (each department's sector
    cap); rule E-5: inspected without findings within `no_findings_exclusion_days` (0: never)."""
    departments = list(task["departments"])
    counts = await year_counts(uow.session, task["window_from"].year)
    days = svc.rules.no_findings_exclusion_days
    since = drawn_on - timedelta(days=days)
    quiet = await inspected_without_findings_since(uow.session, since) if days > 0 else set()
    if not counts and not quiet:
        return []
    d = t.department_copy.c
    sectors = dict((await uow.session.execute(select(d.code, d.sector).where(d.code.in_(departments)))).all())
    caps = {dept: svc.rules.cap_of(sectors.get(dept)) for dept in departments}
    eligible = set(chain.from_iterable(groups.values()))
    found = []
    for code in sorted(counts.keys() & eligible):
        if reached := cap_reached(counts[code], departments, caps):
            found.append(Exclusion(code, "annual_cap_reached", reached.rule, reached.detail))
    capped = {e.credit_code for e in found}
    found += [Exclusion(code, "inspected_without_findings", "E-5", f"inspected without findings since {since}")
              for code in sorted((quiet & eligible) - capped)]
    return found


def roster_lines(frozen: Frozen) -> bytes:
    """The frozen roster as published: `credit_code TAB stratum LF` in canonical order (by stratum key, then credit
    code), the bytes its SHA-256 is taken over."""
    return frozen.kept.lines()


def compressed(lines: bytes) -> bytes:
    return gzip.compress(lines, compresslevel=1, mtime=0)


def rows_of(lines_gz: bytes) -> list[Row]:
    """The stored roster back as rows, in its stored (canonical) order."""
    with paused_gc():
        text = gzip.decompress(lines_gz).decode()
        return list(map(tuple.__new__, repeat(Row), map(methodcaller("split", "\t"), text.splitlines())))


def roster_of(lines_gz: bytes) -> dict[str, tuple[str, ...]] | list[Row]:
    """The stored roster back, grouped (stratum key -> its codes) without a row object per line when its lines are
    in canonical order, one block per stratum; otherwise as rows (the draw then checks and names them)."""
    text = gzip.decompress(lines_gz).decode()
    groups: dict[str, tuple[str, ...]] = {}
    start = 0
    while start < len(text):
        tab = text.find("\t", start)
        key = text[tab + 1:text.find("\n", tab)] if tab >= 0 else ""
        tail = f"\t{key}\n"
        last = text.rfind(tail)
        codes = text[start:last].split(tail)
        if tab < 0 or last < start or key in groups or not all(len(code) == 18 for code in codes):
            return rows_of(lines_gz)  # not one block per stratum: as rows
        groups[key], start = tuple(codes), last + len(tail)
    return groups
