"""case_intake's part of the platform's deadline watcher (platform_db.clock_watch): its signals, each sent once per
due date (DOMAIN §11.1); a provisional clock counted again when a holiday notice arrives, noted in the case's
hash-chained record (P-13) and announced; and expiry of published penalties at their 公示截止期 (§11.3).
An overdue filing or decision clock is a supervision signal (M-3)."""

from datetime import datetime

from sqlalchemy import Row

from case_intake.adapters import case_store
from case_intake.adapters import clocks as stored
from case_intake.application import actors, publicity
from case_intake.application.services import Services
from case_intake.domain.vocabulary import ClockKind
from platform_calendar import shanghai_date
from platform_db import UnitOfWork
from platform_db.clocks import Schedule
from platform_events.contracts.case_intake import DeadlineApproaching, DeadlineBreached, DeadlineChanged

#: rule M-3: 有案不立 (a clue left unfiled) and 久拖不决 (a case left undecided) are what supervisors look for
SUPERVISION_SIGNALS = {ClockKind.filing.value, ClockKind.decision.value, ClockKind.withdrawal.value}


class CaseClockRules:
    """platform_db.clock_watch.ClockRules for clues, cases, publicity records and mediations."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    async def approaching(self, uow: UnitOfWork, clock: Row) -> None:
        uow.publish(DeadlineApproaching(subject_type=clock.subject_type, subject_id=clock.subject_id,
                                        clock=clock.kind, due_on=clock.due_on, provisional=clock.provisional,
                                        rule_ids=list(clock.rule_ids)), subject=clock.subject_id)

    async def breached(self, uow: UnitOfWork, clock: Row) -> None:
        uow.publish(DeadlineBreached(subject_type=clock.subject_type, subject_id=clock.subject_id, clock=clock.kind,
                                     due_on=clock.due_on, provisional=clock.provisional,
                                     rule_ids=list(clock.rule_ids),
                                     supervision_signal=clock.kind in SUPERVISION_SIGNALS), subject=clock.subject_id)

    async def reschedule(self, uow: UnitOfWork, clock: Row) -> Schedule | None:
        return stored.recount(clock, self.svc.calendar)

    async def changed(self, uow: UnitOfWork, clock: Row, new: Schedule) -> None:
        """A case's record gets the move as a link of its chain (P-13); every subject's clock history keeps it."""
        content = {"clock": clock.kind, "from": clock.due_on, "to": new.due_on, "provisional": new.provisional,
                   "calendar_version": new.calendar_version, "rule_ids": list(new.rule_ids)}
        if clock.subject_type == "case":
            held = await case_store.load(uow, clock.subject_id, actors.SERVICE)
            await case_store.save(uow, held, held.case, caller=actors.SERVICE, act="deadline_recomputed",
                                  content=content)
        uow.publish(DeadlineChanged(subject_type=clock.subject_type, subject_id=clock.subject_id, clock=clock.kind,
                                    previous_due_on=clock.due_on, due_on=new.due_on, provisional=new.provisional,
                                    calendar_version=new.calendar_version or "", rule_ids=list(new.rule_ids)),
                    subject=clock.subject_id)

    async def sweep(self, uow: UnitOfWork, now: datetime) -> int:
        return await publicity.expire_due(uow, shanghai_date(now))
