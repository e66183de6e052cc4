"""FastAPI app factory of list_management: built once at the edge, wired in the lifespan."""

from fastapi import FastAPI

from list_management import bootstrap
from list_management.api import catalog_routes, list_routes, ops_routes
from list_management.consumers import CONSUMED
from list_management.settings import Settings
from platform_events.contracts.list_management import PUBLISHED
from platform_runtime import create_service_app

DESCRIPTION = """四张清单（不予处罚/从轻/减轻/不予实施行政强制措施）、裁量基准、执法事项目录、违法风险点、
法制审核目录、随机抽查事项清单、合规指导清单、执法主体与执法人员。

Lists, discretion benchmarks, the enforcement matter catalog, risk points, review and inspection matter lists,
compliance guidance, enforcement bodies and personnel — with as-of-date queries and an advisory evaluator."""


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(), bootstrap.build, title="list_management", description=DESCRIPTION,
        routers=[catalog_routes.router, list_routes.router, ops_routes.router],
        publishes=PUBLISHED, consumes=CONSUMED,
    )
