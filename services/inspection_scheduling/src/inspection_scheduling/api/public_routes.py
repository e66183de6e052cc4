"""Routes for the public, no token (marked PUBLIC, as case_intake's published decisions): published plans (E-13)
and every draw — its commitment and frozen inputs from the start, its proof, roster, verification and "why" once
complete — and the verification of a proof and roster a citizen holds, answered as the offline verifier would."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from inspection_scheduling.api.context import EngineDep
from inspection_scheduling.api.draw_schemas import (
    PROOF_ANSWER,
    ROSTER_ANSWER,
    HeldProof,
    PublicDrawRead,
    PublicPlanPage,
    PublicPlanRead,
    VerificationRead,
    WhyRead,
)
from inspection_scheduling.application import draw_queries, public_plans
from inspection_scheduling.domain.canonical import canonical_json
from platform_db import Page
from platform_errors import FieldProblem, InvalidInput
from platform_runtime.dependencies import PUBLIC, PUBLIC_OPENAPI

router = APIRouter(tags=["public"], dependencies=[PUBLIC])
HELD_BODY = PUBLIC_OPENAPI | {"requestBody": {"required": True, "content": {"application/json": {
    "schema": HeldProof.model_json_schema()}}}}


@router.get("/public/plans", response_model=PublicPlanPage, openapi_extra=PUBLIC_OPENAPI,
            summary="For the public, no token: published inspection plans (E-13)")
async def list_public_plans(engine: EngineDep, year: int | None = None, department_code: str | None = None,
                            limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> Page:
    return await public_plans.listing(engine, year=year, department_code=department_code, limit=limit, cursor=cursor)


@router.get("/public/plans/{plan_id}", response_model=PublicPlanRead, openapi_extra=PUBLIC_OPENAPI,
            summary="For the public, no token: one published plan with its tasks and draws")
async def get_public_plan(plan_id: str, engine: EngineDep) -> dict:
    return await public_plans.one(engine, plan_id)


@router.get("/public/draws/{draw_id}", response_model=PublicDrawRead, openapi_extra=PUBLIC_OPENAPI,
            summary="For the public, no token: a draw — frozen inputs and commitment, then its outcome")
async def get_public_draw(draw_id: str, engine: EngineDep) -> dict:
    return await draw_queries.one(engine, draw_id, None)


@router.get("/public/draws/{draw_id}/proof", response_class=Response, openapi_extra=PUBLIC_OPENAPI,
            responses=PROOF_ANSWER,
            summary="For the public, no token: the proof's canonical bytes, exactly")
async def get_public_proof(draw_id: str, engine: EngineDep) -> Response:
    return Response(await draw_queries.proof_bytes(engine, draw_id, None), media_type="application/json")


@router.get("/public/draws/{draw_id}/roster", response_class=Response, openapi_extra=PUBLIC_OPENAPI,
            responses=ROSTER_ANSWER,
            summary="For the public, no token: the frozen roster as CSV `credit_code,stratum`")
async def get_public_roster(draw_id: str, engine: EngineDep) -> Response:
    return Response(await draw_queries.roster_csv(engine, draw_id, None), media_type="text/csv; charset=utf-8")


@router.get("/public/draws/{draw_id}/verify", response_model=VerificationRead, openapi_extra=PUBLIC_OPENAPI,
            summary="For the public, no token: the stored proof re-derived, naming any input that differs")
async def verify_public_draw(draw_id: str, engine: EngineDep) -> dict:
    return await draw_queries.verification(engine, draw_id, None)


@router.get("/public/draws/{draw_id}/why/{credit_code}", response_model=WhyRead, openapi_extra=PUBLIC_OPENAPI,
            summary="For the public, no token: why this enterprise was (not) drawn, with the rule")
async def why_public(draw_id: str, credit_code: str, engine: EngineDep) -> dict:
    return await draw_queries.explanation(engine, draw_id, credit_code, None)


@router.post("/public/draws/verification", response_model=VerificationRead, openapi_extra=HELD_BODY,
             summary="For the public, no token: verify a proof and roster one holds (size-limited), as the offline "
                     "verifier does")
async def verify_held(request: Request) -> dict:
    held = await _held(request)
    raw = held.proof.encode() if isinstance(held.proof, str) else canonical_json(held.proof)
    return await asyncio.to_thread(draw_queries.report, raw, draw_queries.held_rows(held.roster), held.commitment)


async def _held(request: Request) -> HeldProof:
    """The body, read no further than HELD_MAX_BYTES (the declared length is not trusted alone)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > draw_queries.HELD_MAX_BYTES:
            raise InvalidInput(("提交内容过大", "the body is too large"), errors=[
                FieldProblem("body", f"at most {draw_queries.HELD_MAX_BYTES} bytes")])
    try:
        return HeldProof.model_validate_json(bytes(body))
    except ValidationError as invalid:
        raise RequestValidationError(invalid.errors(include_url=False)) from invalid
