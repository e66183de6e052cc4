"""What the use cases need, built once per process from settings: units of work, calendar, rules, list_management,
and the audit trail of confidential reads."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from case_intake.domain.credit import CreditPolicy
from case_intake.domain.decision_gate import Evaluation
from case_intake.domain.policy import CasePolicy
from case_intake.domain.publicity import PublicityPolicy
from platform_calendar import DEFAULT_CLOCK_SKEW, WorkCalendar, shanghai_date
from platform_db import UnitOfWorkFactory


class Evaluator(Protocol):
    async def evaluate(self, *, matter_code: str, act_date: date, facts: list[str], person: bool,
                       proposed_fine_cny) -> Evaluation: ...  # noqa: ANN001 - Decimal | None


@dataclass(frozen=True)
class Services:
    uows: UnitOfWorkFactory
    calendar: WorkCalendar
    rules: CasePolicy
    lists: Evaluator
    publicity: PublicityPolicy
    credit: CreditPolicy
    record_read: Callable[[str], Awaitable[None]]  # audit: the request's caller was shown confidential data of it
    received_at_skew: timedelta = DEFAULT_CLOCK_SKEW  # a clue received later than now + this is refused

    def today(self) -> date:
        """The date in China (Asia/Shanghai): every legal day count uses it (DOMAIN §1.1)."""
        return shanghai_date(datetime.now(UTC))
