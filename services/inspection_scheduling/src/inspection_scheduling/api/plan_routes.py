"""Routes of plans: 年度抽查计划, 专项检查 and 联合抽查 with their tasks; approval (E-9), filing and publication
(E-13), withdrawal.

Reads need `plans:read`, changes `plans:write`, approval `plans:approve` held by a person other than the plan's
creator. A plan outside the caller's data scope is not found; a cooperating department reads and does not edit.
"""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from inspection_scheduling.api.context import EngineDep, ServicesDep, require
from inspection_scheduling.api.plan_schemas import PlanDetailRead, PlanPage, TaskRead
from inspection_scheduling.application import plan_queries, plans
from inspection_scheduling.domain.plans import (
    Filing,
    Kind,
    PlanCreate,
    PlanHeader,
    Status,
    TaskDraft,
    Withdrawal,
)
from platform_db import Page
from platform_identity import Caller

router = APIRouter(tags=["plan"])
Reader = Annotated[Caller, require("plans:read")]
Writer = Annotated[Caller, require("plans:write")]
Approver = Annotated[Caller, require("plans:approve")]


@router.post("/plans", status_code=201, response_model=PlanDetailRead,
             responses={200: {"description": "the plan created before with this Idempotency-Key",
                              "model": PlanDetailRead}},
             summary="Draw up a plan (a draft) with its tasks; retry safely with an Idempotency-Key")
async def create_plan(body: PlanCreate, svc: ServicesDep, caller: Writer,
                      idempotency_key: Annotated[str | None, Header(max_length=255)] = None) -> JSONResponse:
    plan, created = await plans.create(svc, body, caller, idempotency_key)
    return JSONResponse(jsonable_encoder(plan), status_code=201 if created else 200)


@router.get("/plans", response_model=PlanPage, summary="Plans the caller sees: its agencies' (initiating or "
                                                     "cooperating), or its region's")
async def list_plans(engine: EngineDep, caller: Reader, year: Annotated[int | None, Query(ge=2004, le=2035)] = None,
                     kind: Kind | None = None,
                     status: Status | None = None, department_code: str | None = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> Page:
    return await plan_queries.listing(engine, caller, year=year, kind=kind, status=status,
                                      department_code=department_code, limit=limit, cursor=cursor)


@router.get("/plans/{plan_id}", response_model=PlanDetailRead, summary="One plan with its tasks")
async def get_plan(plan_id: str, engine: EngineDep, caller: Reader) -> dict:
    return await plan_queries.one(engine, plan_id, caller)


@router.put("/plans/{plan_id}", response_model=PlanDetailRead,
            summary="Replace a draft's header; its tasks are checked again against it")
async def update_plan(plan_id: str, body: PlanHeader, svc: ServicesDep, caller: Writer) -> dict:
    return await plans.update_header(svc, plan_id, body, caller)


@router.post("/plans/{plan_id}/tasks", status_code=201, response_model=TaskRead, summary="Add a task to a draft")
async def add_task(plan_id: str, body: TaskDraft, svc: ServicesDep, caller: Writer) -> dict:
    return await plans.add_task(svc, plan_id, body, caller)


@router.put("/plans/{plan_id}/tasks/{task_id}", response_model=TaskRead, summary="Replace a task of a draft")
async def replace_task(plan_id: str, task_id: str, body: TaskDraft, svc: ServicesDep, caller: Writer) -> dict:
    return await plans.replace_task(svc, plan_id, task_id, body, caller)


@router.delete("/plans/{plan_id}/tasks/{task_id}", status_code=204, summary="Remove a task from a draft")
async def delete_task(plan_id: str, task_id: str, svc: ServicesDep, caller: Writer) -> Response:
    await plans.delete_task(svc, plan_id, task_id, caller)
    return Response(status_code=204)


@router.post("/plans/{plan_id}/approval", response_model=PlanDetailRead,
             summary="Approve a draft (E-9): a person other than its creator; its matters still published (E-2)")
async def approve_plan(plan_id: str, svc: ServicesDep, caller: Approver) -> dict:
    return await plans.approve(svc, plan_id, caller)


@router.post("/plans/{plan_id}/filing", response_model=PlanDetailRead,
             summary="File an approved plan (备案) with the level above; after the deadline it is marked late (E-13)")
async def file_plan(plan_id: str, body: Filing, svc: ServicesDep, caller: Writer) -> dict:
    return await plans.file(svc, plan_id, body, caller)


@router.post("/plans/{plan_id}/publication", response_model=PlanDetailRead,
             summary="Publish a filed plan (E-13): only then are its tasks drawn and inspected")
async def publish_plan(plan_id: str, svc: ServicesDep, caller: Writer) -> dict:
    return await plans.publish(svc, plan_id, caller)


@router.post("/plans/{plan_id}/withdrawal", response_model=PlanDetailRead,
             summary="Withdraw a plan with a reason (any status but withdrawn); completed draws stay on record")
async def withdraw_plan(plan_id: str, body: Withdrawal, svc: ServicesDep, caller: Writer) -> dict:
    return await plans.withdraw(svc, plan_id, body, caller)
