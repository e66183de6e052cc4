"""Read side: cases and clues as integrators see them, the full-process record and its verification.

The party's identity number and phone are masked in every read (P-31); a caller without the confidential clearance
also reads a natural person's address down to its county and personal numbers in any text masked (K-7), in
platform_events.personal's formats. The record itself keeps them, since it is the case file the agency archives, and
only its verifier reads it whole. Every read is narrowed to the caller's
data scope in SQL (adapters/data_scope.py): lists never show another agency's rows, and one such row is a 404.
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from case_intake.adapters import case_store
from case_intake.adapters import tables as t
from case_intake.adapters.data_scope import visible
from case_intake.application.execution import amount_due
from case_intake.domain import stages
from case_intake.domain.errors import NotFound
from case_intake.domain.model import Case
from case_intake.domain.record_chain import verify
from case_intake.domain.vocabulary import FlexibleKind, PartyType
from platform_calendar import shanghai_date
from platform_db import keyset_page, page
from platform_db.clocks import ClockState, shown, shown_columns, state_sql
from platform_events.personal import mask_document, mask_id_number, mask_phone
from platform_identity import Caller

c, k = t.enforcement_case.c, t.clock.c


def _organisation(holder: Mapping) -> bool:
    """A legal person's or organisation's address is public (its registered 住所); a natural person's is not."""
    return holder.get("type") in (PartyType.legal_person.value, PartyType.other_organisation.value)


def mask_party(party: dict) -> dict:
    """The party's ID number and phone as every case read shows them, in the platform's formats (P-31)."""
    return party | {key: masked(party[key]) for key, masked in (("id_number", mask_id_number), ("phone", mask_phone))
                    if party.get(key)}


def personal_masked(value: object) -> object:
    """A stored document as an uncleared caller reads it (K-7, P-31), by platform_events.personal.mask_document:
    every `id_number` and `phone` field masked (a party's, a witness's), a natural person's `address` down to its
    province, city and county, a `reporter` left out, and phone, ID (GB 11643) and bank card (Luhn) numbers typed
    into any text (facts, notes, statements) masked."""
    return mask_document(value, drop=_REPORTER, organisation=_organisation)


_REPORTER = frozenset({"reporter"})


def clue_shown(found: dict, caller: Caller) -> dict:
    """A clue answer: as stored to a cleared caller; to any other the party's ID number and phone masked and
    numbers in the description and reason masked (the reporter is already absent for it, K-7)."""
    if caller.cleared:
        return found
    return found | {name: personal_masked(found[name]) for name in ("party", "description", "not_filed_reason")
                    if name in found}


async def case(engine: AsyncEngine, case_id: str, today: date, caller: Caller) -> dict:
    async with engine.connect() as conn:
        row = (await conn.execute(select(c.state, c.record_seq, c.record_hash, c.created_at, c.updated_at,
                                         c.created_by).where(c.id == case_id, visible(caller, c.department_code)))
               ).first()
        if row is None:
            raise NotFound((f"案件 {case_id} 不存在", f"case {case_id} does not exist"))
        clocks = (await conn.execute(select(*shown_columns(t.clock)).where(
            k.subject_type == "case", k.subject_id == case_id).order_by(k.id))).mappings().all()
        publicity = (await conn.execute(select(t.publicity.c.id, t.publicity.c.status, t.publicity.c.due_on,
                                               t.publicity.c.ends_on).where(t.publicity.c.case_id == case_id))
                     ).mappings().first()
    found = Case.model_validate(row.state)
    # the party's ID number and phone masked for everyone; to an uncleared caller also its address, the facts,
    # notes and witnesses (K-7, P-31)
    state = row.state | {"party": mask_party(row.state["party"])} if caller.cleared else personal_masked(row.state)
    view = state | {"allowed_steps": stages.allowed(found),
                        "clocks": [shown(x, datetime.now(UTC)) for x in clocks],
                        "publicity": publicity_view(dict(publicity), today) if publicity else None,
                        "record": {"seq": row.record_seq, "hash": row.record_hash}, "created_at": row.created_at,
                        "updated_at": row.updated_at, "created_by": row.created_by}
    if found.decision is not None and found.service is not None and found.decision.money_total() > 0:
        d = amount_due(found, today)
        view["amount_due"] = {"as_of": today, "fine_cny": d.fine, "confiscated_gains_cny": d.confiscated_gains,
                              "late_surcharge_cny": d.surcharge, "surcharge_days": d.surcharge_days,
                              "paid_cny": d.paid, "owed_cny": d.owed, "overpaid_cny": d.overpaid,
                              "rules": ["P-24", "P-25", "P-26"]}
    return view


def publicity_view(row: dict, today: date) -> dict:
    """A publicity record; one still pending past its publish-by date reads overdue (T-3, T-4)."""
    return row | {"overdue": row["status"] == "pending" and row["due_on"] is not None and row["due_on"] < today}


def by_clock(stmt: Select, subject_type: str, subject_id: ColumnElement, clock_state: ClockState | None,
             provisional: bool | None) -> Select:
    """Subjects with a clock in that state (`running`, `breached` …); with (or without) a running clock whose due
    date is provisional (§1.2)."""
    mine = (k.subject_type == subject_type) & (k.subject_id == subject_id)
    if clock_state is not None:
        stmt = stmt.where(exists(select(k.id).where(mine, state_sql(t.clock, datetime.now(UTC)) == clock_state)))
    if provisional is not None:
        some = exists(select(k.id).where(mine, k.provisional, k.status == "running"))
        stmt = stmt.where(some if provisional else ~some)
    return stmt


async def cases(engine: AsyncEngine, *, department_code: str | None, stage: str | None, matter_code: str | None,
                party_credit_code: str | None, filed_from: date | None, filed_to: date | None, limit: int,
                cursor: str | None, caller: Caller, clock_state: ClockState | None = None,
                provisional: bool | None = None) -> tuple[list[dict], str | None]:
    stmt = select(c.id, c.case_no, c.procedure, c.stage, c.department_code, c.matter_code, c.party_name,
                  c.party_credit_code, c.filed_on, c.decided_on, c.outcome, c.closed_on, c.record_seq).where(
        visible(caller, c.department_code))
    stmt = by_clock(stmt, "case", c.id, clock_state, provisional)
    for column, value in ((c.department_code, department_code), (c.stage, stage), (c.matter_code, matter_code),
                          (c.party_credit_code, party_credit_code)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filed_from is not None:
        stmt = stmt.where(c.filed_on >= filed_from)
    if filed_to is not None:
        stmt = stmt.where(c.filed_on < filed_to)
    found = await page(engine, stmt, c.case_no, limit=limit, cursor=cursor)
    return found.items, found.next_cursor


async def clues(engine: AsyncEngine, *, department_code: str | None, status: str | None, source: str | None,
                source_ref: str | None = None, limit: int, cursor: str | None, caller: Caller,
                clock_state: ClockState | None = None, provisional: bool | None = None) -> tuple[list[dict], str | None]:
    """The reporter (K-7) is never listed, whoever asks: it is read one clue at a time, and audited."""
    cl = t.clue.c
    stmt = select(cl.id, cl.source, cl.source_ref, cl.received_at, cl.department_code, cl.matter_code, cl.status,
                  cl.case_id, cl.decided_on).where(visible(caller, cl.department_code))
    stmt = by_clock(stmt, "clue", cl.id, clock_state, provisional)
    filters = ((cl.department_code, department_code), (cl.status, status), (cl.source, source),
               (cl.source_ref, source_ref))
    for column, value in filters:
        if value is not None:
            stmt = stmt.where(column == value)
    found = await page(engine, stmt, cl.id, limit=limit, cursor=cursor)
    return found.items, found.next_cursor


async def record(engine: AsyncEngine, case_id: str, caller: Caller) -> dict:
    """Each link names who acted as verified: `actor` (the token's subject), `client_id`, `acting_client` (P-13).
    An uncleared caller reads each link's content with personal numbers masked (K-7, P-31); the hashes are the
    stored content's, which only the verifier reads whole."""
    async with engine.connect() as conn:
        links, head = await case_store.record(conn, case_id, caller)
    shown_content = (lambda content: content) if caller.cleared else personal_masked
    return {"case_id": case_id, "head": {"seq": head.seq, "hash": head.hash},
            "links": [{"seq": x.seq, "act": x.act, "actor": x.actor, "client_id": x.client,
                       "acting_client": x.acting_client, "at": x.at, "content": shown_content(x.content),
                       "prev_hash": x.prev_hash,
                       "hash": x.hash} for x in links]}


async def verify_record(engine: AsyncEngine, case_id: str, caller: Caller) -> dict:
    """Rule P-13: recompute the chain; the first link that disagrees is named (its seq and row id)."""
    async with engine.connect() as conn:
        links, head = await case_store.record(conn, case_id, caller)
    result = verify(links, head_seq=head.seq, head_hash=head.hash)
    broken = result.first_break
    return {"case_id": case_id, "intact": result.intact, "links": result.links, "head": head.hash,
            "first_broken_link": None if broken is None else
            {"seq": broken.seq, "record_id": broken.record_id, "reason": broken.reason}, "rule": "P-13"}


async def publicity_records(engine: AsyncEngine, *, status: str | None, department_code: str | None, limit: int,
                            cursor: str | None, caller: Caller) -> tuple[list[dict], str | None]:
    """Oldest first (the order they fall due), a page at a time."""
    p = t.publicity.c
    stmt = (select(t.publicity).join_from(t.publicity, t.enforcement_case, c.id == p.case_id)
            .where(visible(caller, c.department_code)))
    for column, value in ((p.status, status), (c.department_code, department_code)):
        if value is not None:
            stmt = stmt.where(column == value)
    found = await keyset_page(engine, stmt, [(p.created_at, False), (p.id, False)], limit=limit, cursor=cursor)
    today = shanghai_date(datetime.now(UTC))
    return [publicity_view(row, today) for row in found.items], found.next_cursor


async def measures(engine: AsyncEngine, *, kind: FlexibleKind | None, department_code: str | None,
                   case_id: str | None, limit: int, cursor: str | None, caller: Caller) -> tuple[list[dict], str | None]:
    """Newest first, a page at a time."""
    m = t.flexible_measure.c
    stmt = select(t.flexible_measure).where(visible(caller, m.department_code))
    for column, value in ((m.kind, kind.value if kind else None), (m.department_code, department_code),
                          (m.case_id, case_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    found = await keyset_page(engine, stmt, [(m.measure_on, True), (m.id, False)], limit=limit, cursor=cursor)
    return found.items, found.next_cursor


async def published_decisions(engine: AsyncEngine, *, department_code: str | None, limit: int,
                              cursor: str | None) -> tuple[list[dict], str | None]:
    """What the public sees (no token): published records only, their redacted summary (P-31, T-12) and dates,
    newest first."""
    p = t.publicity.c
    stmt = (select(p.id, p.published_on, p.ends_on, p.credit_class, p.system, p.summary, c.department_code)
            .join_from(t.publicity, t.enforcement_case, c.id == p.case_id).where(p.status == "published"))
    if department_code is not None:
        stmt = stmt.where(c.department_code == department_code)
    found = await keyset_page(engine, stmt, [(p.published_on, True), (p.id, False)], limit=limit, cursor=cursor)
    return found.items, found.next_cursor
