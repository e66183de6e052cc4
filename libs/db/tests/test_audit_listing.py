"""The audit trail read back by an auditor, against the real PostgreSQL: newest first, page by page through an
opaque cursor, within the caller's region and agencies, and a cursor that is not one of ours refused (422)."""

import pytest
from sqlalchemy import insert

from platform_db import build_engine, make_metadata
from platform_db.audit import AuditQuery, add_audit_table, list_entries
from platform_db.paging import decode_id_cursor, encode_cursor
from platform_errors import InvalidInput
from platform_settings import DatabaseSettings

metadata = make_metadata()
audit = add_audit_table(metadata)


def _row(n: int, region: str, agency: str) -> dict:
    return {"kind": "change", "client_id": f"client-{n}", "subject": "officer-1", "acting_client": None,
            "scopes": ["cases:write"], "agencies": [agency], "region": region, "request_id": None, "method": "POST",
            "route": "/api/v1/cases", "resource": f"case-{n}", "event_types": [], "event_count": 0}


@pytest.fixture(scope="module")
async def engine(local_stack):
    engine = build_engine(DatabaseSettings(url=local_stack.database_url("platform_db_audit"), pool_size=2))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(insert(audit), [_row(n, "210681" if n % 3 else "210102", "DG-SCJG" if n % 2 else "DG-ZHZF")
                                           for n in range(1, 31)])
    yield engine
    await engine.dispose()


async def _all_pages(engine, query: AuditQuery, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        found = await list_entries(engine, audit, query, limit=limit, cursor=cursor)
        pages.append([row["resource"] for row in found.items])
        if found.next_cursor is None:
            return pages
        cursor = found.next_cursor


async def test_an_auditor_pages_newest_first_through_its_region_only(engine):
    pages = await _all_pages(engine, AuditQuery(region="210681", agencies=None), limit=7)
    seen = [resource for page in pages for resource in page]
    assert [len(p) for p in pages] == [7, 7, 6]  # 20 of the 30 rows are in 210681; no empty last page
    assert seen == [f"case-{n}" for n in range(30, 0, -1) if n % 3]


async def test_a_department_auditor_sees_its_own_agencies_callers_only(engine):
    pages = await _all_pages(engine, AuditQuery(region="2106", agencies=("DG-SCJG",)), limit=50)
    assert pages == [[f"case-{n}" for n in range(29, 0, -2) if n % 3]]


async def test_a_cursor_that_is_not_ours_is_refused(engine):
    for cursor in ("not-a-cursor", encode_cursor("seven"), encode_cursor(str(2**64))):
        with pytest.raises(InvalidInput):
            await list_entries(engine, audit, AuditQuery(region="21", agencies=None), limit=5, cursor=cursor)
    assert decode_id_cursor(encode_cursor("42")) == 42
