"""Dedupe at intake: a repeat request is linked to the open order it repeats, in the intake's own transaction.

Candidates are read before the batch is inserted (open parents in the batch's regions and window that share a
party or address key), then each new order is compared, in order, with them and with the batch's own earlier
parents. Two simultaneous requests may both become parents; a dispatcher links them with the 合并 action.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update

from hotline_ingestion.adapters import intake_sql
from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import feedback
from hotline_ingestion.application.clocks import CLOCKS, ref
from hotline_ingestion.domain.dedupe import (
    OPEN_FOR_MERGE,
    DedupePolicy,
    Match,
    Request,
    find_parent,
    match_keys,
)
from hotline_ingestion.domain.lifecycle import Action
from hotline_ingestion.domain.vocabulary import Status
from platform_db import UnitOfWork
from platform_events import china_time
from platform_events.contracts.hotline_ingestion import WorkOrderStatusChanged

wo = t.work_order.c
_OPEN = {s.value for s in OPEN_FOR_MERGE}
MAX_CANDIDATES = 5_000  # a guard: the keys are selective, a city's open orders about one address are few


def _request(row) -> Request:  # noqa: ANN001 - an intake row dict or a stored row (asyncpg Record)
    return Request(row["id"], row["order_no"], row["received_at"], row["region_code"], row["reported_party_name"],
                   row["reported_party_credit_code"], row["address_key"], row["content"])


async def candidates(uow: UnitOfWork, rows: list[dict], policy: DedupePolicy) -> list[Request]:
    """Stored open orders (not repeats themselves) that any of the arriving rows could repeat."""
    rows = [r for r in rows if r["status"] == Status.accepted.value]
    if not policy.enabled or not rows:
        return []
    keys = [{r[name] for r in rows if r[name]}
            for name in ("reported_party_credit_code", "reported_party_name", "address_key")]
    if not any(keys):
        return []
    window = timedelta(hours=policy.window_hours)
    received = [r["received_at"] for r in rows]
    credit_codes, party_names, address_keys = keys
    found = await intake_sql.candidates(
        uow.driver, credit_codes=credit_codes, party_names=party_names, address_keys=address_keys,
        received_from=min(received) - window, received_to=max(received) + window, limit=MAX_CANDIDATES)
    regions = {r["region_code"] for r in rows}
    return [_request(r) for r in found
            if r["parent_id"] is None and r["status"] in _OPEN and r["region_code"] in regions][:MAX_CANDIDATES]


async def link_repeats(uow: UnitOfWork, new_rows: list[dict], earlier: list[Request], policy: DedupePolicy,
                       now: datetime) -> dict[str, Match]:
    """Merge each new repeat into its parent: status 已合并, no own clock, history with why, feedback staged."""
    if not earlier and len(new_rows) < 2:  # nothing stored to repeat, and no earlier order in this request
        return {}
    parents: dict[tuple[str, str], list[tuple[int, Request]]] = defaultdict(list)  # match key → candidates

    def add(seq: int, request: Request) -> None:
        for key in match_keys(request):
            parents[key].append((seq, request))

    for seq, request in enumerate(earlier):
        add(seq, request)
    repeats: dict[str, Match] = {}
    for seq, row in enumerate(new_rows, start=len(earlier)):
        if row["status"] != Status.accepted.value:
            continue
        request = _request(row)
        sharing = sorted({s: r for key in match_keys(request) for s, r in parents.get(key, ())}.items())
        match = find_parent(request, [r for _, r in sharing], policy)
        if match is None:
            add(seq, request)
        else:
            repeats[row["id"]] = match
    if not repeats:
        return repeats
    await uow.session.execute(
        update(t.work_order).where(wo.id == bindparam("child"))
        .values(status=Status.merged.value, parent_id=bindparam("parent"), merged_at=now, due_at=None,
                due_provisional=False),
        [{"child": child, "parent": m.parent.id} for child, m in repeats.items()])
    for child in repeats:  # a repeat runs on its parent's clock: its own reads stopped
        await CLOCKS.stop(uow, ref(child), note="merged")
    await uow.session.execute(t.work_order_history.insert(), [
        {"work_order_id": child, "action": Action.merge.value, "from_status": Status.accepted.value,
         "to_status": Status.merged.value, "actor": "system:dedupe", "reason": m.explain(), "rule_ids": [],
         "details": _details(m), "at": now} for child, m in repeats.items()])
    by_id = {row["id"]: row for row in new_rows}
    for child, m in repeats.items():
        await feedback.stage(uow, child, {
            "order_no": by_id[child]["order_no"], "action": Action.merge.value, "status": Status.merged.value,
            "reason": m.explain(), "at": china_time(now), "lead_unit": None, "merged_into": m.parent.order_no})
    return repeats


def announce_merge(uow: UnitOfWork, row: dict, match: Match, at: datetime) -> None:
    uow.publish(WorkOrderStatusChanged(
        work_order_id=row["id"], order_no=row["order_no"], action=Action.merge.value,
        from_status=Status.accepted.value, to_status=Status.merged.value, parent_work_order_id=match.parent.id,
        at=at, rule_ids=[]), subject=row["id"])


def _details(m: Match) -> dict:
    return {"parent_id": m.parent.id, "parent_order_no": m.parent.order_no, "similarity": m.similarity,
            "matched_on": m.matched_on.value, "by": "dedupe"}
