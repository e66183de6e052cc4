"""What a draw reads from the object pool, in three set-based statements whatever the roster's size: the eligible
entities of a task's scope, one row per (区划 prefix, credit class) holding their credit codes joined by LF (1,000,000
codes arrive as ten strings, never as a million rows; each is split and sorted here, into the roster's canonical
order within a stratum); the in-scope entities the pool itself leaves out (注销, R-2;
special sectors, R-1); and the task's matters with their department and the specialty they ask of an inspector.

Plain SQL on the unit of work's asyncpg connection (`uow.driver`), so the benchmark runs the very statements."""

import json
from collections.abc import Sequence

import asyncpg

#: the scope of a task: each entity under the longest of the task's 区划 prefixes (6, 9 or 12 digits), of the kinds
#: and industries the task names (none: all); $1 prefixes, $2 kinds, $3 industry prefixes
_SCOPE = """
SELECT e.credit_code, e.credit_class, e.status, e.special_sectors,
       COALESCE(CASE WHEN left(e.region_code, 12) = ANY($1::text[]) THEN left(e.region_code, 12) END,
                CASE WHEN left(e.region_code, 9) = ANY($1::text[]) THEN left(e.region_code, 9) END,
                CASE WHEN left(e.region_code, 6) = ANY($1::text[]) THEN left(e.region_code, 6) END) AS region
  FROM entity e
 WHERE (cardinality($2::text[]) = 0 OR e.kind = ANY($2::text[]))
   AND (cardinality($3::text[]) = 0 OR e.industry LIKE ANY(SELECT p || '%' FROM unnest($3::text[]) p))
"""

ELIGIBLE = f"""
SELECT region, credit_class, string_agg(credit_code, E'\\n') AS codes
  FROM ({_SCOPE}) s
 WHERE region IS NOT NULL AND status = '存续' AND special_sectors = '[]'::jsonb
 GROUP BY region, credit_class
"""

LEFT_OUT = f"""
SELECT credit_code, status, special_sectors
  FROM ({_SCOPE}) s
 WHERE region IS NOT NULL AND (status <> '存续' OR special_sectors <> '[]'::jsonb)
 ORDER BY credit_code
"""

#: A matter's inspectors hold its department's enforcement field (执法领域, the department's sector: the officers of
#: list_management name it first among their areas) — R-2, the pool tagged by qualification. The matter list's
#: 检查人员要求 is prose for people, not a tag, and is not read here.
MATTERS = """
SELECT DISTINCT ON (m.matter_code) m.matter_code, m.department_code, NULLIF(btrim(d.sector), '') AS specialty
  FROM inspection_matter m LEFT JOIN department_copy d ON d.code = m.department_code
 WHERE m.matter_code = ANY($1::text[]) AND m.department_code = ANY($2::text[])
 ORDER BY m.matter_code, m.department_code, m.series_key, m.sub_item
"""


def scope_args(task: dict) -> tuple[list[str], list[str], list[str]]:
    return list(task["region_codes"]), list(task["entity_kinds"]), list(task["industries"])


async def eligible(conn: asyncpg.Connection, task: dict) -> dict[tuple[str, str], list[str]]:
    """(区划 prefix, credit class) -> credit codes of the 存续 entities without a special sector in the task's scope
    in code order (the draw then checks the order in one pass). Sorted here, not in SQL: measured at 1,000,000
    entities, `string_agg(… ORDER BY credit_code COLLATE "C")` or a read in primary-key order added 1 to 3 s to
    the 0.7 s read, sorting the ten lists in Python about 0.5 s (bench/README.md)."""
    rows = await conn.fetch(ELIGIBLE, *scope_args(task))
    return {(row["region"], row["credit_class"]): sorted(row["codes"].split("\n")) for row in rows}


async def left_out(conn: asyncpg.Connection, task: dict) -> list[tuple[str, str, list[str]]]:
    """(credit code, status, special sectors) of the entities in the task's scope the pool leaves out of any draw."""
    rows = await conn.fetch(LEFT_OUT, *scope_args(task))
    return [(row["credit_code"], row["status"], _sectors(row["special_sectors"])) for row in rows]


async def matters(conn: asyncpg.Connection, matter_codes: Sequence[str],
                  departments: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """matter code -> (its department among `departments`, the specialty its inspectors must hold or None)."""
    rows = await conn.fetch(MATTERS, list(matter_codes), list(departments))
    return {row["matter_code"]: (row["department_code"], row["specialty"]) for row in rows}


def _sectors(value: object) -> list[str]:
    return list(json.loads(value)) if isinstance(value, str) else list(value or [])
