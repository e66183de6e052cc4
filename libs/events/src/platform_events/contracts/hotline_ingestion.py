"""Events hotline_ingestion publishes. Requester identity and phone never ride them (rules K-7, H-4)."""


from typing import ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent
from platform_events.personal import FreeText
from platform_events.wire import Instant

WORK_ORDER_TOPIC = "hotline_ingestion.work_order"


class WorkOrderReceived(IntegrationEvent):
    """A 12345 work order was accepted for handling (受理)."""

    event_type: ClassVar[str] = "workorder.received.v1"
    topic: ClassVar[str] = WORK_ORDER_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    work_order_id: str
    order_no: str = Field(description="热线工单编号")
    received_at: Instant = Field(description="来电时间")
    channel: str = Field(description="受理渠道")
    request_type: str = Field(description="诉求类型：咨询/求助/投诉/举报/建议/表扬")
    urgency: str = Field(description="紧急程度：一般/紧急/特急")
    region_code: str = Field(description="行政区划代码")
    address: FreeText | None = Field(None, description="事发地址")
    content: FreeText = Field(description="诉求内容")
    reported_party_name: str | None = Field(None, description="被反映对象")
    reported_party_credit_code: str | None = Field(None, description="统一社会信用代码")


class WorkOrderNotAccepted(IntegrationEvent):
    """A work order was recorded but not accepted, with the reason and the proper channel (rule H-8)."""

    event_type: ClassVar[str] = "workorder.not_accepted.v1"
    topic: ClassVar[str] = WORK_ORDER_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    work_order_id: str
    order_no: str
    reason: FreeText
    proper_channel: str
    rule: str = "H-8"


class WorkOrderStatusChanged(IntegrationEvent):
    """A lifecycle action was taken on a work order (H-2); side actions (延期, 督办) keep the status."""

    event_type: ClassVar[str] = "workorder.status_changed.v1"
    topic: ClassVar[str] = WORK_ORDER_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    work_order_id: str
    order_no: str
    action: str = Field(description="派单/签收/退单/办理/回复/办结/回访/评价/延期…/督办/重办/暂停计时/恢复计时/合并/拆分")
    from_status: str
    to_status: str
    lead_unit: str | None = Field(None, description="主办单位")
    co_units: list[str] = Field(default_factory=list, description="协办单位")
    parent_work_order_id: str | None = Field(None, description="合并: the order this repeat request now follows")
    at: Instant
    rule_ids: list[str] = Field(default_factory=list)


class _DeadlineSignal(IntegrationEvent):
    topic: ClassVar[str] = WORK_ORDER_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    work_order_id: str
    order_no: str
    lead_unit: str | None = Field(None, description="主办单位")
    due_at: Instant = Field(description="办理时限")
    provisional: bool = Field(False, description="the due date lies in a year without its holiday notice (§1.2)")
    rule_ids: list[str] = Field(default_factory=list)


class WorkOrderDeadlineApproaching(_DeadlineSignal):
    """A work order's handling clock entered its due-soon window (§11.1); sent once per clock."""

    event_type: ClassVar[str] = "workorder.deadline_approaching.v1"


class WorkOrderDeadlineBreached(_DeadlineSignal):
    """A work order passed its handling deadline unfinished (§11.1, H-10 督办 trigger); sent once per clock."""

    event_type: ClassVar[str] = "workorder.deadline_breached.v1"


class WorkOrderDeadlineChanged(_DeadlineSignal):
    """The handling deadline moved without a new act: the holiday notice of a year it consulted was loaded and the
    provisional date was recomputed (DOMAIN §1.2); sent once per move."""

    event_type: ClassVar[str] = "workorder.deadline_changed.v1"

    previous_due_at: Instant | None = None
    calendar_version: str = Field("", description="the holiday data the new date was computed with")


class EnforcementLeadReported(IntegrationEvent):
    """A 投诉/举报 about a violation of a catalog matter: what case intake needs to open a 案源线索 (S-1, K-1/K-5).

    A 个案 trigger for inspections, exempt from frequency caps but still counted (H-13, E-4).
    """

    event_type: ClassVar[str] = "workorder.enforcement_lead_reported.v1"
    topic: ClassVar[str] = WORK_ORDER_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    work_order_id: str
    order_no: str
    received_at: Instant = Field(description="收到日期：立案审查时限自此起算 (S-1)")
    request_type: str
    matter_code: str | None = Field(None, description="匹配的执法事项")
    department_code: str | None = Field(None, description="建议办案机关")
    region_code: str
    address: FreeText | None = None
    content: FreeText
    reported_party_name: str | None = None
    reported_party_credit_code: str | None = None
    real_name_reporter: bool = Field(description="实名举报：立案后 5 个工作日内告知 (K-5)；身份不在事件中 (K-7)")
    rule_ids: list[str]


class ConductComplaintFlagged(IntegrationEvent):
    """A complaint about enforcement conduct itself (不作为、乱作为 …) for the supervising justice bureau (H-12, M-3)."""

    event_type: ClassVar[str] = "workorder.conduct_complaint_flagged.v1"
    topic: ClassVar[str] = WORK_ORDER_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    work_order_id: str
    order_no: str
    received_at: Instant
    supervising_department_code: str | None = Field(None, description="司法行政部门")
    region_code: str
    content: FreeText
    matched_terms: list[str]
    rule_ids: list[str]


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    WorkOrderReceived,
    WorkOrderNotAccepted,
    WorkOrderStatusChanged,
    WorkOrderDeadlineApproaching,
    WorkOrderDeadlineBreached,
    WorkOrderDeadlineChanged,
    EnforcementLeadReported,
    ConductComplaintFlagged,
)
