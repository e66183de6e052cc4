"""Open311 GeoReport v2 use cases: services from the catalog copy, requests as ordinary work orders."""

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import intake
from hotline_ingestion.application.open311 import (
    CLOSED,
    MAX_RESULTS,
    RequestsQuery,
    ServiceRequestForm,
    intake_for,
    order_no_for,
    read_request,
    request_view,
    service_of,
)
from hotline_ingestion.application.policies import Policies
from platform_db import UnitOfWorkFactory
from platform_errors import NotFound
from platform_identity import Caller


async def list_services(engine: AsyncEngine) -> list[dict]:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(t.department_copy).order_by(t.department_copy.c.code))).mappings()
        return [service_of(r) for r in rows]


async def submit_request(uows: UnitOfWorkFactory, engine: AsyncEngine, fields: Mapping[str, str],
                         idempotency_key: str | None, caller: Caller, policies: Policies) -> dict:
    """Receive through the hotline's own intake (the caller's region only, the caller recorded as who received it),
    then record where and under which service it was reported."""
    form = read_request(fields)
    department = await _department(engine, form.service_code)
    order = intake_for(form, department, order_no_for(idempotency_key), datetime.now(UTC))
    work_order_id = (await intake.receive(uows, order, caller, policies)).work_order_id
    await _locate(uows, work_order_id, form)
    view = await find_request(engine, work_order_id)
    return {"service_request_id": view["service_request_id"], "service_notice": view["service_notice"],
            "account_id": None}


async def _department(engine: AsyncEngine, code: str) -> Mapping:
    async with engine.connect() as conn:
        found = (await conn.execute(select(t.department_copy).where(t.department_copy.c.code == code))
                 ).mappings().first()
    if found is None:  # GeoReport v2, POST Service Request: "404 - service_code ... was not found"
        raise NotFound((f"未找到 service_code {code!r}；可通过 GET services.json 查看服务列表",
                        f"service_code {code!r} was not found; GET services.json lists the services"))
    return found


async def _locate(uows: UnitOfWorkFactory, work_order_id: str, form: ServiceRequestForm) -> None:
    """Only the first POST sets them: a retried POST returns the stored request unchanged."""
    c = t.work_order.c
    async with uows() as uow:
        await uow.session.execute(update(t.work_order).where(c.id == work_order_id, c.service_code.is_(None))
                                  .values(service_code=form.service_code, latitude=form.lat, longitude=form.long))
        await uow.commit()


async def find_requests(engine: AsyncEngine, query: RequestsQuery) -> list[dict]:
    c = t.work_order.c
    stmt = _requests()
    if query.ids:
        stmt = stmt.where(c.id.in_(query.ids))
    else:  # a public listing leaves out 举报 and confidential orders (K-7, H-4); by id, the submitter may ask
        stmt = stmt.where(c.received_at >= query.start, c.received_at <= query.end, *_listable())
        if query.service_codes:
            stmt = stmt.where(_service_code().in_(query.service_codes))
        if query.closed is not None:
            stmt = stmt.where(c.status.in_(CLOSED) if query.closed else c.status.not_in(CLOSED))
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt.order_by(c.received_at.desc(), c.id).limit(MAX_RESULTS))).mappings()
        return [request_view(r) for r in rows]


async def find_request(engine: AsyncEngine, service_request_id: str) -> dict:
    found = await find_requests(engine, RequestsQuery(ids=(service_request_id,)))
    if not found:
        raise NotFound((f"未找到 service_request_id {service_request_id!r}",
                        f"service_request_id {service_request_id!r} was not found"))
    return found[0]


def _listable() -> list:
    c = t.work_order.c
    private = c.requester["keep_confidential"].as_boolean().is_(True) | c.requester["anonymous"].as_boolean().is_(True)
    return [c.request_type != "举报", ~private]


def _service_code():  # noqa: ANN202 - a SQL expression
    """The service the requester chose, else the lead unit (主办) a dispatcher assigned."""
    return func.coalesce(t.work_order.c.service_code, t.work_order.c.lifecycle["lead_unit"].astext)


def _requests() -> Select:
    """Only the columns a service request shows: the requester column is never selected (rules K-7, H-4)."""
    c, h = t.work_order.c, t.work_order_history.c
    service, agency = t.department_copy.alias("service"), t.department_copy.alias("agency")
    lead_unit = c.lifecycle["lead_unit"].astext
    last_at = select(func.max(h.at)).where(h.work_order_id == c.id).scalar_subquery()
    last_reason = (select(h.reason).where(h.work_order_id == c.id, h.reason != "").order_by(h.id.desc()).limit(1)
                   .scalar_subquery())
    return (
        select(c.id, c.status, c.content, c.address, c.received_at, c.due_at, c.due_provisional, c.latitude, c.longitude,
               c.attachments, c.not_accepted_reason, c.proper_channel, lead_unit.label("lead_unit"),
               _service_code().label("service_code"), service.c.name.label("service_name"),
               agency.c.name.label("agency_name"), func.greatest(c.updated_at, last_at).label("updated_at"),
               last_reason.label("last_reason"))
        .select_from(t.work_order.outerjoin(service, service.c.code == _service_code())
                     .outerjoin(agency, agency.c.code == lead_unit))
    )
