"""Reads of review rounds, filtered in SQL by the caller's data scope: a round the caller may not see is not found
(404, never 403: its existence is not revealed)."""

from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from legality_review.adapters import tables as t
from legality_review.adapters.data_scope import review_visible
from legality_review.application.services import Services
from legality_review.domain.errors import NotFound
from platform_db import Page, page
from platform_identity import Caller

r, a = t.review.c, t.review_assignment.c
Status = Literal["received", "assigned", "concluded"]


async def one(svc: Services, review_id: str, caller: Caller) -> dict:
    """One round with its assignment history."""
    async with svc.uows() as uow:
        row = (await uow.session.execute(select(t.review).where(r.id == review_id, review_visible(caller)))
               ).mappings().first()
        if row is None:
            raise NotFound(f"no review {review_id}")
        history = (await uow.session.execute(select(a.reviewer, a.previous_reviewer, a.reason, a.assigned_on, a.how,
                                                    a.created_by, a.created_at)
                                             .where(a.review_id == review_id).order_by(a.id))).mappings().all()
    return present(dict(row), svc.today()) | {"assignments": [dict(h) for h in history]}


async def listing(engine: AsyncEngine, caller: Caller, today: date, *, department_code: str | None,
                  status: Status | None, reviewer: str | None, case_id: str | None, overdue: bool | None,
                  limit: int, cursor: str | None) -> Page:
    stmt = select(t.review).where(review_visible(caller))
    for column, value in ((r.department_code, department_code), (r.status, status), (r.reviewer, reviewer),
                          (r.case_id, case_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if overdue is not None:
        late = (r.status != "concluded") & (r.due_on < today)
        stmt = stmt.where(late if overdue else ~late)
    found = await page(engine, stmt, r.id, limit=limit, cursor=cursor)
    return Page([present(x, today) for x in found.items], found.next_cursor)


async def of_case(engine: AsyncEngine, caller: Caller, case_id: str, today: date) -> list[dict]:
    """Every round of a case the caller may see, oldest first (none: an empty list, whether or not it exists)."""
    stmt = select(t.review).where(r.case_id == case_id, review_visible(caller)).order_by(r.round)
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).mappings().all()
    return [present(dict(x), today) for x in rows]


def present(row: dict, today: date) -> dict:
    return dict(row) | {"overdue": row["status"] != "concluded" and row["due_on"] < today}
