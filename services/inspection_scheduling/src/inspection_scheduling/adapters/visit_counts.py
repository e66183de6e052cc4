"""How often each enterprise was visited: the counts behind the yearly caps (E-3, E-4), the repeat warning (E-14)
and the no-findings exclusion of draws (E-5). One grouped query for a whole roster, never a query per entity."""

from collections.abc import Collection
from datetime import date

from sqlalchemy import and_, exists, func, select, true
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.domain.caps import CASE_TRIGGERED, YearCounts

v, vt = t.visit.c, t.visit_task.c
COUNTED = ("planned", "approved", "done")  # a cancelled visit never happened


async def year_counts(db: AsyncSession | AsyncConnection, year: int,
                      credit_codes: Collection[str] | None = None) -> dict[str, YearCounts]:
    """Visits of `year` per enterprise (only enterprises with at least one appear); `credit_codes` narrows it."""
    agencies = func.jsonb_array_elements_text(v.departments).table_valued("value").alias("agency")
    where = [v.year == year, v.status.in_(COUNTED)]
    if credit_codes is not None:
        where.append(v.credit_code.in_(list(credit_codes)))
    counts: dict[str, YearCounts] = {}
    rows = await db.execute(select(v.credit_code, agencies.c.value, func.count())
                            .select_from(t.visit.join(agencies, true()))
                            .where(*where, v.inspection_type != CASE_TRIGGERED)
                            .group_by(v.credit_code, agencies.c.value))
    for code, agency, n in rows:
        counts.setdefault(code, YearCounts()).by_agency[agency] = n
    totals = await db.execute(select(v.credit_code, v.inspection_type, func.count())
                              .where(*where).group_by(v.credit_code, v.inspection_type))
    for code, kind, n in totals:
        entry = counts.setdefault(code, YearCounts())
        if kind == CASE_TRIGGERED:
            entry.case_triggered += n
        else:
            entry.combined += n
    return counts


async def inspected_without_findings_since(db: AsyncSession | AsyncConnection, since: date) -> set[str]:
    """Enterprises visited on or after `since` with every result in and no problem found (E-5)."""
    problem = exists().where(and_(vt.visit_id == v.id, vt.result == "problem_found"))
    rows = await db.execute(select(v.credit_code).distinct()
                            .where(v.status == "done", v.visited_on >= since, ~problem))
    return {code for (code,) in rows}


async def visits_near(db: AsyncSession | AsyncConnection, credit_code: str, start: date, end: date) -> int:
    """Visits of one enterprise (not cancelled) whose window or visit day falls within [start, end] (E-14)."""
    day = func.coalesce(v.visited_on, v.window_from)
    return (await db.execute(select(func.count()).where(v.credit_code == credit_code, v.status.in_(COUNTED),
                                                         day >= start, day <= end))).scalar_one()
