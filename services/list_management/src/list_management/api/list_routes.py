"""Routes for the versioned lists: drafts, publication, 报备, as-of queries, evaluation."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from list_management.api.deps import ActorDep, ContainerDep
from list_management.api.presenters import present_evaluation
from list_management.api.schemas import (
    EvaluationRead,
    EvaluationRequest,
    ListCreate,
    ListEdit,
    ListFiling,
    ListPublish,
    ListRead,
    Page,
)
from list_management.application import lists, queries
from list_management.application.evaluation import evaluate_case
from list_management.domain.documents import ListKind
from list_management.domain.errors import NotFound
from platform_db import page

router = APIRouter(tags=["lists"])


@router.post("/lists", response_model=ListRead, status_code=201,
             summary="Create a draft version of a list or benchmark (Idempotency-Key honoured)")
async def create_list(body: ListCreate, c: ContainerDep, actor: ActorDep, response: Response,
                      idempotency_key: Annotated[str | None, Header(max_length=200)] = None):
    version, created = await lists.create_draft(
        c.uow, department_code=body.department_code, title=body.title, body=body.body.model_dump(mode="json"),
        actor=actor, min_steps=c.settings.rules.benchmark_min_steps, idempotency_key=idempotency_key,
    )
    response.status_code = 201 if created else 200
    return version.__dict__


@router.put("/lists/{list_id}", response_model=ListRead, summary="Edit a draft (published versions are immutable)")
async def edit_list(list_id: str, body: ListEdit, c: ContainerDep, actor: ActorDep):
    version = await lists.edit_draft(c.uow, list_id, title=body.title, body=body.body.model_dump(mode="json"),
                                     actor=actor, min_steps=c.settings.rules.benchmark_min_steps)
    return version.__dict__


@router.post("/lists/{list_id}/publish", response_model=ListRead,
             summary="Publish a draft; the previous version ends the day before this one takes effect")
async def publish_list(list_id: str, body: ListPublish, c: ContainerDep, actor: ActorDep):
    version = await lists.publish(c.uow, list_id, effective_from=body.effective_from,
                                  effective_to=body.effective_to, actor=actor)
    return version.__dict__


@router.post("/lists/{list_id}/filing", response_model=ListRead, summary="Record 报备 (filing) progress")
async def file_list(list_id: str, body: ListFiling, c: ContainerDep, actor: ActorDep):
    version = await lists.change_filing(c.uow, list_id, to=body.filing_status, note=body.note, actor=actor)
    return version.__dict__


@router.get("/lists", response_model=Page[ListRead],
            summary="Versions, filterable; `in_force_on` answers 'which version applied on that date?'")
async def list_lists(c: ContainerDep, kind: ListKind | None = None, department_code: str | None = None,
                     status: str | None = None, series_key: str | None = None, in_force_on: date | None = None,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: str | None = None):
    stmt, key = queries.list_versions(kind=kind, department_code=department_code, status=status,
                                      series_key=series_key, in_force_on=in_force_on)
    return await page(c.engine, stmt, key, limit=limit, cursor=cursor)


@router.get("/lists/{list_id}", response_model=ListRead)
async def get_list(list_id: str, c: ContainerDep):
    stmt, key = queries.list_versions(kind=None, department_code=None, status=None, series_key=None, in_force_on=None)
    async with c.engine.connect() as conn:
        row = (await conn.execute(stmt.where(key == list_id))).mappings().first()
    if row is None:
        raise NotFound(f"list version {list_id} does not exist")
    return dict(row)


@router.post("/evaluations", response_model=EvaluationRead, tags=["evaluation"],
             summary="Advisory: list entries and benchmark step for a matter's facts on a date, with rule ids")
async def evaluate(body: EvaluationRequest, c: ContainerDep):
    result, matter = await evaluate_case(
        c.uow, matter_code=body.matter_code, facts=set(body.facts), on=body.act_date, party_type=body.party_type,
        proposed_fine_cny=body.proposed_fine_cny,
    )
    return present_evaluation(result, matter, body.act_date)
