"""Intake: single and bulk, idempotent on the hotline's own order number; nothing half-written."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import dedupe
from hotline_ingestion.application.catalog_copy import catalog
from hotline_ingestion.application.clocks import stored
from hotline_ingestion.application.linkage import announce_linkage
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.domain.acceptance import non_acceptance_reason
from hotline_ingestion.domain.dedupe import address_key
from hotline_ingestion.domain.routing import Matter, best_matter
from hotline_ingestion.domain.vocabulary import Status
from hotline_ingestion.domain.work_order import WorkOrderIntake
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_events.contracts.hotline_ingestion import WorkOrderNotAccepted, WorkOrderReceived


@dataclass
class ItemResult:
    index: int
    outcome: str  # accepted | duplicate | rejected
    order_no: str | None = None
    work_order_id: str | None = None
    errors: list[dict] = field(default_factory=list)


async def receive(uows: UnitOfWorkFactory, order: WorkOrderIntake, actor: str,
                  policies: Policies) -> tuple[str, bool]:
    """Store one order; a repeat of the same order_no returns the stored id, never a duplicate."""
    results = await _store(uows, [(0, order)], actor, policies)
    return results[0].work_order_id, results[0].outcome == "accepted"


async def receive_bulk(uows: UnitOfWorkFactory, items: list[dict], actor: str,
                       policies: Policies) -> list[ItemResult]:
    """Each item is validated alone; valid ones are stored together, invalid ones reported by index."""
    valid, rejected = [], []
    for i, raw in enumerate(items):
        try:
            valid.append((i, WorkOrderIntake.model_validate(raw)))
        except ValidationError as exc:
            errors = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
            rejected.append(ItemResult(i, "rejected", order_no=_order_no(raw), errors=errors))
    stored = await _store(uows, valid, actor, policies) if valid else []
    return sorted(stored + rejected, key=lambda r: r.index)


async def _store(uows: UnitOfWorkFactory, orders: list[tuple[int, WorkOrderIntake]], actor: str,
                 policies: Policies) -> list[ItemResult]:
    async with uows() as uow:
        matters, departments = await catalog(uow.session)
        firsts: dict[str, tuple[int, WorkOrderIntake, dict]] = {}
        for i, o in orders:  # the same order twice in one request is stored once
            firsts.setdefault(o.order_no, (i, o, _row(o, actor, policies, matters)))
        earlier = await dedupe.candidates(uow, [r for *_, r in firsts.values()], policies.dedupe)
        # rows as parameters: one statement compiled once and sent as multi-row INSERTs (insertmanyvalues)
        stmt = pg_insert(t.work_order).on_conflict_do_nothing(index_elements=["order_no"])
        stmt = stmt.returning(t.work_order.c.order_no)
        inserted = set((await uow.session.execute(stmt, [r for *_, r in firsts.values()])).scalars())
        new = [(i, o, r) for i, o, r in firsts.values() if o.order_no in inserted]
        if new:
            await uow.session.execute(t.work_order_history.insert(), [_first_entry(r, actor) for *_, r in new])
        now = datetime.now(UTC)
        repeats = await dedupe.link_repeats(uow, [r for *_, r in new], earlier, policies.dedupe, now)
        for _, order, row in new:
            _announce(uow, order, row)
            if row["id"] in repeats:
                dedupe.announce_merge(uow, row, repeats[row["id"]], now)
            elif row["status"] == Status.accepted.value:
                announce_linkage(uow, order, row["id"], matters, departments)
        ids = {o.order_no: r["id"] for _, o, r in new} | await _ids(uow, list(set(firsts) - inserted))
        await uow.commit()
    accepted = {i for i, o, _ in new}
    return [ItemResult(i, "accepted" if i in accepted else "duplicate", o.order_no, ids.get(o.order_no))
            for i, o in orders]


def _row(o: WorkOrderIntake, actor: str, policies: Policies, matters: list[Matter]) -> dict:
    party = o.reported_party
    refused = non_acceptance_reason(o.content)  # rule H-8: recorded, with the proper channel, never dropped
    clock = None if refused else policies.clocks.handling(o.received_at, o.request_type, o.urgency, o.region_code)
    matter = best_matter(o.content, matters)
    return {
        "due_at": clock.expires_at if clock else None,
        "clock": stored(clock) if clock else None,
        "status": (Status.not_accepted if refused else Status.accepted).value,
        "not_accepted_reason": refused.reason if refused else None,
        "proper_channel": refused.channel if refused else None,
        "id": str(uuid.uuid4()), "order_no": o.order_no, "received_at": o.received_at, "channel": o.channel.value,
        "request_type": o.request_type.value, "urgency": o.urgency.value, "content": o.content,
        "address": o.address, "address_key": address_key(o.address), "region_code": o.region_code,
        "matter_code": matter.code if matter else None, "requester": o.requester.model_dump(mode="json"),
        "reported_party_name": party.name if party else None,
        "reported_party_credit_code": party.credit_code if party else None,
        "attachments": [a.model_dump(mode="json") for a in o.attachments], "created_by": actor,
    }


def _announce(uow: UnitOfWork, o: WorkOrderIntake, row: dict) -> None:
    if row["status"] == Status.not_accepted.value:
        uow.publish(WorkOrderNotAccepted(work_order_id=row["id"], order_no=o.order_no,
                                         reason=row["not_accepted_reason"], proper_channel=row["proper_channel"]),
                    subject=row["id"])
        return
    _received(uow, o, row["id"])


def _received(uow: UnitOfWork, o: WorkOrderIntake, work_order_id: str) -> None:
    party = o.reported_party
    uow.publish(WorkOrderReceived(
        work_order_id=work_order_id, order_no=o.order_no, received_at=o.received_at, channel=o.channel.value,
        request_type=o.request_type.value, urgency=o.urgency.value, region_code=o.region_code, address=o.address,
        content=o.content, reported_party_name=party.name if party else None,
        reported_party_credit_code=party.credit_code if party else None,
    ), subject=work_order_id)


def _first_entry(row: dict, actor: str) -> dict:
    if row["status"] == Status.not_accepted.value:
        return {"work_order_id": row["id"], "action": "不予受理", "from_status": None, "to_status": row["status"],
                "actor": actor, "reason": row["not_accepted_reason"], "rule_ids": ["H-8"]}
    return {"work_order_id": row["id"], "action": "受理", "from_status": None,
            "to_status": Status.accepted.value, "actor": actor, "reason": "", "rule_ids": ["H-2"]}


async def _ids(uow: UnitOfWork, order_nos: list[str]) -> dict[str, str]:
    if not order_nos:
        return {}
    stmt = select(t.work_order.c.order_no, t.work_order.c.id).where(t.work_order.c.order_no.in_(order_nos))
    return dict((await uow.session.execute(stmt)).all())


def _order_no(raw: object) -> str | None:
    return raw.get("order_no") if isinstance(raw, dict) and isinstance(raw.get("order_no"), str) else None
