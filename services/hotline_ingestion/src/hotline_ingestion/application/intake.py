"""Intake: single and bulk, idempotent on the hotline's own order number; nothing half-written."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import orjson
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select

from hotline_ingestion.adapters import intake_sql
from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import access, dedupe, feedback
from hotline_ingestion.application.linkage import announce_linkage
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.domain.acceptance import non_acceptance_reason
from hotline_ingestion.domain.confidentiality import redact_numbers
from hotline_ingestion.domain.dedupe import Match, address_key
from hotline_ingestion.domain.lifecycle import Action
from hotline_ingestion.domain.routing import Matter, best_matter
from hotline_ingestion.domain.vocabulary import Status
from hotline_ingestion.domain.work_order import WorkOrderIntake
from platform_calendar import future_receipt
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_errors import FieldProblem, InvalidInput
from platform_events import CodedEnum, china_time
from platform_events.contracts.hotline_ingestion import WorkOrderNotAccepted, WorkOrderReceived
from platform_identity import Caller

_ORDERS = TypeAdapter(list[WorkOrderIntake])


class Outcome(CodedEnum):
    """What a bulk did with one item (issue 11 item 5). `duplicate` is none of the four intake decisions: this
    request wrote nothing, the order_no names an order already stored (by an earlier request, or an earlier item
    of the same bulk), whose own outcome its record keeps — the bulk twin of a single POST's 200 for a repeat."""

    accepted = "accepted", "受理"
    merged = "merged", "已合并（重复诉求并入在办工单）"
    not_accepted = "not_accepted", "不予受理"
    rejected = "rejected", "无效，未保存"
    duplicate = "duplicate", "重复提交，已保存过"


@dataclass
class ItemResult:
    index: int
    outcome: Outcome
    order_no: str | None = None
    work_order_id: str | None = None
    errors: list[dict] = field(default_factory=list)  # rejected: one per refused field
    parent_id: str | None = None  # merged: the open order it repeats (dedupe)
    parent_order_no: str | None = None
    reason: str | None = None  # not_accepted: why (H-8), and where the matter properly goes
    proper_channel: str | None = None


@dataclass(frozen=True)
class Received:
    """One order's intake: its id, whether this request stored it, and (when it did) the row as written."""

    work_order_id: str
    created: bool
    written: dict | None = None  # the work_order row and its first history entry, None for a repeat or merge


async def receive(uows: UnitOfWorkFactory, order: WorkOrderIntake, caller: Caller, policies: Policies) -> Received:
    """Store one order; a repeat of the same order_no returns the stored id, never a duplicate. The caller receives
    orders of its own region only (403 otherwise), and is recorded as who received it."""
    access.check_may_receive(caller, order.region_code)
    future = future_receipt(order.received_at, tolerance=policies.received_at_skew)
    if future is not None:
        raise InvalidInput(future, errors=[FieldProblem("received_at", future[1])])
    results, written = await _store(uows, [(0, order)], caller.actor, policies, keep_written=True)
    result = results[0]
    return Received(result.work_order_id, result.outcome != Outcome.duplicate, written.get(result.work_order_id))


async def receive_bulk(uows: UnitOfWorkFactory, body: bytes | list, caller: Caller, policies: Policies, *,
                       max_items: int) -> list[ItemResult]:
    """Each item is validated alone; valid ones are stored together, invalid ones (and orders of a region the caller
    may not receive) reported by index.

    A whole-list validation answers the common case (every item valid) in one pass; only a bulk with an invalid
    item is validated again item by item, to keep the valid ones and name the invalid ones.
    """
    if isinstance(body, list) and len(body) > max_items:
        raise InvalidInput((f"批量接收每次最多 {max_items} 件工单，本次为 {len(body)} 件",
                            f"a bulk request carries at most {max_items} orders; it had {len(body)}"))
    try:
        valid = list(enumerate(_ORDERS.validate_json(body) if isinstance(body, bytes)
                               else _ORDERS.validate_python(body)))
        rejected: list[ItemResult] = []
    except ValidationError:
        valid, rejected = _one_by_one(orjson.loads(body) if isinstance(body, bytes) else body)
    valid, outside = _receivable(caller, valid)
    valid, future = _not_in_future(valid, policies)
    outside += future
    stored_items = (await _store(uows, valid, caller.actor, policies))[0] if valid else []
    rejected += outside
    return sorted(await _in_scope(uows, caller, stored_items) + rejected, key=lambda r: r.index)


async def _in_scope(uows: UnitOfWorkFactory, caller: Caller, results: list[ItemResult]) -> list[ItemResult]:
    """A duplicate of an order_no stored for a region the caller does not cover is rejected naming `order_no`
    (a single POST's 409): the stored order's id is not the caller's to learn."""
    ids = [r.work_order_id for r in results if r.outcome == Outcome.duplicate]
    if not ids:
        return results
    c = t.work_order.c
    async with uows() as uow:  # read only: never committed
        rows = (await uow.session.execute(select(c.id, c.region_code, c.lifecycle).where(c.id.in_(ids)))).mappings()
        hidden = {row["id"] for row in rows if not access.sees(caller, row)}
    problem = [{"field": "order_no", "message": "already used by an order outside the caller's data scope"}]
    return [ItemResult(r.index, Outcome.rejected, r.order_no, errors=problem) if r.work_order_id in hidden else r
            for r in results]


def _receivable(caller: Caller, orders: list[tuple[int, WorkOrderIntake]],
                ) -> tuple[list[tuple[int, WorkOrderIntake]], list[ItemResult]]:
    """The orders the caller may receive, and the others rejected naming why (its region, or not a receiver)."""
    kept, refused = [], []
    for i, order in orders:
        problem = access.outside_region(caller, order.region_code)
        if problem is None:
            kept.append((i, order))
        else:
            refused.append(ItemResult(i, Outcome.rejected, order.order_no, errors=[{"field": "region_code",
                                                                                   "message": problem[1]}]))
    return kept, refused


def _not_in_future(orders: list[tuple[int, WorkOrderIntake]], policies: Policies,
                   ) -> tuple[list[tuple[int, WorkOrderIntake]], list[ItemResult]]:
    """The orders received by now, and the others rejected naming `received_at` (platform_calendar.future_receipt,
    the rule clue registration applies too)."""
    now, kept, refused = datetime.now(UTC), [], []
    for i, order in orders:
        future = future_receipt(order.received_at, now=now, tolerance=policies.received_at_skew)
        if future is None:
            kept.append((i, order))
        else:
            refused.append(ItemResult(i, Outcome.rejected, order.order_no,
                                      errors=[{"field": "received_at", "message": future[1]}]))
    return kept, refused


def _one_by_one(items: list) -> tuple[list[tuple[int, WorkOrderIntake]], list[ItemResult]]:
    valid, rejected = [], []
    for i, raw in enumerate(items):
        try:
            valid.append((i, WorkOrderIntake.model_validate(raw)))
        except ValidationError as exc:
            errors = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
            rejected.append(ItemResult(i, Outcome.rejected, order_no=_order_no(raw), errors=errors))
    return valid, rejected


async def _store(uows: UnitOfWorkFactory, orders: list[tuple[int, WorkOrderIntake]], actor: str,
                 policies: Policies, keep_written: bool = False) -> tuple[list[ItemResult], dict[str, dict]]:
    """(one result per order, the rows written by id when `keep_written`, for an answer without reading them
    back). State, first history entries and events: one commit."""
    now = datetime.now(UTC)
    # Planned with each request's own values: a generic plan of the candidate query, cached per connection once it
    # looks no worse, stays frozen at the table's size when it was made, and made while the table was small it
    # would scan every order (intake_sql.CANDIDATES).
    async with uows(custom_plans=True) as uow:
        matters, departments = await policies.catalog.read(uow.driver)
        firsts: dict[str, tuple[int, WorkOrderIntake, dict]] = {}
        for i, o in orders:  # the same order twice in one request is stored once
            firsts.setdefault(o.order_no, (i, o, _row(o, actor, policies, matters, now)))
        rows = [r for *_, r in firsts.values()]
        earlier = await dedupe.candidates(uow, rows, policies.dedupe)
        entries = await intake_sql.insert_orders(uow.driver, rows)  # new ones only, each with its first entry
        new = [(i, o, r) for i, o, r in firsts.values() if r["id"] in entries]
        repeats = await dedupe.link_repeats(uow, [r for *_, r in new], earlier, policies.dedupe, now)
        for _, order, row in new:
            _announce(uow, order, row)
            if row["id"] in repeats:
                dedupe.announce_merge(uow, row, repeats[row["id"]], now)
            elif row["status"] == Status.accepted.value:
                announce_linkage(uow, order, row["id"], matters, departments)
        await feedback.stage_all(uow, [(r["id"], _refusal_feedback(r)) for *_, r in new
                                       if r["status"] == Status.not_accepted.value])
        ids = {o.order_no: r["id"] for _, o, r in new}
        ids |= await intake_sql.ids_of(uow.driver, [n for n in firsts if n not in ids])
        await uow.commit()
    stored = {i: _decided(i, r, repeats.get(r["id"])) for i, _, r in new}
    results = [stored.get(i) or ItemResult(i, Outcome.duplicate, o.order_no, ids.get(o.order_no))
               for i, o in orders]
    written = {r["id"]: r | {"history_id": entries[r["id"]]} for *_, r in new
               if keep_written and r["id"] not in repeats}
    return results, written


def _decided(index: int, row: dict, match: Match | None) -> ItemResult:
    """The intake decision on a stored order: merged into its parent, refused (H-8), or accepted (受理)."""
    if match is not None:
        return ItemResult(index, Outcome.merged, row["order_no"], row["id"], parent_id=match.parent.id,
                          parent_order_no=match.parent.order_no)
    if row["status"] == Status.not_accepted.value:
        return ItemResult(index, Outcome.not_accepted, row["order_no"], row["id"], reason=row["not_accepted_reason"],
                          proper_channel=row["proper_channel"])
    return ItemResult(index, Outcome.accepted, row["order_no"], row["id"])


def _row(o: WorkOrderIntake, actor: str, policies: Policies, matters: list[Matter], now: datetime) -> dict:
    """The work_order row as intake writes it (times in UTC, as the database gives them back) and its first entry."""
    party = o.reported_party
    refused = non_acceptance_reason(o.content)  # rule H-8: recorded, with the proper channel, never dropped
    clock = None if refused else policies.clocks.handling(o.received_at, o.request_type, o.urgency, o.region_code)
    matter = best_matter(o.content, matters)
    return {
        "id": str(uuid.uuid4()), "order_no": o.order_no, "received_at": o.received_at.astimezone(UTC),
        "channel": o.channel.value, "request_type": o.request_type.value, "urgency": o.urgency.value,
        "content": o.content, "address": o.address, "address_key": address_key(o.address),
        "region_code": o.region_code, "requester": o.requester.model_dump(mode="json"),
        "reported_party_name": party.name if party else None,
        "reported_party_credit_code": party.credit_code if party else None,
        "attachments": [a.model_dump(mode="json") for a in o.attachments],
        "status": (Status.not_accepted if refused else Status.accepted).value,
        "not_accepted_reason": refused.reason if refused else None,
        "proper_channel": refused.channel if refused else None,
        "matter_code": matter.code if matter else None,
        # its handling clock (H-3, H-7), stored as platform_db.clocks keeps it (intake_sql.CLOCK_COLUMNS)
        "due_at": clock.expires_at.astimezone(UTC) if clock else None,
        "due_provisional": bool(clock and clock.provisional),
        "clock_rule_ids": list(clock.rule_ids) if clock else None, "warn_at": clock.warn_at if clock else None,
        "due_on": clock.due if clock and type(clock.due) is date else None,
        "calendar_version": clock.calendar_version if clock else None,
        "created_by": actor, "created_at": now, "updated_at": now,
        # the first history entry: 受理 (H-2), or 不予受理 with the reason (H-8)
        "entry_action": "不予受理" if refused else "受理", "entry_reason": refused.reason if refused else "",
        "entry_rule_ids": ["H-8"] if refused else ["H-2"],
    }


def _refusal_feedback(row: dict) -> dict:
    """不予受理 at intake reaches the requester too, with why and where to go instead (rule H-8)."""
    return {"order_no": row["order_no"], "action": Action.refuse.value, "status": Status.not_accepted.value,
            "reason": row["not_accepted_reason"], "proper_channel": row["proper_channel"],
            "at": china_time(row["created_at"]), "lead_unit": None}


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
        request_type=o.request_type.value, urgency=o.urgency.value, region_code=o.region_code, address=redact_numbers(o.address),
        content=redact_numbers(o.content),  # a call-back or ID number typed into it never leaves (K-7, H-4)
        reported_party_name=party.name if party else None,
        reported_party_credit_code=party.credit_code if party else None,
    ), subject=work_order_id)


def _order_no(raw: object) -> str | None:
    return raw.get("order_no") if isinstance(raw, dict) and isinstance(raw.get("order_no"), str) else None
