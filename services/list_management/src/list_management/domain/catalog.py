"""Reference data every other service keeps a copy of: departments, personnel, the matter catalog."""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from platform_events import CodedEnum, RegionCode
from platform_events.wire import SupportedDate


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class BodyKind(CodedEnum):
    administrative_organ = "administrative_organ", "行政机关"
    authorised_organisation = "authorised_organisation", "法律法规授权组织"
    entrusted_organisation = "entrusted_organisation", "受委托组织"


class Department(Model):
    """执法主体: a body with standing to enforce (rule E-1)."""

    code: str = Field(min_length=2, max_length=40, description="执法主体编码")
    name: str = Field(min_length=2, max_length=100, description="执法主体名称")
    region_code: RegionCode = Field(description="行政区划代码 (6 digits; 9 for a township or street office)")
    sector: str = Field(min_length=1, max_length=40, description="行业领域")
    kind: BodyKind = BodyKind.administrative_organ
    credit_code: str | None = Field(None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
    responsibilities: list[str] = Field(default_factory=list, description="职责关键词，供 12345 分派参考")


class MatterType(CodedEnum):
    penalty = "处罚"
    coercion = "强制"
    inspection = "检查"
    licensing = "许可"
    levy = "征收"
    requisition = "征用"
    adjudication = "裁决"
    confirmation = "确认"
    reward = "奖励"
    other = "其他"


class Matter(Model):
    """执法事项目录 entry, keyed by the 互联网+监管 implementation code where one exists (§3.3)."""

    code: str = Field(min_length=2, max_length=60, description="事项编码")
    name: str = Field(min_length=2, max_length=200, description="事项名称")
    department_code: str = Field(description="实施主体编码")
    matter_type: MatterType = Field(description="事项类型")
    legal_basis: str = Field(min_length=2, description="设定依据")
    keywords: list[str] = Field(default_factory=list, description="关键词")


class CertificateStatus(CodedEnum):
    valid = "valid", "有效"
    suspended = "suspended", "暂扣"
    revoked = "revoked", "吊销/注销"


class Officer(Model):
    """执法人员 with the certificate facts that rules P-1, S-2, L-2, E-1 and R-10 read."""

    person_no: str = Field(min_length=2, max_length=40, description="人员编号")
    name: str = Field(min_length=1, max_length=40, description="姓名")
    department_code: str
    certificate_no: str | None = Field(None, max_length=40, description="执法证号")
    certificate_type: str = Field("行政执法证", description="证件类型")
    valid_from: SupportedDate | None = Field(None, description="证件有效期起")
    valid_to: SupportedDate | None = Field(None, description="证件有效期止")
    status: CertificateStatus = CertificateStatus.valid
    enforcement_areas: list[str] = Field(default_factory=list, description="执法区域/领域")
    legal_professional_qualification: bool = Field(False, description="法律职业资格 (rule L-2)")
    auxiliary: bool = Field(False, description="辅助人员：不得单独执法 (rule E-1)")


def certificate_valid_on(officer: Officer, on: date) -> bool:
    """Whether the officer may count toward the two-officer rule on a date (rules P-1, S-2, E-1)."""
    if officer.auxiliary or officer.certificate_no is None or officer.status != CertificateStatus.valid:
        return False
    starts_ok = officer.valid_from is None or officer.valid_from <= on
    return starts_ok and (officer.valid_to is None or on <= officer.valid_to)


Yuan = Decimal


def status_on(current: CertificateStatus, changes: list[tuple[date, str, str]], day: date) -> CertificateStatus:
    """Certificate status on a past date from its change history [(effective_on, previous, new)], oldest first."""
    if not changes:
        return current
    before = [new for effective_on, _previous, new in changes if effective_on <= day]
    return CertificateStatus(before[-1] if before else changes[0][1])
