"""Reads of 案卷评查, filtered in SQL by the caller's data scope: the supervising 司法局 reads its region's campaigns,
an agency reads the campaigns that cover it and only its own files and rectification items in them. A caller
without the confidential clearance reads personal numbers in a rectification's problem text masked (K-7, P-31)."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from legality_review.adapters import tables as t
from legality_review.adapters.data_scope import campaign_visible, sees
from legality_review.application.services import Services
from legality_review.domain.rubric import Grade
from platform_db import Page, page
from platform_errors import NotFound
from platform_events.personal import redact
from platform_identity import Caller

cp, fr, rc = t.campaign.c, t.file_review.c, t.rectification.c


def files_visible(caller: Caller):  # noqa: ANN201 - a SQL condition
    return sees(caller, fr.department_code, fr.region_code)


def items_visible(caller: Caller):  # noqa: ANN201 - a SQL condition
    return sees(caller, rc.department_code, rc.region_code)


async def campaign(svc: Services, campaign_id: str, caller: Caller) -> dict:
    """The campaign as the caller sees it: files, grade counts and rectification progress; complete when all of it
    is graded and closed."""
    async with svc.uows() as uow:
        c = await campaign_row(uow.session, campaign_id, caller)
        files = [dict(x) for x in (await uow.session.execute(
            select(t.file_review).where(fr.campaign_id == campaign_id, files_visible(caller))
            .order_by(fr.case_no, fr.case_id))).mappings()]
        items = [dict(x) for x in (await uow.session.execute(
            select(t.rectification).where(rc.campaign_id == campaign_id, items_visible(caller))
            .order_by(rc.due_on, rc.id))).mappings()]
    today = svc.today()
    grades = {g.value: sum(1 for f in files if f["grade"] == g.value) for g in Grade}
    open_items = [i for i in items if i["status"] == "open"]
    complete = c["status"] == "drawn" and all(f["status"] == "graded" for f in files) and not open_items
    return c | {"progress": "completed" if complete else c["status"] if c["status"] == "planned" else "in_progress",
                "files": files, "grades": grades,
                "rectifications": [shown_item(caller, i) | {
                    "overdue": i["overdue"] if i["status"] == "closed" else i["due_on"] < today} for i in items],
                "open_rectifications": len(open_items)}


async def file(svc: Services, file_review_id: str, caller: Caller) -> dict:
    async with svc.uows() as uow:
        f = (await uow.session.execute(select(t.file_review).where(fr.id == file_review_id, files_visible(caller)))
             ).mappings().first()
        if f is None:
            raise NotFound((f"案卷评查记录 {file_review_id} 不存在", f"no case-file review {file_review_id}"))
        items = (await uow.session.execute(select(t.rectification).where(rc.file_review_id == file_review_id)
                                           .order_by(rc.id))).mappings().all()
    return dict(f) | {"rectifications": [shown_item(caller, dict(i)) for i in items]}


async def campaigns(engine: AsyncEngine, caller: Caller, limit: int, cursor: str | None) -> Page:
    files = (select(func.count()).where(fr.campaign_id == cp.id, files_visible(caller))
             .correlate(t.campaign).scalar_subquery().label("files"))
    return await page(engine, select(t.campaign, files).where(campaign_visible(caller)), cp.id, limit=limit,
                      cursor=cursor)


async def rectifications(engine: AsyncEngine, caller: Caller, *, department_code: str | None,
                         campaign_id: str | None, status: str | None, limit: int, cursor: str | None) -> Page:
    stmt = select(t.rectification).where(items_visible(caller))
    for column, value in ((rc.department_code, department_code), (rc.campaign_id, campaign_id), (rc.status, status)):
        if value is not None:
            stmt = stmt.where(column == value)
    found = await page(engine, stmt, rc.id, limit=limit, cursor=cursor)
    return Page([shown_item(caller, i) for i in found.items], found.next_cursor)


def shown_item(caller: Caller, item: dict) -> dict:
    """A rectification item; its problem text with personal numbers masked for an uncleared caller (K-7)."""
    return item if caller.cleared else item | {"problem": redact(item["problem"])}


async def campaign_row(db, campaign_id: str, caller: Caller, *, lock: bool = False) -> dict:  # noqa: ANN001
    stmt = select(t.campaign).where(cp.id == campaign_id, campaign_visible(caller))
    row = (await db.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
    if row is None:
        raise NotFound((f"案卷评查活动 {campaign_id} 不存在", f"no case-file review campaign {campaign_id}"))
    return dict(row)
