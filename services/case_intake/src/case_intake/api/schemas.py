"""Response pieces every case_intake answer shares: the page shape, a clock, a masked party, the audit fields.

Read models forbid unknown fields: a column a query starts returning without its model fails the integration tests
instead of vanishing silently from the contract. Moments are `Instant` (ISO 8601 in +08:00), days are `date`.
"""

from typing import Any

from pydantic import Field

from case_intake.domain.model import Party
from platform_events import Instant
from platform_runtime.api_schemas import Read


class Audited(Read):
    created_at: Instant = Field(description="创建时间")
    updated_at: Instant = Field(description="最后修改时间")
    created_by: str = Field(description="创建者：令牌所证明的主体，或本服务（system / case_intake）")


class PartyRead(Party):
    """当事人 as a read shows it: the identity number and phone masked (P-31); to a caller without the confidential
    clearance a natural person's address too (K-7)."""

    id_number: str | None = Field(None, description="身份证件号码（脱敏，如 210***********1234）")
    address: str | None = Field(None, description="住所或地址（自然人的地址对未获保密授权的调用方只显示到区县，如 "
                                                  "辽宁省丹东市东港市****）")
    phone: str | None = Field(None, description="联系电话（脱敏，如 138****5678、0411-****5678）")


#: a document the law does not fix (an evaluation, a record link's content): kept open inside a named model
Document = dict[str, Any]
