"""The case file as data: what every step records, persistence-ignorant (stored as JSON by the adapters)."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from case_intake.domain.vocabulary import (
    EvidenceType,
    NoPenaltyGround,
    Outcome,
    PartyType,
    PenaltyKind,
    Procedure,
    ServedDocument,
    ServiceMethod,
    Stage,
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Party(Model):
    """当事人. `id_number` and `phone` are confidential: never in events or publicity (P-31)."""

    type: PartyType = Field(description="当事人类型")
    name: str = Field(min_length=1, max_length=200, description="姓名或名称")
    credit_code: str | None = Field(
        None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$", description="统一社会信用代码")
    id_number: str | None = Field(None, max_length=40, description="身份证件号码（保密）")
    address: str | None = Field(None, max_length=500, description="住所或地址")
    legal_representative: str | None = Field(None, max_length=100, description="法定代表人或负责人")
    phone: str | None = Field(None, pattern=r"^\+?[0-9\-]{5,20}$", description="联系电话（保密）")


class PenaltyItem(Model):
    """One kind of penalty in a proposal or a decision; amounts in yuan, exact."""

    kind: PenaltyKind = Field(description="处罚种类")
    amount_cny: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2, description="金额（元）")
    detail: str = Field("", max_length=500, description="如 吊销的证照名称及编号、停产停业期限")


class Proposal(Model):
    """The intended decision told to the party (P-14) and reviewed (L-1)."""

    outcome: Outcome = Outcome.penalty
    penalties: list[PenaltyItem] = Field(default_factory=list, description="拟处罚内容")
    facts: str = Field(min_length=2, max_length=20_000, description="违法事实")
    reasons: str = Field("", max_length=20_000, description="理由")
    legal_basis: str = Field(min_length=2, max_length=5_000, description="依据")

    def fine_total(self) -> Decimal:
        return sum((p.amount_cny or Decimal(0) for p in self.penalties if p.kind is PenaltyKind.fine), Decimal(0))


class Assignment(Model):
    person_no: str
    role: str = Field("协办", description="主办 / 协办")
    assigned_on: date
    removed_on: date | None = None
    removed_reason: str | None = None


class Recusal(Model):
    """回避 (P-3): declared by the officer or applied for by the party; the head decides."""

    id: str
    person_no: str
    applicant: str = Field(description="本人申请 / 当事人申请 / 机关指令")
    reason: str
    declared_on: date
    decision: str | None = Field(None, description="回避 / 不予回避; None while pending")
    decided_by: str | None = None
    decided_on: date | None = None


class Evidence(Model):
    id: str
    type: EvidenceType
    title: str
    collected_on: date
    collected_by: list[str] = Field(description="取证人员 person_no")
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="内容哈希")
    description: str = ""
    source: str = ""
    excluded: bool = Field(False, description="以非法手段取得，不作为定案依据 (P-10)")
    excluded_reason: str | None = None


class Notice(Model):
    """告知 (P-14): the proposal and the party's rights, with the windows they open."""

    notified_on: date
    proposal: Proposal
    hearing_offered: bool
    hearing_grounds: list[str] = Field(default_factory=list)
    statement_due: date
    hearing_request_due: date | None = None
    statement_waived: bool = False
    hearing_waived: bool = False
    officers: list[str] = Field(default_factory=list)


class Statement(Model):
    """陈述、申辩 (P-15): each is re-examined (复核) before the decision."""

    id: str
    received_on: date
    content: str
    reexamined_on: date | None = None
    adopted: bool | None = None
    reexamination: str | None = None


class Hearing(Model):
    """听证 (P-16, P-17)."""

    requested_on: date
    notice_sent_on: date | None = None
    scheduled_for: date | None = None
    place: str | None = None
    chair: str | None = None
    public: bool = True
    held_on: date | None = None
    record_sha256: str | None = None
    waived: bool = False
    waived_reason: str | None = None


class ReviewRound(Model):
    """One submission to 法制审核 (L-1) and the outcome the legality-review service sent back."""

    round: int
    requested_on: date
    proposal: Proposal
    status: str = Field("requested", description="requested | approved | rejected | revise")
    review_id: str | None = None
    decided_at: datetime | None = None
    reasons: str = ""
    items: list[dict] = Field(default_factory=list)


class Discussion(Model):
    """集体讨论 (P-18, L-3)."""

    held_on: date
    participants: list[str] = Field(min_length=1)
    conclusion: str


class Departure(Model):
    """A tier outside the benchmark's suggestion (D-5): the approval that allows it."""

    approval_ref: str = Field(min_length=2, description="批准文号 / 集体讨论记录")
    approver: str = Field(min_length=1, description="主要负责人 / 集体讨论")
    reason: str = Field(min_length=2)


class Decision(Model):
    decided_on: date
    decision_no: str = Field(description="决定书文号")
    outcome: Outcome
    penalties: list[PenaltyItem] = Field(default_factory=list)
    facts: str
    legal_basis: str
    evidence_ids: list[str] = Field(default_factory=list)
    performance: str = Field("", description="履行方式和期限 (P-21)")
    remedies: str = Field("", description="复议、诉讼途径和期限 (P-21)")
    agency: str = Field(description="作出决定的行政机关名称 (P-21)")
    chosen_tier: str | None = None
    benchmark_explanation: str = Field("", description="裁量基准适用说明 (D-4)")
    departure: Departure | None = None
    evaluation: dict | None = Field(None, description="清单与裁量基准评估 as of the decision date (list_management)")
    no_penalty_ground: NoPenaltyGround | None = None
    education_record: str | None = Field(None, description="教育记录 (Q-3)")
    officers: list[str] = Field(default_factory=list)
    trade_secret_passages: list[str] = Field(default_factory=list, description="涉及商业秘密、须在公示中隐去的原文")
    changed: str | None = Field(None, description="变更 / 撤销 / 确认违法 / 确认无效 (P-27)")
    changed_on: date | None = None
    changed_reason: str | None = None

    def fine_total(self) -> Decimal:
        return sum((p.amount_cny or Decimal(0) for p in self.penalties if p.kind is PenaltyKind.fine), Decimal(0))

    def confiscated_gains_total(self) -> Decimal:
        """没收违法所得: money the party pays in as well (《行政处罚法》arts. 9, 67, 74), without a late surcharge."""
        return sum((p.amount_cny or Decimal(0) for p in self.penalties if p.kind is PenaltyKind.confiscate_gains),
                   Decimal(0))

    def money_total(self) -> Decimal:
        """Every sum the decision orders paid: the fine and the confiscated illegal gains (P-24). 没收非法财物 is
        property handed over, not money paid, so it is not part of it."""
        return self.fine_total() + self.confiscated_gains_total()


class Service(Model):
    """送达 (P-22, P-23; T-9; 三书同达)."""

    method: ServiceMethod
    issued_on: date = Field(description="交付、寄出或公告之日")
    served_on: date = Field(description="送达生效之日（公告送达：公告之日起 30 日）")
    documents: list[ServedDocument]
    recipient: str = ""
    electronic_consent_ref: str | None = None
    officers: list[str] = Field(default_factory=list)


class Payment(Model):
    paid_on: date
    amount_cny: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    receipt_ref: str = Field(min_length=2, description="银行或电子缴款凭证号")
    payee: str = Field(min_length=2, description="收款银行或财政账户 (罚缴分离, P-24)")


class Pause(Model):
    """A stored interval a clock does not count (S-1, S-4, P-26); `ended_on` None while it runs."""

    kind: str = Field(description="中止 / 听证 / 公告 / 检测 / 检验 / 鉴定 / 复议 / 诉讼")
    started_on: date
    ended_on: date | None = None
    reason: str = ""


class Extension(Model):
    clock: str
    days: int = Field(gt=0)
    approval_ref: str = Field(min_length=2)
    approved_by: str = Field(min_length=1, description="the verified approver (person_no)")
    approved_on: date
    collective_discussion: bool = False


class ExtensionCreate(Model):
    """An extension as asked: the approver is the verified person of the request, never a name in the body."""

    clock: str | None = Field(None, description="filing / decision (set by the route)")
    days: int = Field(gt=0)
    approval_ref: str = Field(min_length=2, description="延期审批表文号")
    approved_by: str | None = Field(None, max_length=100, description="批准人 person_no：须为令牌所证明的本人 (403 "
                                    "otherwise); recorded from the token when absent")
    approved_on: date
    collective_discussion: bool = False

    def approved(self, approver: str, *, clock: str) -> Extension:
        return Extension(**self.model_dump(exclude={"clock", "approved_by"}), clock=clock, approved_by=approver)


class Transfer(Model):
    """移送司法机关 (P-18, 行刑衔接)."""

    transferred_on: date
    organ: str = Field(min_length=2, description="接收的司法机关")
    documents: list[str] = Field(min_length=1, description="移送书、案件调查报告、涉案物品清单等")
    reason: str = Field(min_length=2)
    receipt_ref: str | None = None


class Case(Model):
    """The whole case file; `stage` moves only through the transitions `domain/stages.py` allows."""

    id: str
    case_no: str
    procedure: Procedure
    stage: Stage
    department_code: str
    matter_code: str
    party: Party
    clue_id: str | None = None
    act_date: date = Field(description="违法行为发生之日（连续或继续状态的，终了之日）")
    discovered_on: date
    filed_on: date
    safety_harm: bool = Field(False, description="涉及生命健康、金融安全且有危害后果 (P-5: 5 years)")
    facts_found: list[str] = Field(default_factory=list, description="已查明的情节 (list_management Circumstance)")
    major_public_interest: bool = Field(False, description="涉及重大公共利益 (L-1)")
    major_rights: bool = Field(False, description="直接关系当事人或第三人重大权益 (L-1)")
    complex: bool = Field(False, description="案件情况疑难复杂、涉及多个法律关系 (L-1, L-3)")
    review_by_law: bool = Field(False, description="法律、法规规定应当进行法制审核 (L-1)")
    assignments: list[Assignment] = Field(default_factory=list)
    recusals: list[Recusal] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    notice: Notice | None = None
    statements: list[Statement] = Field(default_factory=list)
    hearing: Hearing | None = None
    reviews: list[ReviewRound] = Field(default_factory=list)
    discussion: Discussion | None = None
    decision: Decision | None = None
    service: Service | None = None
    payment_due: date | None = None
    payments: list[Payment] = Field(default_factory=list)
    pauses: list[Pause] = Field(default_factory=list)
    extensions: list[Extension] = Field(default_factory=list)
    transfer: Transfer | None = None
    closed_on: date | None = None
    closed_reason: str | None = None
    simple_filed_on: date | None = Field(None, description="当场处罚决定备案之日 (P-7)")
    form_no: str | None = Field(None, description="当场处罚决定书编号（预定格式、编有号码, P-7）")
