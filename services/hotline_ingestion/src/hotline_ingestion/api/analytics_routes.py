"""Routes for 行政提示 analytics (policy 000 item 7): hotspots of 12345 demand and how departments answer it."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from hotline_ingestion.api.analytics_schemas import DepartmentAnswers, Hotspots
from hotline_ingestion.api.context import ServicesDep
from hotline_ingestion.application import analytics
from hotline_ingestion.application.analytics import Dimension, Granularity
from hotline_ingestion.domain.vocabulary import RequestType
from platform_events import Instant, RegionPrefix
from platform_identity import Caller
from platform_runtime.dependencies import require

router = APIRouter(prefix="/analytics", tags=["analytics"])
From = Annotated[Instant | None, Query(description="来电时间起, inclusive, with offset (default: to − 30 days)")]
To = Annotated[Instant | None, Query(description="来电时间止, exclusive, with offset (default: now)")]
Region = Annotated[RegionPrefix | None, Query(description="行政区划代码 or its prefix: 2, 4, 6, 9 or 12 digits")]
Type = Annotated[RequestType | None, Query(description="诉求类型")]


@router.get("/hotspots", response_model=Hotspots, response_model_exclude_unset=True, summary="热点: work orders by matter, region or local time bucket, against the previous window")
async def hotspots(services: ServicesDep, caller: Annotated[Caller, require("analytics:read")],
                   dimension: Annotated[Dimension, Query(description="事项 / 区划 / 时段")] = "matter",
                   received_from: From = None, received_to: To = None, request_type: Type = None,
                   region_code: Region = None,
                   granularity: Annotated[Granularity, Query(description="time buckets, Asia/Shanghai")] = "day",
                   top: Annotated[int, Query(ge=1, le=500, description="busiest buckets returned")] = 10,
                   min_count: Annotated[int, Query(ge=1, le=1_000_000, description="smallest count shown")] = 1) -> dict:
    scope = analytics.scope(received_from, received_to, now=datetime.now(UTC), caller=caller,
                            region_prefix=region_code, request_type=request_type)
    return await analytics.hotspots(services.engine, scope, dimension, granularity=granularity,
                                    top=top, min_count=min_count)


@router.get("/departments", response_model=DepartmentAnswers, summary="Per lead unit (主办): volume, closed, overdue, satisfaction, returns, 重办, 督办")
async def departments(services: ServicesDep, caller: Annotated[Caller, require("analytics:read")],
                      received_from: From = None, received_to: To = None,
                      request_type: Type = None, region_code: Region = None) -> dict:
    scope = analytics.scope(received_from, received_to, now=datetime.now(UTC), caller=caller,
                            region_prefix=region_code, request_type=request_type)
    return await analytics.departments(services.engine, scope)
