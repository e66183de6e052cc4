"""Reads of review rounds, filtered in SQL by the caller's data scope: a round the caller may not see is not found
(404, never 403: its existence is not revealed). Each round shows its clock (platform_db.clocks): due date, state,
provisional flag. To a caller without the confidential clearance the review materials, conclusion, extension and
assignment texts show personal numbers masked, and a natural person's ID number, phone and address fields in the
materials (a party's, a witness's) masked (K-7, P-31; platform_events.personal's formats)."""

from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from legality_review.adapters import tables as t
from legality_review.adapters.data_scope import review_visible
from legality_review.application.services import Services
from platform_db import Page, page
from platform_db.clocks import ClockState, shown, shown_columns, state_sql
from platform_errors import NotFound
from platform_events.personal import mask_document
from platform_identity import Caller

r, a, k = t.review.c, t.review_assignment.c, t.clock.c
Status = Literal["received", "assigned", "concluded"]


def _with_clock(*where: object) -> Select:
    on = and_(k.subject_type == "review", k.subject_id == r.id, k.kind == "review")
    return select(t.review, *shown_columns(t.clock)).select_from(t.review.outerjoin(t.clock, on)).where(*where)


async def one(svc: Services, review_id: str, caller: Caller) -> dict:
    """One round with its assignment history and its clock's history (extensions, recomputations)."""
    async with svc.uows() as uow:
        row = (await uow.session.execute(_with_clock(r.id == review_id, review_visible(caller)))).mappings().first()
        if row is None:
            raise NotFound((f"法制审核 {review_id} 不存在", f"no review {review_id}"))
        history = (await uow.session.execute(select(a.reviewer, a.previous_reviewer, a.reason, a.assigned_on, a.how,
                                                    a.created_by, a.created_at)
                                             .where(a.review_id == review_id).order_by(a.id))).mappings().all()
    return shown_to(caller, present(dict(row)) | {"assignments": [dict(h) for h in history]})


async def listing(engine: AsyncEngine, caller: Caller, *, department_code: str | None,
                  status: Status | None, reviewer: str | None, case_id: str | None, overdue: bool | None,
                  clock_state: ClockState | None, provisional: bool | None, limit: int, cursor: str | None) -> Page:
    now = datetime.now(UTC)
    stmt = _with_clock(review_visible(caller))
    for column, value in ((r.department_code, department_code), (r.status, status), (r.reviewer, reviewer),
                          (r.case_id, case_id), (k.provisional, provisional),
                          (state_sql(t.clock, now), clock_state and clock_state.value)):
        if value is not None:
            stmt = stmt.where(column == value)
    if overdue is not None:
        late = (r.status != "concluded") & (k.due_at <= now)
        stmt = stmt.where(late if overdue else ~late)
    found = await page(engine, stmt, r.id, limit=limit, cursor=cursor)
    return Page([shown_to(caller, present(x)) for x in found.items], found.next_cursor)


async def of_case(engine: AsyncEngine, caller: Caller, case_id: str) -> list[dict]:
    """Every round of a case the caller may see, oldest first (none: an empty list, whether or not it exists)."""
    stmt = _with_clock(r.case_id == case_id, review_visible(caller)).order_by(r.round)
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).mappings().all()
    return [shown_to(caller, present(dict(x))) for x in rows]


def present(row: dict) -> dict:
    """The round, its due date and provisional flag beside it, and its clock as every API shows clocks."""
    clock = shown(row, datetime.now(UTC))
    fields = {name: value for name, value in row.items() if not name.startswith("clock_")}
    return fields | {"due_on": clock and clock["due_on"], "provisional": bool(clock and clock["provisional"]),
                     "clock": clock, "overdue": row["status"] != "concluded" and bool(clock)
                     and clock["state"] == ClockState.breached}


#: What a round holds that people typed: the materials, the conclusion, extension and reassignment reasons
_TEXTS = ("snapshot", "items", "opinion", "extensions", "assignments")


def shown_to(caller: Caller, round_: dict) -> dict:
    """The round as stored to a cleared caller; to any other its texts masked (K-7, P-31). Identifiers, person
    numbers and the party's name stay: names are not masked outside publicity."""
    if caller.cleared:
        return round_
    return round_ | {name: mask_document(round_[name]) for name in _TEXTS if round_.get(name) is not None}
