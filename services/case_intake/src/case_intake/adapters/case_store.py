"""Loading and saving a case file, and appending each act to its hash-chained record in the same transaction.

Every load and read goes through the caller's data scope: a case of an agency the caller does not see does not
exist for it (404).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from case_intake.adapters import tables as t
from case_intake.adapters.data_scope import visible
from case_intake.domain.errors import NotFound
from case_intake.domain.model import Case
from case_intake.domain.record_chain import GENESIS, Actor, StoredLink, link_hash, plain
from platform_db import UnitOfWork
from platform_identity import Caller

c = t.enforcement_case.c


@dataclass
class Stored:
    case: Case
    seq: int
    head: str


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


def actor_of(caller: Caller) -> Actor:
    """What the record keeps of who acted: the verified subject, its client, the system acting for the person."""
    return Actor(caller.subject, caller.client_id, caller.acting_client)


async def load(uow: UnitOfWork, case_id: str, caller: Caller) -> Stored:
    """The case, locked for this transaction: one step at a time per case, so its record stays a chain."""
    row = (await uow.session.execute(select(c.state, c.record_seq, c.record_hash).where(
        c.id == case_id, visible(caller, c.department_code)).with_for_update())).first()
    if row is None:
        raise NotFound((f"案件 {case_id} 不存在", f"case {case_id} does not exist"))
    return Stored(Case.model_validate(row.state), row.record_seq, row.record_hash)


async def create(uow: UnitOfWork, case: Case, *, caller: Caller, act: str, content: dict) -> Head:
    await uow.session.execute(insert(t.enforcement_case).values(
        id=case.id, case_no=case.case_no, procedure=case.procedure.value, stage=case.stage.value,
        department_code=case.department_code, matter_code=case.matter_code, party_name=case.party.name,
        party_credit_code=case.party.credit_code, clue_id=case.clue_id, filed_on=case.filed_on,
        state=case.model_dump(mode="json"), record_seq=0, record_hash=GENESIS, created_by=caller.actor))
    return await save(uow, Stored(case, 0, GENESIS), case, caller=caller, act=act, content=content)


async def save(uow: UnitOfWork, stored: Stored, case: Case, *, caller: Caller, act: str, content: dict) -> Head:
    """Append the act to the record (the next link of the chain) and store the case file as it now is."""
    seq, at, body, who = stored.seq + 1, datetime.now(UTC), plain(content), actor_of(caller)
    digest = link_hash(stored.head, seq, act, who, at, body)
    await uow.session.execute(insert(t.case_record).values(
        case_id=case.id, seq=seq, act=act, actor=who.subject, client_id=who.client, acting_client=who.acting_client,
        at=at, content=body, prev_hash=stored.head, hash=digest))
    decision = case.decision
    await uow.session.execute(update(t.enforcement_case).where(c.id == case.id).values(
        stage=case.stage.value, state=case.model_dump(mode="json"), record_seq=seq, record_hash=digest,
        decided_on=decision.decided_on if decision else None, outcome=decision.outcome.value if decision else None,
        closed_on=case.closed_on, updated_at=at))
    stored.case, stored.seq, stored.head = case, seq, digest
    return Head(seq, digest)


async def record(db, case_id: str, caller: Caller) -> tuple[list[StoredLink], Head]:  # noqa: ANN001 - session/connection
    """Every link of the case's record in order, and the head the case row holds."""
    head = (await db.execute(select(c.record_seq, c.record_hash).where(
        c.id == case_id, visible(caller, c.department_code)))).first()
    if head is None:
        raise NotFound((f"案件 {case_id} 不存在", f"case {case_id} does not exist"))
    r = t.case_record.c
    rows = (await db.execute(select(t.case_record).where(r.case_id == case_id).order_by(r.seq))).mappings()
    links = [StoredLink(x["id"], x["seq"], x["act"], x["actor"], x["at"], x["content"], x["prev_hash"], x["hash"],
                        x["client_id"], x["acting_client"]) for x in rows]
    return links, Head(head.record_seq, head.record_hash)
