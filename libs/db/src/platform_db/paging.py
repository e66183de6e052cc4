"""Keyset pagination of list endpoints (CONVENTIONS.md: `limit`, `cursor` → `next_cursor`).

The cursor is the opaque, URL-safe encoding of the last key returned; a cursor that does not decode is the
caller's mistake and answered as one (422 naming `cursor`), never silently taken as "from the beginning".
"""

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_errors import FieldProblem, InvalidInput


@dataclass(frozen=True)
class Page:
    items: list[dict]
    next_cursor: str | None


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    """The key after which the next page starts; None for the first page. InvalidInput if it does not decode."""
    if not cursor:
        return None
    try:
        return base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode() or None
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        problem = "not a cursor this list returned: omit it for the first page, or pass `next_cursor` as given"
        raise InvalidInput(problem, errors=[FieldProblem("cursor", problem)]) from exc


def decode_id_cursor(cursor: str | None) -> int | None:
    """`decode_cursor` of a list keyed by a numeric id: InvalidInput unless the key is a whole number."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    if not key.isdigit() or int(key) > 2**63 - 1:
        problem = "not a cursor this list returned: omit it for the first page, or pass `next_cursor` as given"
        raise InvalidInput(problem, errors=[FieldProblem("cursor", problem)])
    return int(key)


async def page(engine: AsyncEngine, stmt: Select, key: ColumnElement, *, limit: int, cursor: str | None) -> Page:
    """`limit` rows of `stmt` in `key` order after the cursor's key, and the cursor of the next page (if any)."""
    after = decode_cursor(cursor)
    if after is not None:
        stmt = stmt.where(key > after)
    async with engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt.order_by(key).limit(limit + 1))).mappings()]
    more, rows = len(rows) > limit, rows[:limit]
    return Page(rows, encode_cursor(str(rows[-1][key.name])) if more and rows else None)
