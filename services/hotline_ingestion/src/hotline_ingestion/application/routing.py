"""Routing suggestions for one work order (one the caller sees) from the local catalog copy and the rule table."""

import orjson

from hotline_ingestion.application import access
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.domain.routing import (
    EnforcementSignal,
    Suggestion,
    enforcement_signal,
    suggest_departments,
)
from hotline_ingestion.domain.vocabulary import RequestType
from platform_db import UnitOfWorkFactory
from platform_errors import NotFound
from platform_identity import Caller


async def suggestions_for(uows: UnitOfWorkFactory, work_order_id: str, caller: Caller,
                          policies: Policies) -> tuple[list[Suggestion], EnforcementSignal | None]:
    async with uows() as uow:  # read only: never committed
        order = await uow.driver.fetchrow("SELECT content, request_type, region_code, lifecycle::text AS lifecycle"
                                          " FROM work_order WHERE id = $1", work_order_id)
        if order is None or not access.sees(caller, {**order, "lifecycle": orjson.loads(order["lifecycle"])}):
            raise NotFound((f"工单 {work_order_id} 不存在", f"work order {work_order_id} does not exist"))
        matters, departments = await policies.catalog.read(uow.driver, fresh=True)
    request_type = RequestType(order["request_type"])
    ranked = suggest_departments(order["content"], request_type, order["region_code"], departments, matters,
                                 list(policies.routing_rules), top_n=policies.routing_top_n)
    signal = enforcement_signal(order["content"], request_type, matters, departments, order["region_code"])
    return ranked, signal
