"""Request and response schemas (suffix Create / Read / Page); Chinese terms in the descriptions."""

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from list_management.api.evaluation_schemas import BenchmarkSuggestion, ListEntryMatch, ReviewRequirement
from list_management.domain.catalog import CertificateStatus, Department, Matter, Officer
from list_management.domain.documents import ListBody
from list_management.domain.facts import Circumstance
from list_management.domain.versioning import FilingStatus
from platform_events import Instant, RegionCode
from platform_events.wire import SupportedDate
from platform_runtime.api_schemas import Page

DepartmentCreate = Department
MatterCreate = Matter
OfficerCreate = Officer


class Audit(BaseModel):
    created_at: Instant = Field(description="创建时间")
    updated_at: Instant = Field(description="更新时间")
    created_by: str | None = None
    updated_by: str | None = None


class DepartmentRead(Department, Audit):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "code": "DG-SCJG", "name": "东港市市场监督管理局", "region_code": "210681", "sector": "市场监管",
        "kind": "administrative_organ", "credit_code": None, "responsibilities": ["食品安全", "价格", "无照经营"],
        "created_at": "2026-03-02T09:15:00+08:00", "updated_at": "2026-11-20T16:40:12+08:00",
        "created_by": "P-SFJ-0003", "updated_by": "P-SFJ-0003"}]})

    region_code: RegionCode = Field(description="行政区划代码")


class MatterRead(Matter, Audit):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "code": "DG-SCJG-CF-001", "name": "对未将营业执照置于住所或者主要经营场所醒目位置的处罚",
        "department_code": "DG-SCJG", "matter_type": "处罚",
        "legal_basis": "《中华人民共和国市场主体登记管理条例》第四十八条第一款", "keywords": ["营业执照", "亮照经营"],
        "active": True, "retired_at": None, "created_at": "2026-03-02T09:20:00+08:00",
        "updated_at": "2026-03-02T09:20:00+08:00", "created_by": "P-SFJ-0003", "updated_by": "P-SFJ-0003"}]})

    active: bool = Field(description="是否在目录中")
    retired_at: Instant | None = Field(None, description="移出目录时间")


class OfficerRead(Officer, Audit):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "person_no": "P-SCJG-0012", "name": "王海燕", "department_code": "DG-SCJG", "certificate_no": "LN21068100012",
        "certificate_type": "行政执法证", "valid_from": "2024-01-01", "valid_to": "2028-12-31", "status": "valid",
        "enforcement_areas": ["大东街道", "食品安全"], "legal_professional_qualification": False, "auxiliary": False,
        "created_at": "2026-03-02T09:30:00+08:00", "updated_at": "2026-06-18T10:05:41+08:00",
        "created_by": "P-SFJ-0003", "updated_by": "P-SCJG-0001", "certificate_valid_on": "2026-12-03",
        "certificate_valid": True}]})

    certificate_valid_on: date | None = Field(None, description="as_of 查询日")
    certificate_valid: bool | None = Field(None, description="该日证件是否有效、可计入两人执法 (P-1, E-1)")


class CertificateStatusChange(BaseModel):
    status: CertificateStatus = Field(description="证件状态")
    effective_on: SupportedDate = Field(description="生效日期")
    reason: str = Field(min_length=2, max_length=500, description="原因")


class ListCreate(BaseModel):
    department_code: str = Field(description="制定主体编码")
    title: str = Field(min_length=2, max_length=300, description="清单名称")
    body: ListBody


class ListEdit(BaseModel):
    title: str = Field(min_length=2, max_length=300)
    body: ListBody


class ListPublish(BaseModel):
    effective_from: SupportedDate = Field(description="施行日期")
    effective_to: SupportedDate | None = Field(None, description="失效日期")


class ListFiling(BaseModel):
    filing_status: FilingStatus = Field(description="报备状态")
    note: str = Field("", max_length=1000)


class ListRead(BaseModel):
    id: str
    kind: str
    series_key: str
    version: int
    department_code: str
    title: str
    status: str = Field(description="draft | published | superseded")
    effective_from: date | None
    effective_to: date | None
    published_at: Instant | None = Field(description="发布时间")
    filing_status: str = Field(description="报备状态")
    filing_note: str = ""
    body: dict[str, Any]


class DepartmentPage(Page[DepartmentRead]):
    """A page of 执法主体."""


class MatterPage(Page[MatterRead]):
    """A page of the 执法事项目录."""


class OfficerPage(Page[OfficerRead]):
    """A page of 执法人员."""


class ListPage(Page[ListRead]):
    """A page of list and benchmark versions (清单、裁量基准版本)."""


class CertificateChangeRead(BaseModel):
    """One change of an enforcement certificate's status (执法证状态变更记录), oldest first in a history."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 17, "person_no": "P-SCJG-0012", "previous_status": "valid", "status": "suspended",
        "effective_on": "2026-07-01", "reason": "涉嫌违法违纪接受调查，暂扣执法证", "recorded_at": "2026-07-01T10:12:03+08:00",
        "recorded_by": "P-SCJG-0001"}]})

    id: int
    person_no: str = Field(description="人员编号")
    previous_status: CertificateStatus = Field(description="变更前状态")
    status: CertificateStatus = Field(description="变更后状态")
    effective_on: date = Field(description="生效日期")
    reason: str = Field(description="原因")
    recorded_at: Instant = Field(description="登记时间")
    recorded_by: str = Field(description="登记人（令牌主体）")


class EvaluationRequest(BaseModel):
    matter_code: str = Field(description="执法事项编码")
    act_date: SupportedDate = Field(description="违法行为/决定日期：按该日施行的清单版本评估")
    facts: list[Circumstance] = Field(default_factory=list, description="已查明的情节")
    party_type: Literal["natural_person", "organisation"] = Field("organisation", description="当事人类型")
    proposed_fine_cny: Decimal | None = Field(None, ge=0, description="拟罚没金额（元），用于判断是否需法制审核")


class RuleReason(BaseModel):
    rule: str
    source: str
    basis: str
    text: str


class EvaluationRead(BaseModel):
    """Advisory (仅供参考): the list entries, benchmark tier and review requirement for a matter's facts on a date."""

    advisory: bool = Field(True, description="仅供参考：办案机关自行决定并记录理由")
    matter: Matter = Field(description="执法事项")
    act_date: date = Field(description="评估所依据的日期")
    list_entries: list[ListEntryMatch] = Field(description="适用的清单条目")
    benchmark: BenchmarkSuggestion | None = Field(description="裁量基准与建议阶次")
    legality_review: ReviewRequirement | None = Field(description="是否须经法制审核 (L-5)")
    explanation: list[RuleReason] = Field(description="每项建议的规则依据")


class ImportBundle(BaseModel):
    """导入文件：执法主体、执法事项、执法人员与清单，整份文件全部成功或全部不导入 (rows are checked one by one on
    import, so a bad one is named like `matters[3].name`)."""

    departments: list[dict[str, Any]] = Field(default_factory=list, description="rows of Department")
    matters: list[dict[str, Any]] = Field(default_factory=list, description="rows of Matter")
    officers: list[dict[str, Any]] = Field(default_factory=list, description="rows of Officer")
    lists: list[dict[str, Any]] = Field(default_factory=list, description="{department_code, title, effective_from?, "
                                        "body}: with `effective_from` (施行日期) the list is published on import")


class CertificateHistory(Page[CertificateChangeRead]):
    """An officer's whole certificate history, oldest first, in one page (`next_cursor` is null)."""
