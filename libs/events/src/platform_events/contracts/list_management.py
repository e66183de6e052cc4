"""Events list_management publishes: everything other services keep a local copy of."""

from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent
from platform_events.personal import FreeText
from platform_events.wire import Instant

DEPARTMENT_TOPIC = "list_management.department"
PERSONNEL_TOPIC = "list_management.personnel"
MATTER_TOPIC = "list_management.matter"
LIST_TOPIC = "list_management.list"


class _DepartmentEvent(IntegrationEvent):
    topic: ClassVar[str] = DEPARTMENT_TOPIC
    classification: ClassVar[Classification] = Classification.public

    code: str = Field(description="执法主体编码")
    name: str = Field(description="执法主体名称")
    region_code: str = Field(description="行政区划代码")
    sector: str = Field(description="行业领域")
    kind: str = Field(description="主体类别")
    credit_code: str | None = Field(None, description="统一社会信用代码")
    responsibilities: list[str] = Field(default_factory=list, description="职责关键词")


class DepartmentRegistered(_DepartmentEvent):
    """An enforcement body (执法主体) was registered."""

    event_type: ClassVar[str] = "department.registered.v1"


class DepartmentUpdated(_DepartmentEvent):
    """An enforcement body's data changed; the payload is the whole new state."""

    event_type: ClassVar[str] = "department.updated.v1"


class _OfficerEvent(IntegrationEvent):
    topic: ClassVar[str] = PERSONNEL_TOPIC

    person_no: str = Field(description="人员编号")
    name: str = Field(description="姓名")
    department_code: str
    certificate_no: str | None = Field(None, description="执法证号")
    certificate_type: str = Field(description="证件类型")
    valid_from: date | None = None
    valid_to: date | None = None
    status: str = Field(description="valid | suspended | revoked")
    enforcement_areas: list[str] = Field(default_factory=list)
    legal_professional_qualification: bool = Field(description="法律职业资格 (L-2)")
    auxiliary: bool = Field(description="辅助人员 (E-1)")


class PersonnelRegistered(_OfficerEvent):
    """An enforcement officer (执法人员) was registered."""

    event_type: ClassVar[str] = "personnel.registered.v1"


class PersonnelUpdated(_OfficerEvent):
    """An officer's record changed; the payload is the whole new state."""

    event_type: ClassVar[str] = "personnel.updated.v1"


class CertificateStatusChanged(IntegrationEvent):
    """An enforcement certificate was suspended, revoked or reinstated (rules P-1, E-1)."""

    event_type: ClassVar[str] = "certificate.status_changed.v1"
    topic: ClassVar[str] = PERSONNEL_TOPIC

    person_no: str
    certificate_no: str | None
    previous_status: str
    status: str
    effective_on: date = Field(description="生效日期")
    reason: FreeText


class _MatterEvent(IntegrationEvent):
    topic: ClassVar[str] = MATTER_TOPIC
    classification: ClassVar[Classification] = Classification.public

    code: str = Field(description="事项编码")
    name: str = Field(description="事项名称")
    department_code: str
    matter_type: str = Field(description="处罚/强制/检查/许可/…")
    legal_basis: str = Field(description="设定依据")
    keywords: list[str] = Field(default_factory=list)
    active: bool = True


class MatterRegistered(_MatterEvent):
    """A matter entered the enforcement matter catalog (执法事项目录)."""

    event_type: ClassVar[str] = "matter.registered.v1"


class MatterUpdated(_MatterEvent):
    """A catalog matter changed; the payload is the whole new state."""

    event_type: ClassVar[str] = "matter.updated.v1"


class MatterRetired(_MatterEvent):
    """A matter left the catalog (e.g. after the five-year clean-up, policy 001 item 14)."""

    event_type: ClassVar[str] = "matter.retired.v1"


class _ListPublished(IntegrationEvent):
    topic: ClassVar[str] = LIST_TOPIC
    classification: ClassVar[Classification] = Classification.public

    list_id: str = Field(description="版本标识")
    kind: str
    series_key: str = Field(description="清单系列，版本之间不变")
    version: int
    department_code: str
    title: str
    effective_from: date
    effective_to: date | None = None
    published_at: Instant
    supersedes_version: int | None = None
    body: dict[str, Any] = Field(description="清单内容，结构随 kind 而定")


class LeniencyListPublished(_ListPublished):
    """A version of one of the four lists (四张清单) was published (rules Q-1…Q-5, C-3)."""

    event_type: ClassVar[str] = "leniency_list.published.v1"


class BenchmarkPublished(_ListPublished):
    """A discretion benchmark (裁量基准) version was published (rules P-29, D-1…D-7)."""

    event_type: ClassVar[str] = "benchmark.published.v1"


class RiskPointListPublished(_ListPublished):
    """A legal-risk point list (违法风险点, graded 高/中/低) was published."""

    event_type: ClassVar[str] = "risk_point_list.published.v1"


class ReviewMatterListPublished(_ListPublished):
    """The list of decisions needing legality review (法制审核目录) was published (rules L-1, L-5)."""

    event_type: ClassVar[str] = "review_matter_list.published.v1"


class InspectionMatterListPublished(_ListPublished):
    """A random-inspection matter list (随机抽查事项清单) was published (rules R-2, E-2)."""

    event_type: ClassVar[str] = "inspection_matter_list.published.v1"


class ComplianceGuidanceListPublished(_ListPublished):
    """A compliance-guidance list (合规指导清单) was published."""

    event_type: ClassVar[str] = "compliance_guidance_list.published.v1"


class ListFilingStatusChanged(IntegrationEvent):
    """A published list's 报备 (filing with the higher level) status changed."""

    event_type: ClassVar[str] = "list.filing_status_changed.v1"
    topic: ClassVar[str] = LIST_TOPIC
    classification: ClassVar[Classification] = Classification.public

    list_id: str
    series_key: str
    version: int
    filing_status: str = Field(description="not_filed | filed | accepted | returned")
    note: FreeText = ""


LIST_PUBLISHED_BY_KIND: dict[str, type[_ListPublished]] = {
    "leniency_list": LeniencyListPublished,
    "benchmark": BenchmarkPublished,
    "risk_point_list": RiskPointListPublished,
    "review_matter_list": ReviewMatterListPublished,
    "inspection_matter_list": InspectionMatterListPublished,
    "compliance_guidance_list": ComplianceGuidanceListPublished,
}

PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    DepartmentRegistered,
    DepartmentUpdated,
    PersonnelRegistered,
    PersonnelUpdated,
    CertificateStatusChanged,
    MatterRegistered,
    MatterUpdated,
    MatterRetired,
    *LIST_PUBLISHED_BY_KIND.values(),
    ListFilingStatusChanged,
)
