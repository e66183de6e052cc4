"""Routes of draws (R-4): commit the frozen inputs, reveal each party's secret, read the draw, its proof (the exact
published bytes), its roster (CSV), its verification and the answer to "why was this enterprise (not) drawn".

`draws:write` commits, `draws:reveal` reveals (the party's own department or person) and enters the public value,
`draws:read` reads. A draw outside the caller's data scope is not found; the public reads every draw on
/public/draws (public_routes.py)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from inspection_scheduling.api.context import EngineDep, ServicesDep, require
from inspection_scheduling.api.draw_schemas import (
    PROOF_ANSWER,
    ROSTER_ANSWER,
    DrawCreate,
    DrawPage,
    DrawRead,
    PublicValueCreate,
    RevealCreate,
    VerificationRead,
    WhyRead,
)
from inspection_scheduling.application import draw_queries, draws
from platform_db import Page
from platform_identity import Caller

router = APIRouter(tags=["draw"])
Reader = Annotated[Caller, require("draws:read")]
Writer = Annotated[Caller, require("draws:write")]
Revealer = Annotated[Caller, require("draws:reveal")]
Status = Literal["committed", "completed", "abandoned"]


@router.post("/draws", status_code=201, response_model=DrawRead,
             responses={200: {"description": "the draw made before from the same frozen inputs", "model": DrawRead},
                        404: {"description": "no such task (or redrawn draw) within the caller's data scope"}},
             summary="Freeze a task's roster, strata, exclusions and inspector pool and publish the commitment (R-4)")
async def commit_draw(body: DrawCreate, svc: ServicesDep, caller: Writer) -> JSONResponse:
    draw, created = await draws.commit(svc, body.command(), caller)
    return JSONResponse(jsonable_encoder(draw), status_code=201 if created else 200)


@router.post("/draws/{draw_id}/reveals", response_model=DrawRead,
             summary="Reveal a party's secret (its own department or person); the last one completes the draw")
async def reveal_secret(draw_id: str, body: RevealCreate, svc: ServicesDep, caller: Revealer) -> dict:
    return await draws.reveal(svc, draw_id, body.party, body.secret, caller)


@router.post("/draws/{draw_id}/public-value", response_model=DrawRead,
             summary="Enter the optional public value of the ceremony, once, before the last reveal")
async def enter_public_value(draw_id: str, body: PublicValueCreate, svc: ServicesDep, caller: Revealer) -> dict:
    return await draws.set_public_value(svc, draw_id, body.value, caller)


@router.get("/draws", response_model=DrawPage, summary="Draws of the departments the caller sees, or it is a party to")
async def list_draws(engine: EngineDep, caller: Reader, plan_id: str | None = None, task_id: str | None = None,
                     status: Status | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                     cursor: str | None = None) -> Page:
    return await draw_queries.listing(engine, caller, plan_id=plan_id, task_id=task_id, status=status, limit=limit,
                                      cursor=cursor)


@router.get("/draws/{draw_id}", response_model=DrawRead, summary="One draw: parties, strata, exclusions, outcome")
async def get_draw(draw_id: str, engine: EngineDep, caller: Reader) -> dict:
    return await draw_queries.one(engine, draw_id, caller)


@router.get("/draws/{draw_id}/proof", response_class=Response,
            responses=PROOF_ANSWER,
            summary="The proof as published: its canonical bytes, exactly")
async def get_proof(draw_id: str, engine: EngineDep, caller: Reader) -> Response:
    return Response(await draw_queries.proof_bytes(engine, draw_id, caller), media_type="application/json")


@router.get("/draws/{draw_id}/roster", response_class=Response,
            responses=ROSTER_ANSWER,
            summary="The frozen roster as CSV `credit_code,stratum`, by stratum key then credit code")
async def get_roster(draw_id: str, engine: EngineDep, caller: Reader) -> Response:
    return Response(await draw_queries.roster_csv(engine, draw_id, caller), media_type="text/csv; charset=utf-8")


@router.get("/draws/{draw_id}/verify", response_model=VerificationRead,
            summary="Re-derive the stored proof from its inputs and the stored roster; name any input that differs")
async def verify_draw(draw_id: str, engine: EngineDep, caller: Reader) -> dict:
    return await draw_queries.verification(engine, draw_id, caller)


@router.get("/draws/{draw_id}/why/{credit_code}", response_model=WhyRead,
            summary="Why this enterprise was (not) drawn, per stratum, with the rule")
async def why_drawn(draw_id: str, credit_code: str, engine: EngineDep, caller: Reader) -> dict:
    return await draw_queries.explanation(engine, draw_id, credit_code, caller)
