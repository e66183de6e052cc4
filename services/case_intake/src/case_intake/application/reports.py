"""Monthly and annual statistics of flexible enforcement (policy 000): measures by kind and department, the lists
applied in decisions, first-offence exemptions (首违不罚), and how long cases and mediations took. SQL-first, and
counted only over the agencies in the caller's data scope."""

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from case_intake.adapters.data_scope import scope_params, scope_sql
from platform_identity import Caller

MEASURES = text("""
SELECT kind, coalesce(form, '') AS form, department_code, count(*) AS count,
       count(*) FILTER (WHERE status = '达成协议') AS agreed, count(*) FILTER (WHERE status = '终止调解') AS ended,
       avg(concluded_on - measure_on) FILTER (WHERE kind = '行政调解' AND concluded_on IS NOT NULL) AS avg_days
FROM flexible_measure WHERE measure_on >= :start AND measure_on < :end AND """ + scope_sql("department_code") + """
GROUP BY kind, form, department_code ORDER BY kind, form, department_code
""")
DECISIONS = text("""
SELECT department_code, outcome, count(*) AS count, avg(decided_on - filed_on) AS avg_days_to_decision,
       count(*) FILTER (WHERE outcome = '不予行政处罚' AND (state->'decision'->>'no_penalty_ground'
             = '初次违法且危害后果轻微并及时改正' OR EXISTS (
             SELECT 1 FROM jsonb_array_elements(coalesce(state->'decision'->'evaluation'->'list_entries', '[]'))
             AS e WHERE e->>'list_type' = '首违不罚'))) AS first_offence_exemptions
FROM enforcement_case WHERE decided_on >= :start AND decided_on < :end AND """ + scope_sql("department_code") + """
GROUP BY department_code, outcome ORDER BY department_code, outcome
""")
LISTS_APPLIED = text("""
SELECT c.department_code, e->>'list_type' AS list_type, count(DISTINCT c.id) AS cases
FROM enforcement_case c,
     jsonb_array_elements(coalesce(c.state->'decision'->'evaluation'->'list_entries', '[]')) AS e
WHERE c.decided_on >= :start AND c.decided_on < :end AND """ + scope_sql("c.department_code") + """
GROUP BY c.department_code, e->>'list_type' ORDER BY c.department_code, list_type
""")


def period(year: int, month: int | None) -> tuple[date, date]:
    if month is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1)


async def flexible_enforcement(engine: AsyncEngine, year: int, month: int | None, caller: Caller) -> dict:
    start, end = period(year, month)
    bounds = {"start": start, "end": end} | scope_params(caller)
    async with engine.connect() as conn:
        measures = [dict(r) for r in (await conn.execute(MEASURES, bounds)).mappings()]
        decisions = [dict(r) for r in (await conn.execute(DECISIONS, bounds)).mappings()]
        lists = [dict(r) for r in (await conn.execute(LISTS_APPLIED, bounds)).mappings()]
    by_kind: dict[str, int] = {}
    for m in measures:
        by_kind[m["kind"]] = by_kind.get(m["kind"], 0) + m["count"]
    return {
        "period": {"year": year, "month": month, "from": start, "to": end},
        "measures": {"by_kind": by_kind, "rows": [_days(m, "avg_days") for m in measures]},
        "decisions": [_days(d, "avg_days_to_decision") for d in decisions],
        "lists_applied": lists,
        "first_offence_exemptions": sum(d["first_offence_exemptions"] for d in decisions),
        "no_penalty_decisions": sum(d["count"] for d in decisions if d["outcome"] == "不予行政处罚"),
    }


def _days(row: dict, key: str) -> dict:
    value = row.get(key)
    return row | {key: round(float(value), 1) if value is not None else None}
