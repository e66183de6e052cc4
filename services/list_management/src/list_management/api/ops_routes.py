"""Routes for bulk import/export and the unused-matter report (dead letters: platform_runtime.operations)."""

import csv
import io
import json
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from list_management.api.context import Caller, ServicesDep, require, require_also
from list_management.api.ops_schemas import EXPORT_ANSWER, IMPORT_BODY, ImportReportRead, UnusedMatterReport
from list_management.api.schemas import ImportBundle
from list_management.application import imports, queries
from list_management.application.usage import usage_window_start
from list_management.domain.errors import FieldProblem, InvalidInput
from platform_events.wire import SupportedDate
from platform_http import MIB, body_limit

router = APIRouter()
#: A whole city's lists in one file (thousands of matters with their legal basis) weigh a few MiB: 16 MiB, not the
#: 1 MiB default of other bodies (issue 12 item 5).
IMPORT_MAX_BODY_BYTES = 16 * MIB
Entity = Literal["departments", "matters", "officers"]
READ_SCOPE = {"departments": "departments:read", "matters": "matters:read", "officers": "personnel:read"}


@router.post("/imports", response_model=ImportReportRead, openapi_extra=body_limit(IMPORT_MAX_BODY_BYTES, **IMPORT_BODY),
             tags=["import/export"],
             summary="Import a JSON bundle, or CSV rows of one entity (?entity=…); all-or-nothing per file")
async def import_file(request: Request, svc: ServicesDep, caller: Annotated[Caller, require("lists:import")],
                      entity: Entity | None = None) -> dict:
    raw = await request.body()
    if not raw.strip():  # the body is required (OpenAPI): no file is not an empty import
        raise InvalidInput(("请求体为空：须提交 JSON 数据包或 CSV 行", "the body is empty: send a JSON bundle or CSV rows"),
                           errors=[FieldProblem("body", "required")])
    if "csv" in request.headers.get("content-type", ""):
        if entity is None:
            raise InvalidInput(("CSV 导入须指明导入的数据类别（entity）", "CSV imports name their entity"),
                               errors=[FieldProblem("entity", "required for CSV")])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(("CSV 文件不是有效的 UTF-8 文本", "the CSV file is not UTF-8 text"),
                               errors=[FieldProblem("body", f"invalid UTF-8 at byte {exc.start}")]) from exc
        bundle = {entity: imports.parse_csv(entity, text)}
    else:
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, nested too deep, a number too long
            raise InvalidInput(("请求体不是可接受的 JSON", "the body is not acceptable JSON"),
                               errors=[FieldProblem("body", f"{type(exc).__name__}: {str(exc)[:200]}")]) from exc
        bundle = ImportBundle.model_validate(parsed).model_dump()
    report = await imports.import_bundle(svc.uow, bundle, caller=caller, min_steps=svc.rules.benchmark_min_steps)
    return report.__dict__


@router.get("/exports/{entity}", responses=EXPORT_ANSWER, tags=["import/export"],
            summary="Export an entity as JSON or CSV (also needs the entity's own read scope: departments:read, "
                    "matters:read or personnel:read)")
async def export(entity: Entity, svc: ServicesDep, caller: Annotated[Caller, require("lists:read")],
                 format: Literal["json", "csv"] = "json") -> Response:
    require_also(caller, READ_SCOPE[entity])
    rows = await queries.export_rows(svc.engine, caller, entity, list(imports.ENTITIES[entity].model_fields))
    if format == "json":
        return Response(json.dumps(rows, ensure_ascii=False, default=str), media_type="application/json")
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8")


@router.get("/reports/unused-matters", response_model=UnusedMatterReport, tags=["reports"],
            summary="Catalog matters with no recorded use in N years (policy 001 item 14: 五年未使用事项清理)")
async def unused_matters(svc: ServicesDep, caller: Annotated[Caller, require("matters:read")],
                         as_of: Annotated[SupportedDate | None, Query(description="报告基准日")] = None,
                         years: Annotated[int | None, Query(ge=1, le=20)] = None) -> dict:
    as_of = as_of or date.today()
    years = years or svc.rules.unused_matter_years
    since = usage_window_start(as_of, years)
    rows, first_use, recorded = await queries.unused_matters(svc.engine, caller, since=since)
    tracking_since = svc.rules.usage_tracking_since or first_use
    complete = tracking_since is not None and tracking_since <= since
    return {
        "as_of": as_of, "window_years": years, "window_start": since, "matters": rows, "count": len(rows),
        "usage_records": recorded, "usage_tracked_since": tracking_since, "complete": complete,
        "note": None if complete else (
            "Usage is counted from case.filed.v1 events only since they started arriving; the window reaches "
            "back further than the records, so 'unused' here means 'no recorded use'."),
    }
