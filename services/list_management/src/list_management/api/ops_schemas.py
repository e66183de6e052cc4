"""What bulk import, export and the unused-matter report answer, documented for integrators' generated clients."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from list_management.api.schemas import DepartmentCreate, ImportBundle, MatterCreate, OfficerCreate
from list_management.domain.catalog import MatterType
from platform_events import Instant


class ImportReportRead(BaseModel):
    """导入结果：按实体计数；一份文件要么全部导入，要么（422/403）什么都不导入."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "created": {"departments": 1, "matters": 12}, "updated": {"officers": 3}, "unchanged": {"officers": 43},
        "lists_published": 1, "lists_unchanged": 0}]})

    created: dict[str, int] = Field(description="新增条数（按 departments / matters / officers）")
    updated: dict[str, int] = Field(description="更新条数")
    unchanged: dict[str, int] = Field(description="未变条数")
    lists_published: int = Field(description="导入并发布的清单版本数")
    lists_unchanged: int = Field(description="与现行版本相同、未新增版本的清单数")


class ExportRows(RootModel[list[DepartmentCreate] | list[MatterCreate] | list[OfficerCreate]]):
    """导出：所选实体的可导入字段，可在表格中编辑后原样导入."""


class UnusedMatterRead(BaseModel):
    code: str = Field(description="事项编码")
    name: str = Field(description="事项名称")
    department_code: str = Field(description="实施主体编码")
    matter_type: MatterType = Field(description="事项类型")
    created_at: Instant = Field(description="列入目录时间")


class UnusedMatterReport(BaseModel):
    """五年未使用事项清理报告 (policy 001 item 14): active matters with no recorded use in the window."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "as_of": "2026-12-03", "window_years": 5, "window_start": "2021-12-03",
        "matters": [{"code": "DG-SCJG-CF-024", "name": "对擅自动用、调换、转移、损毁被查封、扣押财物的处罚",
                     "department_code": "DG-SCJG", "matter_type": "处罚", "created_at": "2026-03-02T09:20:00+08:00"}],
        "count": 1, "usage_records": 318, "usage_tracked_since": "2026-03-05", "complete": False,
        "note": "Usage is counted from case.filed.v1 events only since they started arriving; the window reaches "
                "back further than the records, so 'unused' here means 'no recorded use'."}]})

    as_of: date = Field(description="报告基准日")
    window_years: int = Field(description="统计年限")
    window_start: date = Field(description="统计起始日")
    matters: list[UnusedMatterRead]
    count: int
    usage_records: int = Field(description="所涉地区事项使用记录数")
    usage_tracked_since: date | None = Field(description="使用记录起始日（配置或首条记录）")
    complete: bool = Field(description="记录是否覆盖整个统计期；否则“未使用”仅指“无使用记录”")
    note: str | None


def _import_bundle_schema() -> dict[str, Any]:
    """ImportBundle's schema with each row documented as the record it creates (components of this document)."""
    schema = ImportBundle.model_json_schema()
    for name, component in (("departments", "Department"), ("matters", "Matter"), ("officers", "Officer")):
        schema["properties"][name]["items"] = {"$ref": f"#/components/schemas/{component}"}
    schema["properties"]["lists"]["items"] = {"allOf": [
        {"$ref": "#/components/schemas/ListCreate"},
        {"properties": {"effective_from": {"type": "string", "format": "date", "description": "施行日期"}}},
    ]}
    return schema


_CSV_EXAMPLE = ("code,name,region_code,sector,responsibilities\n"
                "DG-SCJG,东港市市场监督管理局,210681,市场监管,食品安全|价格|无照经营\n")

#: the body is JSON (a bundle) or CSV rows of one entity (`?entity=`), so it is read raw and documented here
IMPORT_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": _import_bundle_schema(), "example": {
        "departments": [{"code": "DG-SCJG", "name": "东港市市场监督管理局", "region_code": "210681",
                         "sector": "市场监管", "responsibilities": ["食品安全", "价格"]}],
        "matters": [{"code": "DG-SCJG-CF-001", "name": "对未将营业执照置于住所或者主要经营场所醒目位置的处罚",
                     "department_code": "DG-SCJG", "matter_type": "处罚",
                     "legal_basis": "《中华人民共和国市场主体登记管理条例》第四十八条第一款"}]}},
    "text/csv": {"schema": {"type": "string", "description": "一种实体的行，首行为字段名；列表字段用 | 分隔"},
                 "example": _CSV_EXAMPLE},
}}}

#: the export answers JSON rows or a CSV file (UTF-8 with BOM, so spreadsheet programs read the Chinese)
EXPORT_ANSWER: dict[int | str, dict[str, Any]] = {200: {
    "model": ExportRows, "description": "JSON rows (`format=json`) or a CSV file (`format=csv`)",
    "content": {"text/csv": {"schema": {"type": "string"}, "example": _CSV_EXAMPLE}},
}}
