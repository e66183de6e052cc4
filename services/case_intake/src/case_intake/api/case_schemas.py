"""What the case routes answer: the case file as it now stands (every step answers it), the case list, the
full-process record and its verification (P-13)."""

from datetime import date
from decimal import Decimal

from pydantic import ConfigDict, Field

from case_intake.api.examples import CASE_EXAMPLE, CASE_ROW_EXAMPLE, RECORD_EXAMPLE
from case_intake.api.schemas import Document, PartyRead
from case_intake.domain.model import Case, ReviewRound
from case_intake.domain.vocabulary import Outcome, Procedure, Stage
from platform_events import Instant
from platform_runtime.api_schemas import Page, Read
from platform_runtime.clock_schemas import ClockRead


class ReviewRoundRead(ReviewRound):
    """One submission to 法制审核 (L-1) and the outcome the legality-review service sent back."""

    decided_at: Instant | None = Field(None, description="审核结论作出时间")
    items: list[Document] = Field(default_factory=list, description="审核意见逐项（legality_review 的原文）")


class CasePublicity(Read):
    """The case's 公示 record in brief; GET /publicity/{id} has it whole."""

    id: str
    status: str = Field(description="not_publishable / pending / published / withdrawn / repaired / expired")
    due_on: date | None = Field(description="公示期限（应于此日前公示）")
    ends_on: date | None = Field(description="公示截止期")
    overdue: bool = Field(description="逾期未公示：pending 且已过公示期限 (T-3, T-4)")


class RecordHead(Read):
    seq: int = Field(description="全过程记录的最新序号")
    hash: str = Field(description="最新一环的哈希 (SHA-256)")


class AmountDue(Read):
    """What the party owes today: the fine and the confiscated illegal gains unpaid (P-24) and the late surcharge
    (加处罚款) on the fine since the due date (P-25); a payment beyond all that is flagged as over-paid."""

    as_of: date = Field(description="计算日")
    fine_cny: Decimal = Field(description="罚款（元）")
    confiscated_gains_cny: Decimal = Field(description="没收违法所得（元），不加处罚款")
    late_surcharge_cny: Decimal = Field(description="加处罚款（元），仅就罚款每日 3%，不超过罚款数额 (P-25)")
    surcharge_days: int = Field(description="计算加处罚款的天数")
    paid_cny: Decimal = Field(description="已缴（元）")
    owed_cny: Decimal = Field(description="尚欠罚没款及加处罚款（元）")
    overpaid_cny: Decimal = Field(description="多缴（元），应予退还；0 表示未多缴")
    rules: list[str]


class CaseRead(Case):
    """The case file (the stored 案卷, the party masked) with its clocks, the steps its stage allows, its
    publicity, the head of its hash-chained record and, once a fine is served, the amount due."""

    model_config = ConfigDict(json_schema_extra={"examples": [CASE_EXAMPLE]})

    party: PartyRead = Field(description="当事人（证件号码、电话已脱敏, P-31）")
    reviews: list[ReviewRoundRead] = Field(default_factory=list, description="法制审核 (L-1) 各轮")
    allowed_steps: list[str] = Field(description="当前阶段允许的步骤")
    clocks: list[ClockRead] = Field(description="案件的各项期限")
    publicity: CasePublicity | None = Field(description="公示记录（作出处罚决定后）")
    record: RecordHead = Field(description="全过程记录的头 (P-13)")
    created_at: Instant
    updated_at: Instant
    created_by: str
    amount_due: AmountDue | None = Field(None, description="送达罚款决定后：应缴金额与加处罚款 (P-24, P-25, P-26)")


class CaseRow(Read):
    """A case as lists show it; GET /cases/{id} has the file."""

    model_config = ConfigDict(json_schema_extra={"examples": [CASE_ROW_EXAMPLE]})

    id: str
    case_no: str = Field(description="案号")
    procedure: Procedure = Field(description="程序")
    stage: Stage = Field(description="阶段")
    department_code: str = Field(description="办案机关")
    matter_code: str = Field(description="执法事项")
    party_name: str = Field(description="当事人姓名或名称")
    party_credit_code: str | None = Field(description="统一社会信用代码")
    filed_on: date = Field(description="立案日期")
    decided_on: date | None = Field(description="决定日期")
    outcome: Outcome | None = Field(description="处理结果")
    closed_on: date | None = Field(description="结案日期")
    record_seq: int = Field(description="全过程记录的最新序号")


class CasePage(Page[CaseRow]):
    pass


class RecordLink(Read):
    """One act of the full-process record, with who did it as verified (P-13)."""

    seq: int
    act: str = Field(description="行为, e.g. 立案 / 调查取证 / 告知")
    actor: str = Field(description="令牌所证明的行为人（执法人员 person_no，或系统的 client）")
    client_id: str | None = Field(description="经由的 OAuth 客户端")
    acting_client: str | None = Field(description="代本人行事的系统 (RFC 8693 act)")
    at: Instant
    content: Document = Field(description="该行为记录的内容（各步骤不同）")
    prev_hash: str
    hash: str


class RecordRead(Read):
    """全过程记录 (P-13): every act, hash-chained."""

    model_config = ConfigDict(json_schema_extra={"examples": [RECORD_EXAMPLE]})

    case_id: str
    head: RecordHead
    links: list[RecordLink]


class BrokenLink(Read):
    seq: int = Field(description="第一个不一致的序号")
    record_id: int | None = Field(description="该行的 id；缺失的一环为 null")
    reason: str


class RecordVerification(Read):
    """The chain recomputed: intact, or the first link that was altered, removed or reordered (P-13)."""

    case_id: str
    intact: bool = Field(description="链完整")
    links: int = Field(description="校验的环数")
    head: str = Field(description="记录的头哈希")
    first_broken_link: BrokenLink | None
    rule: str = Field(description="P-13")
