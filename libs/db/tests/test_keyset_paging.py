"""Keyset pages over several keys and directions (newest first, then by id), against the real PostgreSQL: every
row exactly once across the pages, ties on the first key kept in order, and a forged cursor refused."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Column, Date, DateTime, Integer, String, Table, insert, select

from platform_db import build_engine, keyset_page, make_metadata
from platform_db.paging import encode_cursor
from platform_errors import InvalidInput
from platform_settings import DatabaseSettings

metadata = make_metadata()
notice = Table("notice", metadata, Column("id", String(20), primary_key=True), Column("published_on", Date),
               Column("at", DateTime(timezone=True)), Column("rank", Integer))
ROWS = [{"id": f"N-{n:03d}", "published_on": date(2026, 11, 1) + timedelta(days=n % 6),
         "at": datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=n % 4), "rank": n % 3} for n in range(40)]


@pytest.fixture(scope="module")
async def engine(local_stack):
    engine = build_engine(DatabaseSettings(url=local_stack.database_url("platform_db_keyset"), pool_size=2))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(insert(notice), ROWS)
    yield engine
    await engine.dispose()


async def _walk(engine, order, limit: int) -> list[str]:
    seen, cursor = [], None
    while True:
        found = await keyset_page(engine, select(notice), order, limit=limit, cursor=cursor)
        seen += [row["id"] for row in found.items]
        if found.next_cursor is None:
            return seen
        cursor = found.next_cursor


@pytest.mark.parametrize("limit", [1, 7, 40, 100])
async def test_newest_first_then_by_id_visits_every_row_once_in_order(engine, limit):
    c = notice.c
    expected = [r["id"] for r in sorted(ROWS, key=lambda r: (-r["published_on"].toordinal(), r["id"]))]
    assert await _walk(engine, [(c.published_on, True), (c.id, False)], limit) == expected


async def test_three_keys_of_mixed_types_and_directions(engine):
    c = notice.c
    expected = [r["id"] for r in sorted(ROWS, key=lambda r: (r["rank"], -r["at"].timestamp(), r["id"]))]
    assert await _walk(engine, [(c.rank, False), (c.at, True), (c.id, False)], 6) == expected


@pytest.mark.parametrize("forged", ["not-a-cursor", encode_cursor("[1]"), encode_cursor('["x", "N-001"]'),
                                    encode_cursor('{"a": 1}'), encode_cursor('["2026-11-03", 5]')])
async def test_a_cursor_this_list_did_not_give_is_refused(engine, forged):
    c = notice.c
    with pytest.raises(InvalidInput) as refused:
        await keyset_page(engine, select(notice), [(c.published_on, True), (c.id, False)], limit=5, cursor=forged)
    assert [e.field for e in refused.value.errors] == ["cursor"]
