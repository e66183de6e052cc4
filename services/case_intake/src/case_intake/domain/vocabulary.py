"""The closed vocabulary of case intake: what integrators send and read, Chinese term as the value."""

from platform_events import CodedEnum


class ClueSource(CodedEnum):
    """Where a 案源线索 came from (S-1: inspection, complaint, report, transfer; officers' own discovery)."""

    hotline = "12345热线"
    complaint = "投诉"
    report = "举报"
    referral = "移送"  # from another agency or a higher level
    inspection = "检查发现"
    discovery = "执法人员发现"
    supervision = "上级交办"


class ClueStatus(CodedEnum):
    pending = "待核查"
    filed = "已立案"
    not_filed = "不予立案"


class NotFilingGround(CodedEnum):
    """Why a clue was not filed (S-3; Q-1/Q-2 anchors), or why it is not this agency's case."""

    minor_corrected_no_harm = "违法行为轻微并及时改正，没有造成危害后果"  # S-3, Q-1
    first_offence_corrected = "初次违法且危害后果轻微并及时改正"  # S-3, Q-2
    no_fault = "当事人有证据足以证明没有主观过错"  # S-3, Q-1
    no_violation = "不存在违法事实"
    insufficient_evidence = "证据不足"
    limitation_expired = "超过行政处罚时效"  # P-5
    no_jurisdiction = "不属于本机关管辖"  # transferred to the competent agency
    other = "其他"


class PartyType(CodedEnum):
    natural_person = "自然人"
    individual_business = "个体工商户"
    legal_person = "法人"
    other_organisation = "其他组织"

    @property
    def is_person(self) -> bool:
        """Thresholds that distinguish 公民 from 法人或者其他组织 (P-6, P-16, L-5) treat a 个体工商户 as a person."""
        return self in (PartyType.natural_person, PartyType.individual_business)


class Procedure(CodedEnum):
    simple = "简易程序"  # P-6, P-7
    general = "普通程序"


class Stage(CodedEnum):
    """Where a case stands in 《行政处罚法》's general procedure (and the simple procedure's short path)."""

    filed = "立案"
    investigating = "调查取证"
    notified = "告知"
    under_review = "法制审核"
    decided = "决定"
    served = "送达"
    executing = "执行"
    closed = "结案"
    transferred = "移送司法机关"  # P-18: 行刑衔接


class EvidenceType(CodedEnum):
    """The eight statutory types of evidence (P-10)."""

    documentary = "书证"
    physical = "物证"
    audio_visual = "视听资料"
    electronic = "电子数据"
    witness = "证人证言"
    party_statement = "当事人的陈述"
    expert_opinion = "鉴定意见"
    inspection_record = "勘验笔录、现场笔录"


class PenaltyKind(CodedEnum):
    """Kinds of administrative penalty (《行政处罚法》art. 9)."""

    warning = "警告"
    criticism = "通报批评"
    fine = "罚款"
    confiscate_gains = "没收违法所得"
    confiscate_property = "没收非法财物"
    suspend_licence = "暂扣许可证件"
    lower_qualification = "降低资质等级"
    revoke_licence = "吊销许可证件"
    restrict_activities = "限制开展生产经营活动"
    suspend_business = "责令停产停业"
    close_down = "责令关闭"
    restrict_practice = "限制从业"
    detention = "行政拘留"
    other = "其他"


class Outcome(CodedEnum):
    """What the head decides after the investigation (P-18)."""

    penalty = "给予行政处罚"
    no_penalty = "不予行政处罚"  # minor, first offence, no fault … (Q-1, Q-2; Q-3 education record)
    not_established = "违法事实不能成立"
    transfer = "移送司法机关"


class NoPenaltyGround(CodedEnum):
    minor_corrected_no_harm = "违法行为轻微并及时改正，没有造成危害后果"
    first_offence = "初次违法且危害后果轻微并及时改正"  # Q-2 (may)
    no_fault = "没有主观过错"
    under_14 = "不满十四周岁"
    mental_illness = "精神病人、智力残疾人不能辨认或者控制自己行为"
    limitation = "超过行政处罚时效"  # P-5


class ServiceMethod(CodedEnum):
    """送达 under 《民事诉讼法》 as P-22 requires."""

    on_announcement = "当场交付"
    direct = "直接送达"
    left_at_residence = "留置送达"
    entrusted = "委托送达"
    mail = "邮寄送达"
    electronic = "电子送达"  # needs the party's consent and a signed 确认书 (P-22)
    public_notice = "公告送达"  # complete 30 days after issue (P-23)


class ServedDocument(CodedEnum):
    decision = "行政处罚决定书"
    no_penalty_decision = "不予行政处罚决定书"
    credit_repair_notice = "信用修复告知书"  # CR-5 两书同达
    compliance_guidance = "合规指导书"  # policy 004 item 6: 三书同达
    publicity_notice = "公示告知"  # T-9


class ClockKind(CodedEnum):
    """Every deadline case intake watches; each is one row with its rule ids."""

    filing = "立案期限"  # S-1
    decision = "作出决定期限"  # P-20, S-4
    statement = "陈述申辩期限"  # P-14
    hearing_request = "听证申请期限"  # P-17
    hearing_notice = "听证通知期限"  # P-17: 7 days before the hearing
    service = "送达期限"  # P-22
    payment = "缴纳罚款期限"  # P-24
    simple_filing = "当场处罚备案期限"  # P-7
    publicity = "公示期限"  # T-3, T-4, T-10
    withdrawal = "撤下公示期限"  # P-27, T-11
    publicity_end = "公示截止期"  # CR-1, CR-5, CR-6
    mediation = "调解期限"  # K-3


class FlexibleKind(CodedEnum):
    """Flexible enforcement measures as first-class records (policies 000, 002)."""

    guidance = "行政指导"
    admonition = "告诫"
    mediation = "行政调解"
    settlement = "和解"
    reward = "奖励"
    suggestion = "行政建议"
    reminder = "行政提示"


class GuidanceForm(CodedEnum):
    """The eight forms of 行政指导 (policy 002)."""

    lead = "引导"
    demonstrate = "示范"
    remind = "提示"
    coach = "辅导"
    suggest = "建议"
    persuade = "规劝"
    interview = "约谈"
    follow_up = "回访"
