"""Routes every service serves for its operators and supervisors: dead letters and their replay, the audit log."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel
from sqlalchemy import select

from platform_identity import Caller
from platform_messaging import DeadLetterNotFound, list_dead_letters, replay_dead_letter
from platform_runtime.dependencies import RuntimeDep, require


class AuditEntry(BaseModel):
    id: int
    at: datetime
    kind: Literal["change", "confidential_read"]
    client_id: str
    subject: str
    acting_client: str | None
    scopes: list[str]
    agencies: list[str]
    region: str
    request_id: str | None
    method: str
    route: str
    resource: str | None
    event_types: list[str]
    event_count: int


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: int | None


def operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/dead-letters", summary="Messages this service's consumer gave up on")
    async def dead_letters(runtime: RuntimeDep, caller: Annotated[Caller, require("dead-letters:read")],
                           pending_only: bool = False,
                           after_id: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
                           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict]:
        views = await list_dead_letters(runtime.engine, runtime.dead_letter, limit=limit, after_id=after_id,
                                        pending_only=pending_only)
        return [v.__dict__ for v in views]

    @router.post("/dead-letters/{dead_letter_id}/replay",
                 summary="Run a dead letter through its handler again (same ce_id: exactly-once in effect)")
    async def replay(runtime: RuntimeDep, dead_letter_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                     caller: Annotated[Caller, require("dead-letters:replay")]) -> dict:
        try:
            outcome = await replay_dead_letter(runtime.engine, runtime.dead_letter, dead_letter_id, runtime.consumer)
        except DeadLetterNotFound as exc:
            raise HTTPException(404, f"dead letter {dead_letter_id} does not exist") from exc
        except Exception as exc:
            raise HTTPException(409, f"replay failed again: {type(exc).__name__}: {exc}") from exc
        return {"id": dead_letter_id, "outcome": outcome, "replayed_by": caller.actor}

    @router.get("/audit-log", response_model=AuditPage,
                summary="Who changed what and who read confidential data, with the verified caller (newest first)")
    async def audit_log(runtime: RuntimeDep, caller: Annotated[Caller, require("audit:read")],
                        client_id: str | None = None, subject: str | None = None,
                        kind: Literal["change", "confidential_read"] | None = None,
                        since: datetime | None = None, until: datetime | None = None,
                        before_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
                        limit: Annotated[int, Query(ge=1, le=500)] = 100) -> AuditPage:
        table = runtime.outbox.metadata.tables["audit_log"]
        query = select(table).where(table.c.region.startswith(caller.region)).order_by(table.c.id.desc()).limit(limit)
        filters = {table.c.client_id: client_id, table.c.subject: subject, table.c.kind: kind}
        for column, value in filters.items():
            if value is not None:
                query = query.where(column == value)
        if not caller.region_wide:  # a department's auditor sees the acts of its own agencies' callers
            query = query.where(table.c.agencies.overlap(list(caller.agencies)))
        if since is not None:
            query = query.where(table.c.at >= since)
        if until is not None:
            query = query.where(table.c.at < until)
        if before_id is not None:
            query = query.where(table.c.id < before_id)
        async with runtime.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        items = [AuditEntry(**row) for row in rows]
        return AuditPage(items=items, next_cursor=items[-1].id if len(items) == limit else None)

    return router
