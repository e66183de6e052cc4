"""The object pool (检查对象名录库, R-2) one entity at a time: reads filtered by the caller's region, and incremental
updates — a whole entity written (PUT, created when new) or some of its fields changed (PATCH: a new credit class
with its as-of date, 注销, an address …), each checked by the same rules as an imported row."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.adapters.data_scope import entity_visible
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.entities import FIELDS, KINDS, Columns, Problem, check, records
from platform_db import Page, page
from platform_errors import FieldProblem, InvalidInput, NotFound
from platform_events.wire import SupportedDate
from platform_identity import Caller

e = t.entity.c
Kind = Literal["enterprise", "individual", "product", "project", "other"]
CreditClass = Literal["A", "B", "C", "D"]
Status = Literal["存续", "注销"]


@dataclass(frozen=True)
class Filters:
    """What the pool is searched by: 区划 and industry prefixes, class, kind, status, a piece of the name."""

    region_code: str | None = None
    credit_class: CreditClass | None = None
    kind: Kind | None = None
    industry: str | None = None
    status: Status | None = None
    q: str | None = None


class EntityChange(BaseModel):
    """Fields to change; a new credit class comes with the date it was graded."""

    name: str | None = Field(None, description="名称")
    kind: Kind | None = None
    industry: str | None = None
    region_code: str | None = None
    address: str | None = None
    status: Literal["存续", "注销"] | None = None
    credit_class: Literal["A", "B", "C", "D"] | None = None
    credit_as_of: SupportedDate | None = Field(None, description="信用风险分类日期")
    risk_level: Literal["高", "较高", "一般", "低"] | None = None
    special_sectors: list[str] | None = None

    @model_validator(mode="after")
    def _class_with_its_date(self) -> "EntityChange":
        if self.credit_class is not None and self.credit_as_of is None:
            raise ValueError("a new credit_class needs its credit_as_of")
        return self


class EntityWrite(EntityChange):
    name: str
    kind: Kind
    industry: str
    region_code: str
    address: str = ""
    status: Literal["存续", "注销"]
    credit_class: Literal["A", "B", "C", "D"]
    credit_as_of: SupportedDate
    risk_level: Literal["高", "较高", "一般", "低"] = "一般"
    special_sectors: list[str] = Field(default_factory=list)


def present(row: dict) -> dict:
    return dict(row) | {"kind_label": KINDS[row["kind"]]}


async def listing(engine: AsyncEngine, caller: Caller, filters: Filters, *, limit: int, cursor: str | None) -> Page:
    stmt = select(t.entity).where(entity_visible(caller))
    for column, prefix in ((e.region_code, filters.region_code), (e.industry, filters.industry)):
        if prefix is not None:
            stmt = stmt.where(func.starts_with(column, prefix))
    for column, value in ((e.credit_class, filters.credit_class), (e.kind, filters.kind), (e.status, filters.status)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.q is not None:
        stmt = stmt.where(func.strpos(e.name, filters.q) > 0)
    found = await page(engine, stmt, e.credit_code, limit=limit, cursor=cursor)
    return Page([present(row) for row in found.items], found.next_cursor)


async def one(engine: AsyncEngine, credit_code: str, caller: Caller) -> dict:
    async with engine.connect() as conn:
        return present(await _visible(conn, credit_code, caller))


async def _visible(db, credit_code: str, caller: Caller) -> dict:  # noqa: ANN001
    row = (await db.execute(select(t.entity).where(e.credit_code == credit_code, entity_visible(caller)))).first()
    if row is None:
        raise NotFound((f"检查对象 {credit_code} 不在名录库中", f"no entity {credit_code} in the object pool"))
    return dict(row._mapping)


async def put(svc: Services, credit_code: str, body: EntityWrite, caller: Caller) -> dict:
    async with svc.uows() as uow:
        exists = (await uow.session.execute(select(e.region_code).where(e.credit_code == credit_code))).first()
        if exists is not None:
            await _visible(uow.session, credit_code, caller)  # another region's entity is not found
        row = await _write(uow, credit_code, body.model_dump(), caller, svc.today())
        await uow.commit()
    return present(row)


async def patch(svc: Services, credit_code: str, body: EntityChange, caller: Caller) -> dict:
    async with svc.uows() as uow:
        current = await _visible(uow.session, credit_code, caller)
        changed = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
        row = await _write(uow, credit_code, {f: current[f] for f in FIELDS[1:]} | changed, caller, svc.today())
        await uow.commit()
    return present(row)


async def _write(uow, credit_code: str, fields: dict, caller: Caller, today: date) -> dict:  # noqa: ANN001
    """The entity checked as an imported row would be, then stored whole (import_id cleared: updated by hand)."""
    columns = Columns(1, {"credit_code": [credit_code]} | {f: [_text(fields[f])] for f in FIELDS[1:]})
    columns.values["special_sectors"] = [tuple(fields["special_sectors"] or ())]
    problems = check(columns, region=caller.region, today=today)
    if problems:
        raise InvalidInput(("检查对象信息无效", "invalid entity"), errors=[_field(p) for p in problems])
    values = dict(zip((*FIELDS, "import_id"), records(columns, None)[0], strict=True))
    values["special_sectors"] = list(columns.values["special_sectors"][0])  # the column is JSONB: a list, not text
    stmt = pg_insert(t.entity).values(**values)
    changes = {name: stmt.excluded[name] for name in values if name != "credit_code"} | {"updated_at": func.now()}
    await uow.session.execute(stmt.on_conflict_do_update(index_elements=["credit_code"], set_=changes))
    return await _visible(uow.session, credit_code, caller)


def _text(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else ("" if value is None else value)


def _field(problem: Problem) -> FieldProblem:
    return FieldProblem(problem.field, problem.reason)
