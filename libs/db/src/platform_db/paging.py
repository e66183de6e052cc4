"""Keyset pagination of list endpoints (CONVENTIONS.md: `limit`, `cursor` → `next_cursor`).

The cursor is the opaque, URL-safe encoding of the last key returned; a cursor that does not decode is the
caller's mistake and answered as one (422 naming `cursor`), never silently taken as "from the beginning".
"""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_errors import FieldProblem, InvalidInput


@dataclass(frozen=True)
class Page:
    items: list[dict]
    next_cursor: str | None


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode()


NOT_A_CURSOR = ("不是本列表给出的游标：取第一页时不传 cursor，取下一页时原样传回 next_cursor。",
                "not a cursor this list returned: omit it for the first page, or pass `next_cursor` as given")


def not_a_cursor() -> InvalidInput:
    """The refusal of a cursor a list did not give (422 naming `cursor`)."""
    return InvalidInput(NOT_A_CURSOR, errors=[FieldProblem("cursor", NOT_A_CURSOR[1])])


def decode_cursor(cursor: str | None) -> str | None:
    """The key after which the next page starts; None for the first page. InvalidInput if it does not decode."""
    if not cursor:
        return None
    try:
        return base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode() or None
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise not_a_cursor() from exc


def decode_id_cursor(cursor: str | None) -> int | None:
    """`decode_cursor` of a list keyed by a numeric id: InvalidInput unless the key is a whole number."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    if not key.isdigit() or int(key) > 2**63 - 1:
        raise not_a_cursor()
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


async def keyset_page(engine: AsyncEngine, stmt: Select, order: Sequence[tuple[ColumnElement, bool]], *, limit: int,
                      cursor: str | None) -> Page:
    """`page` for a list ordered by several keys, each ascending or descending (`(column, True)` is descending),
    e.g. newest first then by id: the last key must be unique. The cursor carries the last row's keys."""
    after = _keys_of(decode_cursor(cursor), [column for column, _ in order])
    if after is not None:
        stmt = stmt.where(_after(order, after))
    stmt = stmt.order_by(*(column.desc() if descending else column.asc() for column, descending in order))
    async with engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt.limit(limit + 1))).mappings()]
    more, rows = len(rows) > limit, rows[:limit]
    if not (more and rows):
        return Page(rows, None)
    last = [rows[-1][column.name] for column, _ in order]
    return Page(rows, encode_cursor(json.dumps([v.isoformat() if isinstance(v, date) else v for v in last])))


def _after(order: Sequence[tuple[ColumnElement, bool]], keys: list[object]) -> ColumnElement[bool]:
    """Rows strictly after `keys` in the list's order: the first key further on, or equal and the rest after."""
    (column, descending), value = order[0], keys[0]
    further = column < value if descending else column > value
    if len(order) == 1:
        return further
    return or_(further, and_(column == value, _after(order[1:], keys[1:])))


def _keys_of(decoded: str | None, columns: list[ColumnElement]) -> list[object] | None:
    if decoded is None:
        return None
    try:
        raw = json.loads(decoded)
        if not isinstance(raw, list) or len(raw) != len(columns):
            raise ValueError("wrong number of keys")
        return [_typed(column, value) for column, value in zip(columns, raw, strict=True)]
    except (ValueError, TypeError) as exc:
        raise not_a_cursor() from exc


def _typed(column: ColumnElement, value: object) -> object:
    """The cursor's JSON value as the column's Python type (dates and instants travel as ISO 8601)."""
    kind = column.type.python_type
    if kind is datetime:
        return datetime.fromisoformat(str(value))
    if kind is date:
        return date.fromisoformat(str(value))
    if not isinstance(value, kind):
        raise TypeError(f"{column.name}: {value!r}")
    return value
