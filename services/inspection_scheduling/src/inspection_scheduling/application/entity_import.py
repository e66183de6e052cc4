"""Imports into the object pool (R-2): a file checked row by row in pure code and written whole or not at all.

Any problem refuses the whole file: the refusal is recorded (with its first 1,000 problems) and answered 422,
each problem naming its row and field; nothing of the file reaches the pool. A file whose SHA-256 was imported
before is answered with that import (idempotent: nothing is written twice). Every import is recorded in
`entity_import` with the importer's region and audited with its caller (platform_db.audit, by the unit of work).
"""

import asyncio
import hashlib
import uuid

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from inspection_scheduling.adapters import entity_copy
from inspection_scheduling.adapters import tables as t
from inspection_scheduling.adapters.data_scope import import_visible
from inspection_scheduling.application.draw_inputs import paused_gc
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain.entities import Columns, Problem, check, copy_text
from inspection_scheduling.domain.entity_files import FORMATS, Unreadable, read
from platform_errors import FieldProblem, InvalidInput, NotFound
from platform_identity import Caller

i = t.entity_import.c
KEPT_PROBLEMS = 1_000  # problems recorded and answered per refused file


class FileRefused(InvalidInput):
    """An object-pool file with at least one bad row: nothing of it was imported (each row and field named)."""

    slug = "file-refused"
    title = "文件有错误行，未导入任何记录"
    title_en = "File refused: nothing imported"


async def import_file(svc: Services, body: bytes, media_type: str, filename: str | None,
                      caller: Caller) -> tuple[dict, bool]:
    """(the import, True) when done now; (the earlier import, False) for a file imported before."""
    fmt = FORMATS.get(media_type)
    if fmt is None:
        raise InvalidInput((f"不支持的文件类型 {media_type or '（未指明）'}", f"unsupported file type {media_type!r}"),
                           errors=[FieldProblem("content-type", f"one of {', '.join(FORMATS)}")])
    digest = hashlib.sha256(body).hexdigest()
    if (earlier := await _imported(svc.engine, digest)) is not None:
        return earlier, False
    columns, problems = await asyncio.to_thread(_checked, body, fmt, caller, svc)  # seconds of CPU: off the loop
    record = {"id": str(uuid.uuid4()), "filename": filename, "format": fmt, "sha256": digest,
              "rows": columns.rows if columns else 0, "region_code": caller.region, "created_by": caller.actor}
    async with svc.uows() as uow:
        await entity_copy.lock(uow.driver)
        if not problems and (earlier := await _imported(uow.session, digest)) is not None:
            return earlier, False  # the same file, imported while this one was being checked
        if problems:
            record |= {"status": "refused", "problems": [p.as_json() for p in problems[:KEPT_PROBLEMS]]}
        else:
            text = await asyncio.to_thread(_copy_text, columns, record["id"])
            inserted, updated = await entity_copy.write(uow.driver, text, columns.values["credit_code"])
            record |= {"status": "imported", "inserted": inserted, "updated": updated}
        await uow.session.execute(insert(t.entity_import).values(**record))
        await uow.commit()
    if problems:
        raise _refusal(record, len(problems))
    return await one(svc.engine, record["id"], caller), True


def _checked(body: bytes, fmt: str, caller: Caller, svc: Services) -> tuple[Columns | None, list[Problem]]:
    """The file read and checked with the cyclic collector paused (millions of new tuples, none cyclic)."""
    with paused_gc():
        try:
            columns = read(body, fmt)
        except Unreadable as exc:
            return None, exc.problems
        return columns, check(columns, region=caller.region, today=svc.today())


def _copy_text(columns: Columns, import_id: str) -> bytes:
    with paused_gc():
        return copy_text(columns, import_id)


def _refusal(record: dict, total: int) -> FileRefused:
    shown = record["problems"]
    return FileRefused((f"文件有 {total} 处错误，未导入任何记录", f"{total} problems in the file: nothing imported"),
                       errors=[FieldProblem(f"rows[{p['row']}].{p['field']}", p["reason"]) for p in shown],
                       import_id=record["id"], problems=shown, problems_total=total)


async def _imported(db, digest: str) -> dict | None:  # noqa: ANN001
    stmt = select(t.entity_import).where(i.sha256 == digest, i.status == "imported").order_by(i.created_at).limit(1)
    if isinstance(db, AsyncEngine):
        async with db.connect() as conn:
            row = (await conn.execute(stmt)).first()
    else:
        row = (await db.execute(stmt)).first()
    return dict(row._mapping) if row else None


async def one(engine: AsyncEngine, import_id: str, caller: Caller) -> dict:
    async with engine.connect() as conn:
        row = (await conn.execute(select(t.entity_import).where(i.id == import_id, import_visible(caller)))).first()
    if row is None:
        raise NotFound((f"导入 {import_id} 不存在", f"no import {import_id}"))
    return dict(row._mapping)
