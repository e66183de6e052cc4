"""Routing suggestions for one work order from the local catalog copy and the configured rule table."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application.catalog_copy import catalog
from hotline_ingestion.domain.errors import NotFound
from hotline_ingestion.domain.routing import (
    EnforcementSignal,
    RoutingRule,
    Suggestion,
    enforcement_signal,
    suggest_departments,
)
from hotline_ingestion.domain.vocabulary import RequestType


async def suggestions_for(engine: AsyncEngine, work_order_id: str, rules: list[RoutingRule],
                          top_n: int) -> tuple[list[Suggestion], EnforcementSignal | None]:
    async with engine.connect() as conn:
        order = (await conn.execute(select(t.work_order).where(t.work_order.c.id == work_order_id))).mappings().first()
        if order is None:
            raise NotFound(f"work order {work_order_id} does not exist")
        matters, departments = await catalog(conn)
    request_type = RequestType(order["request_type"])
    ranked = suggest_departments(order["content"], request_type, order["region_code"], departments, matters,
                                 rules, top_n=top_n)
    signal = enforcement_signal(order["content"], request_type, matters, departments, order["region_code"])
    return ranked, signal
