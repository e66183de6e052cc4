"""What the 一单两库 routes answer (R-2): entities of the object pool, imports, inspectors with whether they may be
drawn (E-1) and their declared conflicts (R-10), and the matter list copy (E-2). Read models forbid unknown fields."""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from platform_events import Instant
from platform_runtime.api_schemas import Page, Read

Kind = Literal["enterprise", "individual", "product", "project", "other"]


class EntityRead(Read):
    credit_code: str = Field(description="统一社会信用代码（产品、项目等为同字符集的 18 位对象代码）")
    name: str = Field(description="名称")
    kind: Kind = Field(description="类型：企业 / 个体工商户 / 产品 / 项目 / 其他")
    kind_label: str = Field(description="类型名称")
    industry: str = Field(description="行业 (GB/T 4754)")
    region_code: str = Field(description="行政区划")
    address: str = Field(description="地址")
    status: Literal["存续", "注销"] = Field(description="登记状态")
    credit_class: Literal["A", "B", "C", "D"] = Field(description="信用风险分类")
    credit_as_of: date = Field(description="分类日期")
    risk_level: Literal["高", "较高", "一般", "低"] = Field(description="风险等级")
    special_sectors: list[str] = Field(description="特殊重点领域 (R-1)")
    import_id: str | None = Field(description="最后写入该行的导入；空：增量更新")
    updated_at: Instant


class EntityPage(Page[EntityRead]):
    """One page of the object pool, by credit code."""


class ImportProblem(Read):
    row: int = Field(description="行号（CSV 表头后第一行为 1；0：整个文件）")
    field: str
    reason: str


class ImportRead(Read):
    id: str
    filename: str | None
    format: Literal["csv", "json", "ndjson"]
    sha256: str = Field(description="文件的 SHA-256：同一文件再次导入即答复此次导入")
    status: Literal["imported", "refused"]
    rows: int
    inserted: int
    updated: int
    problems: list[ImportProblem] = Field(description="被拒文件的问题（前 1,000 条）")
    region_code: str | None = Field(description="导入者的行政区划")
    created_at: Instant
    updated_at: Instant
    created_by: str


class NotDrawable(Read):
    reason: str = Field(description="inactive | auxiliary | no_certificate | certificate_suspended | "
                                    "certificate_revoked | certificate_expired | certificate_not_yet_valid")
    rule: str = Field(description="规则编号 (E-1, R-2)")


class InspectorRead(Read):
    person_no: str
    name: str
    department_code: str
    auxiliary: bool = Field(description="辅助人员 (E-1: never drawn)")
    certificate_no: str | None = Field(description="执法证号")
    certificate_status: str = Field(description="valid | suspended | revoked")
    valid_from: date | None
    valid_to: date | None
    areas: list[str] = Field(description="执法领域 (list_management)")
    specialties: list[str] = Field(description="名录库补充的专长")
    max_objects_per_draw: int | None = Field(description="一次抽取最多分配的对象数")
    active: bool = Field(description="在库")
    conflicts: list[str] = Field(description="申报利害关系的统一社会信用代码 (R-10)")
    eligible_on: date
    drawable: bool = Field(description="该日可否被抽取")
    not_drawable: NotDrawable | None


class InspectorPage(Page[InspectorRead]):
    """One page of the inspector pool, by person number."""


class ConflictRead(Read):
    id: int
    person_no: str
    credit_code: str
    reason: str
    declared_on: date
    withdrawn_on: date | None = Field(description="撤回日期；空：仍有效")
    created_at: Instant
    updated_at: Instant
    created_by: str


class MatterRead(Read):
    key: str = Field(description="series_key|matter_code|sub_item")
    series_key: str
    matter_code: str
    sub_item: str
    department_code: str
    list_id: str
    version: int
    effective_from: date
    effective_to: date | None
    basis: str
    objects: str
    ratio_percent: Decimal
    frequency_per_year: int
    method: str
    inspector_requirements: str
    source_event_id: str
    updated_at: Instant


class MatterPage(Page[MatterRead]):
    """One page of the published inspection matters (E-2)."""


_CSV = ("credit_code,name,kind,industry,region_code,address,status,credit_class,credit_as_of,risk_level,"
        "special_sectors\n91210681MA0QXXXX0X,东港市海鲜食品有限公司,enterprise,C13,210681,东港市滨海路1号,存续,B,"
        "2026-11-01,一般,食品\n")
_ROW = {"type": "object", "required": ["credit_code", "name", "kind", "industry", "region_code", "status",
                                       "credit_class", "credit_as_of"]}
#: the import's body: one file, CSV, a JSON array or NDJSON (OpenAPI documents it; the route reads it raw)
IMPORT_BODY = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string", "description": "首行为字段名；special_sectors 以 | 分隔"},
                 "example": _CSV},
    "application/json": {"schema": {"type": "array", "items": _ROW}},
    "application/x-ndjson": {"schema": {"type": "string", "description": "每行一个 JSON 对象"}},
}}}
