"""Routing suggestions for one work order from the local catalog copy and the configured rule table."""

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
from platform_db import UnitOfWorkFactory


async def suggestions_for(uows: UnitOfWorkFactory, work_order_id: str, rules: list[RoutingRule],
                          top_n: int) -> tuple[list[Suggestion], EnforcementSignal | None]:
    async with uows() as uow:  # read only: never committed
        order = await uow.driver.fetchrow("SELECT content, request_type, region_code FROM work_order WHERE id = $1",
                                          work_order_id)
        if order is None:
            raise NotFound(f"work order {work_order_id} does not exist")
        matters, departments = await catalog(uow.driver)
    request_type = RequestType(order["request_type"])
    ranked = suggest_departments(order["content"], request_type, order["region_code"], departments, matters,
                                 rules, top_n=top_n)
    signal = enforcement_signal(order["content"], request_type, matters, departments, order["region_code"])
    return ranked, signal
