"""Routes every service serves for its operators and supervisors: dead letters and their replay, the audit log."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from platform_db.audit import AuditQuery, list_entries
from platform_db.paging import decode_id_cursor, encode_cursor
from platform_errors import Conflict, NotFound
from platform_events import Instant
from platform_identity import Caller
from platform_messaging import dead_letters
from platform_runtime.dependencies import RuntimeDep, require


class AuditEntry(BaseModel):
    id: int
    at: Instant
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
    next_cursor: str | None


class DeadLetter(BaseModel):
    id: int
    consumer_group: str
    topic: str
    partition: int
    offset: int
    event_id: str | None = Field(description="ce_id of the message")
    event_type: str | None = Field(description="ce_type of the message")
    error_type: str
    error_message: str
    attempts: int
    dead_lettered_at: Instant
    replayed_at: Instant | None
    replay_count: int


class DeadLetterPage(BaseModel):
    items: list[DeadLetter]
    next_cursor: str | None


class Replay(BaseModel):
    id: int
    outcome: str = Field(description="What the handler did: applied, or a duplicate already applied")
    replayed_by: str


Limit = Annotated[int, Query(ge=1, le=500)]


def operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/dead-letters", summary="Messages this service's consumer gave up on (oldest first)")
    async def list_dead_letters(runtime: RuntimeDep, caller: Annotated[Caller, require("dead-letters:read")],
                                pending_only: bool = False, cursor: str | None = None,
                                limit: Limit = 50) -> DeadLetterPage:
        views = await dead_letters.list_dead_letters(runtime.engine, runtime.dead_letter, limit=limit + 1,
                                                     after_id=decode_id_cursor(cursor) or 0,
                                                     pending_only=pending_only)
        more = len(views) > limit
        items = [DeadLetter(**v.__dict__) for v in views[:limit]]
        return DeadLetterPage(items=items, next_cursor=encode_cursor(str(items[-1].id)) if more else None)

    @router.post("/dead-letters/{dead_letter_id}/replay",
                 summary="Run a dead letter through its handler again (same ce_id: exactly-once in effect)")
    async def replay_dead_letter(runtime: RuntimeDep, dead_letter_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                                 caller: Annotated[Caller, require("dead-letters:replay")]) -> Replay:
        try:
            outcome = await dead_letters.replay_dead_letter(runtime.engine, runtime.dead_letter, dead_letter_id,
                                                            runtime.consumer)
        except dead_letters.DeadLetterNotFound as exc:
            raise NotFound((f"死信 {dead_letter_id} 不存在", f"dead letter {dead_letter_id} does not exist")) from exc
        except Exception as exc:  # whatever the handler raised, the letter stays pending
            raise Conflict((f"重放再次失败：{type(exc).__name__}: {exc}", f"replay failed again: {type(exc).__name__}: {exc}"),
                           state="pending") from exc
        return Replay(id=dead_letter_id, outcome=outcome, replayed_by=caller.actor)

    @router.get("/audit-log", summary="Who changed what and who read confidential data, with the verified caller "
                                      "(newest first)")
    async def list_audit_log(runtime: RuntimeDep, caller: Annotated[Caller, require("audit:read")],
                             client_id: str | None = None, subject: str | None = None,
                             kind: Literal["change", "confidential_read"] | None = None,
                             since: Instant | None = None, until: Instant | None = None,
                             cursor: str | None = None, limit: Limit = 100) -> AuditPage:
        query = AuditQuery(region=caller.region, agencies=None if caller.region_wide else caller.agencies,
                           client_id=client_id, subject=subject, kind=kind, since=since, until=until)
        found = await list_entries(runtime.engine, runtime.outbox.metadata.tables["audit_log"], query, limit=limit,
                                   cursor=cursor)
        return AuditPage(items=[AuditEntry(**row) for row in found.items], next_cursor=found.next_cursor)

    return router
