"""A work order as the hotline platform sends it (DOMAIN.md §9.7), validated before anything is stored."""


from pydantic import BaseModel, ConfigDict, Field

from hotline_ingestion.domain.vocabulary import RequestType, Urgency
from platform_events import CodedEnum, RegionCode
from platform_events.wire import SupportedInstant


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Channel(CodedEnum):
    phone = "电话"
    web = "网站"
    wechat = "微信"
    app = "APP", "手机APP"
    sms = "短信"
    email = "邮件"
    letter = "信件"
    other = "其他"


class Requester(Model):
    """来电人: confidential — kept for call-back and feedback only (rules K-7, H-4)."""

    name: str | None = Field(None, max_length=50, description="姓名")
    phone: str | None = Field(None, pattern=r"^\+?[0-9\-]{5,20}$", description="联系电话")
    anonymous: bool = Field(False, description="匿名")
    keep_confidential: bool = Field(False, description="要求保密")


class ReportedParty(Model):
    name: str = Field(min_length=1, max_length=200, description="被反映对象名称")
    credit_code: str | None = Field(
        None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$", description="统一社会信用代码"
    )


class Attachment(Model):
    file_name: str = Field(min_length=1, max_length=255)
    media_type: str = Field(max_length=100)
    size_bytes: int = Field(ge=0, le=2**40)
    url: str | None = Field(None, max_length=2000)
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")


class WorkOrderIntake(Model):
    order_no: str = Field(min_length=1, max_length=64, description="热线工单编号（幂等键）")
    received_at: SupportedInstant = Field(description="来电时间，带时区")
    channel: Channel = Field(Channel.phone, description="受理渠道")
    request_type: RequestType = Field(description="诉求类型")
    content: str = Field(min_length=2, max_length=5000, description="诉求内容")
    address: str | None = Field(None, max_length=500, description="事发地址")
    region_code: RegionCode = Field(description="行政区划代码: 6 (county), 9 (township, street) or 12 digits "
                                                "(village, community), as the 12345 platform sends it")
    urgency: Urgency = Field(Urgency.normal, description="紧急程度")
    requester: Requester = Field(default_factory=Requester, description="来电人")
    reported_party: ReportedParty | None = Field(None, description="被反映对象")
    attachments: list[Attachment] = Field(default_factory=list, max_length=50, description="附件元数据")
