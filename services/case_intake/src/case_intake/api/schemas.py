"""Response pieces every case_intake answer shares: the page shape, a clock, a masked party, the audit fields.

Read models forbid unknown fields: a column a query starts returning without its model fails the integration tests
instead of vanishing silently from the contract. Moments are `Instant` (ISO 8601 in +08:00), days are `date`.
"""

from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from case_intake.domain.model import Party
from platform_db.clocks import ClockState
from platform_events import Instant

T = TypeVar("T")


class Read(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(Read, Generic[T]):
    """One page of a list (CONVENTIONS: `limit`, `cursor` → `next_cursor`)."""

    items: list[T]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class Audited(Read):
    created_at: Instant = Field(description="创建时间")
    updated_at: Instant = Field(description="最后修改时间")
    created_by: str = Field(description="创建者：令牌所证明的主体，或本服务（system / case_intake）")


class PartyRead(Party):
    """当事人 as a read shows it: the identity number and phone masked (P-31)."""

    id_number: str | None = Field(None, description="身份证件号码（脱敏，如 210***********1234）")
    phone: str | None = Field(None, description="联系电话（脱敏，如 138****5678）")


class ClockExtension(Read):
    days: int = Field(description="延长天数")
    approved_by: str = Field(description="批准人 person_no（令牌所证明的本人）")
    approved_on: date = Field(description="批准日期")
    rule: str = Field(description="规则编号, e.g. S-4")
    reason: str | None = None


class ClockHistoryEntry(Read):
    """What moved or ended the clock, and when; a schedule change carries the new due date."""

    at: Instant
    note: str = Field(description="started / resumed / paused / extended … / finished / stopped")
    due_on: date | None = None
    due_at: Instant | None = None
    provisional: bool | None = None
    calendar_version: str | None = None


class ClockRead(Read):
    """A deadline clock as every platform API shows it (platform_db.clocks)."""

    kind: str = Field(description="期限种类, e.g. 立案期限 (S-1)、作出决定期限 (P-20)、公示期限 (T-3)")
    state: ClockState = Field(description="running / approaching（临期）/ breached（超期）/ paused / stopped / met")
    due_on: date | None = Field(description="期限届满日（按日计算的期限）")
    due_at: Instant = Field(description="in time up to this instant (24:00 of the last day)")
    provisional: bool = Field(description="暂定：计算用到尚未公布节假日安排的年份，公布后重算 (DOMAIN §1.2)")
    calendar_version: str | None = Field(description="计算所用的节假日安排版本")
    rule_ids: list[str] = Field(description="规则编号")
    paused_since: Instant | None = Field(description="中止计时起（检测、鉴定、听证 … 不计入期限）")
    extensions: list[ClockExtension] = Field(description="经批准的延长")
    history: list[ClockHistoryEntry] = Field(description="期限的变化记录")


#: a document the law does not fix (an evaluation, a record link's content): kept open inside a named model
Document = dict[str, Any]
