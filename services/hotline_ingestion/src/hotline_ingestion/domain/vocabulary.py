"""The words a 12345 work order is described in (DOMAIN.md §9.7, Tianjin DB12/T 1438-2025 types)."""

from platform_events import CodedEnum


class RequestType(CodedEnum):
    consultation = "咨询"
    help = "求助"
    complaint = "投诉"
    report = "举报"
    suggestion = "建议"
    praise = "表扬"


class Urgency(CodedEnum):
    normal = "一般"
    urgent = "紧急"
    very_urgent = "特急"


class Status(CodedEnum):
    """The loop of rule H-2 (53号), plus the side states of H-9 and H-10."""

    accepted = "受理"
    dispatched = "派单"
    signed = "签收"
    handling = "办理"
    replied = "回复"
    closed = "办结"
    called_back = "回访"
    evaluated = "评价"
    returned = "退单"
    not_accepted = "不予受理"
    merged = "已合并"  # a repeat of another order's matter, linked to it as parent (dedupe)
