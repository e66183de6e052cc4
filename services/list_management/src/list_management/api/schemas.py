"""Request and response schemas (suffix Create / Read / Page); Chinese terms in the descriptions."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from list_management.domain.catalog import CertificateStatus, Department, Matter, Officer
from list_management.domain.documents import ListBody
from list_management.domain.facts import Circumstance
from list_management.domain.versioning import FilingStatus

T = TypeVar("T")

DepartmentCreate = Department
MatterCreate = Matter
OfficerCreate = Officer


class Audit(BaseModel):
    created_at: datetime
    updated_at: datetime
    created_by: str | None = None
    updated_by: str | None = None


class DepartmentRead(Department, Audit):
    pass


class MatterRead(Matter, Audit):
    active: bool = Field(description="是否在目录中")
    retired_at: datetime | None = None


class OfficerRead(Officer, Audit):
    certificate_valid_on: date | None = Field(None, description="as_of 查询日")
    certificate_valid: bool | None = Field(None, description="该日证件是否有效、可计入两人执法 (P-1, E-1)")


class CertificateStatusChange(BaseModel):
    status: CertificateStatus = Field(description="证件状态")
    effective_on: date = Field(description="生效日期")
    reason: str = Field(min_length=2, max_length=500, description="原因")


class ListCreate(BaseModel):
    department_code: str = Field(description="制定主体编码")
    title: str = Field(min_length=2, max_length=300, description="清单名称")
    body: ListBody


class ListEdit(BaseModel):
    title: str = Field(min_length=2, max_length=300)
    body: ListBody


class ListPublish(BaseModel):
    effective_from: date = Field(description="施行日期")
    effective_to: date | None = Field(None, description="失效日期")


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
    published_at: datetime | None
    filing_status: str = Field(description="报备状态")
    filing_note: str = ""
    body: dict[str, Any]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page")


class EvaluationRequest(BaseModel):
    matter_code: str = Field(description="执法事项编码")
    act_date: date = Field(description="违法行为/决定日期：按该日施行的清单版本评估")
    facts: list[Circumstance] = Field(default_factory=list, description="已查明的情节")
    party_type: Literal["natural_person", "organisation"] = Field("organisation", description="当事人类型")
    proposed_fine_cny: Decimal | None = Field(None, ge=0, description="拟罚没金额（元），用于判断是否需法制审核")


class RuleReason(BaseModel):
    rule: str
    source: str
    basis: str
    text: str


class EvaluationRead(BaseModel):
    advisory: bool = Field(True, description="仅供参考：办案机关自行决定并记录理由")
    matter: dict[str, Any]
    act_date: date
    list_entries: list[dict[str, Any]]
    benchmark: dict[str, Any] | None
    legality_review: dict[str, Any] | None
    explanation: list[RuleReason]


class ImportBundle(BaseModel):
    departments: list[dict[str, Any]] = Field(default_factory=list)
    matters: list[dict[str, Any]] = Field(default_factory=list)
    officers: list[dict[str, Any]] = Field(default_factory=list)
    lists: list[dict[str, Any]] = Field(default_factory=list, description="{department_code, title, effective_from?, body}")
