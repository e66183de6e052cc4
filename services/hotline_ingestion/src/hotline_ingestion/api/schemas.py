"""What the work-order routes answer: an order as the caller may see it, a page of them, a bulk receipt.

Read models forbid unknown fields: a column a query starts returning without its model fails the integration tests
instead of vanishing from the contract. Moments are `Instant` (ISO 8601 in +08:00); the requester's name and phone
are left out for a caller not cleared for confidential data (K-7, H-4), and numbers typed into the content masked.
"""

from typing import Any

from pydantic import ConfigDict, Field

from hotline_ingestion.api.examples import (
    BULK_EXAMPLE,
    ROUTING_EXAMPLE,
    WORK_ORDER_EXAMPLE,
    WORK_ORDER_ROW_EXAMPLE,
)
from hotline_ingestion.application.intake import Outcome
from hotline_ingestion.domain.lifecycle import Evaluation
from hotline_ingestion.domain.routing import SignalKind
from hotline_ingestion.domain.vocabulary import RequestType, Status, Urgency
from hotline_ingestion.domain.work_order import Attachment, Channel
from platform_db.clocks import ClockState
from platform_events import Instant, RegionCode
from platform_runtime.api_schemas import Page, Read
from platform_runtime.clock_schemas import ClockRead
from platform_runtime.openapi_problems import FieldReason


class RequesterRead(Read):
    """来电人 as a read shows it: name and phone only to a caller cleared for confidential data (K-7, H-4)."""

    name: str | None = Field(None, description="姓名（对未获授权查看保密信息的调用方不出现）")
    phone: str | None = Field(None, description="联系电话（对未获授权查看保密信息的调用方不出现）")
    anonymous: bool = Field(False, description="匿名")
    keep_confidential: bool = Field(False, description="要求保密")


class LifecycleRead(Read):
    """Where the order stands in the loop of H-2: units (H-9), extensions (H-7), 督办 and 重办 (H-10), pauses."""

    lead_unit: str | None = Field(None, description="主办单位")
    co_units: list[str] = Field(default_factory=list, description="协办单位")
    returns_by_unit: dict[str, int] = Field(default_factory=dict, description="各单位退单次数 (H-9)")
    designated: bool = Field(False, description="指定办理：主办单位不得退单 (H-9)")
    pending_extension_days: int = Field(0, description="待批准的延期工作日")
    extension_days: int = Field(0, description="已批准的延期工作日 (H-7)")
    supervised: bool = Field(False, description="已督办 (H-10)")
    rehandle_count: int = Field(0, description="重办次数")
    evaluation: Evaluation | None = Field(None, description="评价")
    paused_since: Instant | None = Field(None, description="暂停计时起")
    pauses: list[tuple[Instant, Instant]] = Field(default_factory=list, description="已结束的暂停计时 [起, 止]")


class WorkOrderRow(Read):
    """A work order as lists show it; GET /work-orders/{id} adds its history, clock and repeats."""

    model_config = ConfigDict(json_schema_extra={"examples": [WORK_ORDER_ROW_EXAMPLE]})

    id: str
    order_no: str = Field(description="热线工单编号（幂等键）")
    received_at: Instant = Field(description="来电时间")
    channel: Channel = Field(description="受理渠道")
    request_type: RequestType = Field(description="诉求类型")
    urgency: Urgency = Field(description="紧急程度")
    content: str = Field(description="诉求内容（未获授权的调用方看到的号码已脱敏）")
    address: str | None = Field(description="事发地址")
    address_key: str | None = Field(description="规范化地址（合并重复诉求的键）")
    region_code: RegionCode = Field(description="行政区划代码（6、9 或 12 位）")
    requester: RequesterRead = Field(description="来电人 (K-7, H-4)")
    reported_party_name: str | None = Field(description="被反映对象名称")
    reported_party_credit_code: str | None = Field(description="被反映对象统一社会信用代码")
    attachments: list[Attachment] = Field(description="附件元数据")
    status: Status = Field(description="工单状态 (H-2)")
    not_accepted_reason: str | None = Field(description="不予受理的理由 (H-8)")
    proper_channel: str | None = Field(description="不予受理时告知的法定途径 (H-8)")
    parent_id: str | None = Field(description="并入的在办工单（重复诉求）")
    merged_at: Instant | None = Field(description="合并时间")
    matter_code: str | None = Field(description="受理时匹配的执法事项")
    latitude: float | None = Field(description="纬度 (Open311 lat)")
    longitude: float | None = Field(description="经度 (Open311 long)")
    service_code: str | None = Field(description="Open311 来件所选的服务（部门）")
    lifecycle: LifecycleRead = Field(description="办理状态：主办、协办、退单、延期、督办、重办、暂停")
    due_at: Instant | None = Field(description="办理时限（到此时刻为止）；已合并或暂停计时时为 null")
    due_provisional: bool = Field(description="暂定：时限用到尚未公布放假安排的年份")
    created_at: Instant = Field(description="创建时间")
    updated_at: Instant = Field(description="最后修改时间")
    created_by: str = Field(description="受理者：令牌所证明的主体")


class HistoryEntryRead(Read):
    """One line of the append-only history: an action of H-2's loop, or 时限重算 when a holiday notice moved it."""

    id: int
    work_order_id: str
    action: str = Field(description="受理、不予受理、派单 … 合并、拆分 (lifecycle actions), or 时限重算")
    from_status: Status | None = Field(description="原状态（受理时为 null）")
    to_status: Status = Field(description="新状态")
    actor: str = Field(description="行为人：令牌所证明的主体、单位，或 system:*")
    reason: str = Field(description="理由 / 回复内容 / 回访结果")
    rule_ids: list[str] = Field(description="规则编号")
    details: dict[str, Any] = Field(description="该行为的细节（如派单的分派建议、合并的相似度）")
    at: Instant


class RepeatRead(Read):
    """A repeat request merged into this order: its requester is a party to it too (dedupe)."""

    id: str
    order_no: str = Field(description="热线工单编号")
    received_at: Instant = Field(description="来电时间")
    merged_at: Instant | None = Field(description="合并时间")
    requester: RequesterRead = Field(description="来电人 (K-7, H-4)")


class WorkOrderRead(WorkOrderRow):
    """One work order with its append-only history, its handling clock (H-3, H-7) and the repeats merged into it."""

    model_config = ConfigDict(json_schema_extra={"examples": [WORK_ORDER_EXAMPLE]})

    history: list[HistoryEntryRead] = Field(description="办理记录（只增不改）")
    clock: ClockRead | None = Field(description="办理时限；不予受理的工单没有")
    clock_state: ClockState | None = Field(description="办理时限的状态（同 clock.state）")
    repeats: list[RepeatRead] = Field(description="并入本工单的重复诉求")


class WorkOrderPage(Page[WorkOrderRow]):
    pass


class BulkItem(Read):
    """What became of one item, by its index in the body."""

    index: int = Field(description="在请求数组中的位置（从 0 起）")
    outcome: Outcome = Field(description="accepted 受理 / merged 并入在办工单 / not_accepted 不予受理 (H-8) / rejected "
                                         "无效，未保存 / duplicate 该 order_no 已保存过（本次未写入）")
    order_no: str | None = Field(description="热线工单编号（无效条目无法读出时为 null）")
    work_order_id: str | None = Field(description="工单 id；duplicate 为已保存的工单；rejected 为 null")
    errors: list[FieldReason] = Field(description="rejected: 每个无效字段及原因")
    parent_id: str | None = Field(description="merged: 并入的在办工单 id")
    parent_order_no: str | None = Field(description="merged: 并入的在办工单编号")
    reason: str | None = Field(description="not_accepted: 不予受理的理由 (H-8)")
    proper_channel: str | None = Field(description="not_accepted: 告知来电人的法定途径 (H-8)")


class BulkSummary(Read):
    """How many items had each outcome; they add up to the items sent."""

    accepted: int
    merged: int
    not_accepted: int
    rejected: int
    duplicate: int


class BulkReceipt(Read):
    """The answer to a bulk: a count per outcome and one answer per item, in the order sent."""

    model_config = ConfigDict(json_schema_extra={"examples": [BULK_EXAMPLE]})

    summary: BulkSummary
    items: list[BulkItem]


class SuggestionRead(Read):
    department_code: str = Field(description="建议的承办部门")
    score: float = Field(description="匹配得分（越高越优先）")
    matched_rule: str = Field(description="匹配的规则：分派规则编号、catalog:<事项> 或 responsibility:<部门>")
    matched_terms: list[str] = Field(description="命中的关键词")
    matter_code: str | None = Field(description="匹配的执法事项")


class EnforcementSignalRead(Read):
    """An enforcement lead (案源线索: S-1, H-13) or a complaint about enforcers' conduct (H-12, M-3) in the order."""

    kind: SignalKind = Field(description="违法行为举报线索 / 执法人员作风投诉")
    rules: list[str] = Field(description="规则编号")
    matched_terms: list[str] = Field(description="命中的关键词")
    matter_code: str | None = Field(description="涉及的执法事项")
    department_code: str | None = Field(description="线索的主管部门，或作风投诉的监督机关（司法行政, M-2）")


class RoutingSuggestions(Read):
    """Ranked departments for 派单 and any enforcement signal; advisory — the dispatcher decides (H-9)."""

    model_config = ConfigDict(json_schema_extra={"examples": [ROUTING_EXAMPLE]})

    suggestions: list[SuggestionRead] = Field(description="按得分排序的承办部门建议")
    enforcement_signal: EnforcementSignalRead | None = Field(description="执法线索或作风投诉信号")
    advisory: bool = Field(description="总为 true：建议仅供参考，由派单员决定")
