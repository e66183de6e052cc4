"""GeoReport v2's own JSON shapes, as models for the OpenAPI document: arrays of services and service requests,
and its `[{code, description}]` errors. The routes answer GeoReport's JSON as the standard writes it (nulls kept);
these models document it, so a generated client reads typed objects."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hotline_ingestion.api.examples import ORDER_ID
from platform_http import PROBLEM_JSON


class GeoReport(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open311Service(GeoReport):
    """GET Service List: one service per department (部门) of the catalog copy; citizens choose who should handle it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "service_code": "DG-ZHZF", "service_name": "东港市综合行政执法局",
        "description": "市容环境卫生；餐饮油烟；噪声污染", "metadata": False, "type": "realtime",
        "keywords": "市容环境卫生,餐饮油烟,噪声污染", "group": "综合执法"}]})

    service_code: str = Field(description="部门编码")
    service_name: str = Field(description="部门名称")
    description: str = Field(description="职责")
    metadata: bool = Field(description="always false: no extra attributes to fetch")
    type: Literal["realtime", "batch", "blackbox"] = Field(description="always realtime")
    keywords: str = Field(description="职责, comma-separated")
    group: str | None = Field(description="行业领域")


class Open311ServiceRequest(GeoReport):
    """GET Service Request(s): a work order as GeoReport shows it — never the requester (K-7, H-4)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "service_request_id": ORDER_ID, "status": "open", "status_notes": "油烟噪音属综合执法",
        "service_name": "东港市综合行政执法局", "service_code": "DG-ZHZF",
        "description": "新兴路 88 号楼下烧烤店油烟扰民，请联系我 138****5678", "agency_responsible": "东港市综合行政执法局",
        "service_notice": "已受理，预计 2026-12-10 09:12（北京时间）前答复。",
        "requested_datetime": "2026-12-03T09:12:40+08:00", "updated_datetime": "2026-12-03T09:30:05+08:00",
        "expected_datetime": "2026-12-10T09:12:40+08:00", "address": "东港市大东街道新兴路 88 号", "address_id": None,
        "zipcode": None, "lat": 39.8712, "long": 124.1498, "media_url": None}]})

    service_request_id: str = Field(description="工单 id")
    status: Literal["open", "closed"] = Field(description="closed: 办结、回访、评价、不予受理或已合并")
    status_notes: str | None = Field(description="最近一条理由（不予受理：理由与法定途径），号码已脱敏")
    service_name: str | None = Field(description="服务（部门）名称")
    service_code: str | None = Field(description="来件所选的服务，否则派单的主办单位")
    description: str = Field(description="诉求内容，号码已脱敏")
    agency_responsible: str | None = Field(description="主办单位")
    service_notice: str | None = Field(description="预计答复时间（暂定时注明）或不予受理的告知 (H-8)")
    requested_datetime: str = Field(description="来电时间 (w3 datetime, +08:00)")
    updated_datetime: str = Field(description="最后更新时间 (w3 datetime, +08:00)")
    expected_datetime: str | None = Field(description="办理时限 (w3 datetime, +08:00)")
    address: str | None = Field(description="事发地址")
    address_id: None = Field(description="always null: no master address repository")
    zipcode: None = Field(description="always null")
    lat: float | None = Field(description="WGS84 纬度")
    long: float | None = Field(description="WGS84 经度")
    media_url: str | None = Field(description="第一个附件的地址")


class Open311Receipt(GeoReport):
    """POST Service Request: the id at once (the order is received synchronously), and what happens next."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "service_request_id": ORDER_ID, "service_notice": "已受理，预计 2026-12-10 09:12（北京时间）前答复。",
        "account_id": None}]})

    service_request_id: str = Field(description="工单 id")
    service_notice: str | None = Field(description="预计答复时间，或不予受理的理由与法定途径 (H-8)")
    account_id: None = Field(description="always null: no accounts here")


class Open311Error(GeoReport):
    """One GeoReport v2 error; a refusal answers an array of them."""

    code: int = Field(description="the HTTP status: 400, 403 or 404")
    description: str = Field(description="`field: message`, or what was refused")


#: GeoReport's three refusals, as problem+json for a caller that asks for it (`Accept: application/problem+json`)
OPEN311_REFUSALS = {400: ("Open311 请求无效", "Open311 request refused"), 403: ("Open311 请求不被允许", "Open311 request not permitted"),
                    404: ("Open311 请求的对象不存在", "Open311 request not found")}
_DESCRIPTIONS = {400: "GeoReport error: invalid arguments (problem+json when asked for with Accept)",
                 403: "GeoReport error: the caller may not report here (problem+json when asked for)",
                 404: "GeoReport error: no such jurisdiction, service or request (problem+json when asked for)"}
_EXAMPLES = {400: [{"code": 400, "description": "service_code: required"}],
             403: [{"code": 403, "description": "region_code: 210682 is outside the caller's region"}],
             404: [{"code": 404, "description": "jurisdiction_id 'shenyang' was not found; this endpoint serves "
                                                 "'dg.12345'"}]}


def georeport_errors(*statuses: int) -> dict:
    """`responses=` of a GeoReport route: each refusal an array of `Open311Error`, or the problem+json a client gets
    with `Accept: application/problem+json` (platform_runtime's OpenAPI keeps both)."""
    return {status: {"model": list[Open311Error], "description": _DESCRIPTIONS[status], "content": {
        "application/json": {"example": _EXAMPLES[status]},
        PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}, "example": _problem(status)}}}
        for status in statuses}


def _problem(status: int) -> dict:
    return {"type": f"/problems/open311-{status}", "title": OPEN311_REFUSALS[status][0], "status": status,
            "detail": _EXAMPLES[status][0]["description"], "errors": []}
