"""Loading and saving a case file, and appending each act to its hash-chained record in the same transaction."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from case_intake.adapters import tables as t
from case_intake.domain.errors import NotFound
from case_intake.domain.model import Case
from case_intake.domain.record_chain import GENESIS, StoredLink, link_hash, plain
from platform_db import UnitOfWork

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


async def load(uow: UnitOfWork, case_id: str) -> Stored:
    """The case, locked for this transaction: one step at a time per case, so its record stays a chain."""
    row = (await uow.session.execute(
        select(c.state, c.record_seq, c.record_hash).where(c.id == case_id).with_for_update())).first()
    if row is None:
        raise NotFound(f"case {case_id} does not exist")
    return Stored(Case.model_validate(row.state), row.record_seq, row.record_hash)


async def create(uow: UnitOfWork, case: Case, *, actor: str, act: str, content: dict) -> Head:
    await uow.session.execute(insert(t.enforcement_case).values(
        id=case.id, case_no=case.case_no, procedure=case.procedure.value, stage=case.stage.value,
        department_code=case.department_code, matter_code=case.matter_code, party_name=case.party.name,
        party_credit_code=case.party.credit_code, clue_id=case.clue_id, filed_on=case.filed_on,
        state=case.model_dump(mode="json"), record_seq=0, record_hash=GENESIS, created_by=actor))
    return await save(uow, Stored(case, 0, GENESIS), case, actor=actor, act=act, content=content)


async def save(uow: UnitOfWork, stored: Stored, case: Case, *, actor: str, act: str, content: dict) -> Head:
    """Append the act to the record (the next link of the chain) and store the case file as it now is."""
    seq, at, body = stored.seq + 1, datetime.now(UTC), plain(content)
    digest = link_hash(stored.head, seq, act, actor, at, body)
    await uow.session.execute(insert(t.case_record).values(
        case_id=case.id, seq=seq, act=act, actor=actor, at=at, content=body, prev_hash=stored.head, hash=digest))
    decision = case.decision
    await uow.session.execute(update(t.enforcement_case).where(c.id == case.id).values(
        stage=case.stage.value, state=case.model_dump(mode="json"), record_seq=seq, record_hash=digest,
        decided_on=decision.decided_on if decision else None, outcome=decision.outcome.value if decision else None,
        closed_on=case.closed_on, updated_at=at))
    stored.case, stored.seq, stored.head = case, seq, digest
    return Head(seq, digest)


async def record(db, case_id: str) -> tuple[list[StoredLink], Head]:  # noqa: ANN001 - a session or connection
    """Every link of the case's record in order, and the head the case row holds."""
    head = (await db.execute(select(c.record_seq, c.record_hash).where(c.id == case_id))).first()
    if head is None:
        raise NotFound(f"case {case_id} does not exist")
    r = t.case_record.c
    rows = (await db.execute(select(t.case_record).where(r.case_id == case_id).order_by(r.seq))).mappings()
    links = [StoredLink(x["id"], x["seq"], x["act"], x["actor"], x["at"], x["content"], x["prev_hash"], x["hash"])
             for x in rows]
    return links, Head(head.record_seq, head.record_hash)
