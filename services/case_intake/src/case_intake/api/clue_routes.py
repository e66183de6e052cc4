"""Routes for 案源线索: register, list, pause/extend the 立案 clock, not file (S-3) or file (立案, S-2)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from case_intake.api.case_schemas import CaseRead
from case_intake.api.clue_schemas import CluePage, ClueRead
from case_intake.api.context import Caller, EngineDep, ServicesDep, require
from case_intake.application import clues, filing, queries
from case_intake.application.clues import ClockPause, ClueCreate, NotFiling
from case_intake.application.filing import Filing
from case_intake.domain.model import ExtensionCreate, Model
from platform_db.clocks import ClockState

router = APIRouter(tags=["clues"])
#: a clue answer leaves out what the caller may not see: `reporter` is absent, not null, for an uncleared caller (K-7)
CLUE = {"response_model": ClueRead, "response_model_exclude_unset": True}


class Resume(Model):
    """The 立案 clock starts again after testing, inspection or appraisal (S-1)."""

    ended_on: date = Field(description="检测、检验、鉴定结束之日")


@router.post("/clues", status_code=201, **CLUE,
             responses={200: {"model": ClueRead, "description": "a repeat of (source, source_ref): the stored clue"}},
             summary="Register a 案源线索; a repeat of (source, source_ref) returns it")
async def register_clue(body: ClueCreate, svc: ServicesDep, response: Response,
                        caller: Annotated[Caller, require("clues:write")]) -> dict:
    clue, created = await clues.register(svc, body, caller)
    response.status_code = 201 if created else 200
    return queries.clue_shown(clue, caller)  # K-7, P-31: numbers masked for an uncleared caller


@router.get("/clues", response_model=CluePage,
            summary="Clues, filterable, paginated (the reporter is never listed, K-7)")
async def list_clues(engine: EngineDep, caller: Annotated[Caller, require("clues:read")],
                     department_code: str | None = None, status: str | None = None, source: str | None = None,
                     source_ref: Annotated[str | None, Query(description="来源编号, e.g. the 12345 work order id")] = None,
                     clock_state: Annotated[ClockState | None, Query(description="立案期限的状态")] = None,
                     provisional: Annotated[bool | None, Query(description="期限含未公布放假安排的年份")] = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 50, cursor: str | None = None) -> dict:
    items, next_cursor = await queries.clues(engine, department_code=department_code, status=status, source=source,
                                             source_ref=source_ref, limit=limit, cursor=cursor, caller=caller,
                                             clock_state=clock_state, provisional=provisional)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/clues/{clue_id}", **CLUE,
            summary="One clue with its 立案 clock (S-1); the reporter only to cleared callers (K-7)")
async def get_clue(clue_id: str, svc: ServicesDep, caller: Annotated[Caller, require("clues:read")]) -> dict:
    return queries.clue_shown(await clues.get(svc, clue_id, caller), caller)


@router.post("/clues/{clue_id}/pauses", **CLUE,
             summary="Stop the 立案 clock for testing, inspection or appraisal (S-1)")
async def pause_filing_clock(clue_id: str, body: ClockPause, svc: ServicesDep,
                             caller: Annotated[Caller, require("clues:write")]) -> dict:
    return queries.clue_shown(await clues.pause(svc, clue_id, body, caller), caller)


@router.post("/clues/{clue_id}/resume", **CLUE, summary="Start the 立案 clock again")
async def resume_filing_clock(clue_id: str, body: Resume, svc: ServicesDep,
                              caller: Annotated[Caller, require("clues:write")]) -> dict:
    return queries.clue_shown(await clues.resume(svc, clue_id, body.ended_on, caller), caller)


@router.post("/clues/{clue_id}/extensions", **CLUE,
             summary="Extend the 立案 clock once by up to 15 WD, approved by the verified head (S-1)")
async def extend_filing_clock(clue_id: str, body: ExtensionCreate, svc: ServicesDep,
                              caller: Annotated[Caller, require("clues:write")]) -> dict:
    return queries.clue_shown(await clues.extend(svc, clue_id, body, caller), caller)


@router.post("/clues/{clue_id}/not-filed", **CLUE,
             summary="Decide not to file, with the ground (S-3); K-5 notice date")
async def decide_not_to_file(clue_id: str, body: NotFiling, svc: ServicesDep,
                             caller: Annotated[Caller, require("clues:write")]) -> dict:
    return queries.clue_shown(await clues.not_file(svc, clue_id, body, caller), caller)


@router.post("/clues/{clue_id}/case", status_code=201, response_model=CaseRead,
             summary="立案: file the clue as a case (S-2, P-5 limitation, P-1 two certified officers)")
async def file_case(clue_id: str, body: Filing, svc: ServicesDep, engine: EngineDep,
                    caller: Annotated[Caller, require("cases:write")]) -> dict:
    case_id = await filing.file_case(svc, clue_id, body, caller)
    return await queries.case(engine, case_id, svc.today(), caller)
