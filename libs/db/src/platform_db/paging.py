"""Keyset pagination of list endpoints (CONVENTIONS.md: `limit`, `cursor` → `next_cursor`).

The cursor is the opaque, URL-safe encoding of the last key returned; a cursor that does not decode starts from
the beginning rather than failing the request.
"""

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True)
class Page:
    items: list[dict]
    next_cursor: str | None


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        return base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode() or None
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


async def page(engine: AsyncEngine, stmt: Select, key: ColumnElement, *, limit: int, cursor: str | None) -> Page:
    """`limit` rows of `stmt` in `key` order after the cursor's key, and the cursor of the next page (if any)."""
    after = decode_cursor(cursor)
    if after is not None:
        stmt = stmt.where(key > after)
    async with engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt.order_by(key).limit(limit + 1))).mappings()]
    more, rows = len(rows) > limit, rows[:limit]
    return Page(rows, encode_cursor(str(rows[-1][key.name])) if more and rows else None)
