"""Read side for 行政提示 (policy 000 item 7): where and when 12345 demand gathers, and how units answer it.

Every figure is an aggregate computed in PostgreSQL; Python only shapes the few result rows and divides.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import (
    DateTime,
    Integer,
    Interval,
    Text,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
    null,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by, array_agg
from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import access
from hotline_ingestion.domain.lifecycle import Action, Evaluation
from hotline_ingestion.domain.vocabulary import RequestType, Status
from platform_errors import FieldProblem, InvalidInput
from platform_identity import Caller

Dimension = Literal["matter", "region", "time"]
Granularity = Literal["day", "week", "month"]
TZ = "Asia/Shanghai"  # calendar buckets are local dates (CONVENTIONS: times)
DEFAULT_WINDOW = timedelta(days=30)
MAX_WINDOW = timedelta(days=366)
UNCLASSIFIED = "unclassified"
COMPLAINTS = (RequestType.complaint.value, RequestType.report.value)
CLOSED = (Status.closed.value, Status.called_back.value, Status.evaluated.value)
c, h = t.work_order.c, t.work_order_history.c


@dataclass(frozen=True)
class Scope:
    """The orders an answer is about: received in [start, end), optionally one type and a region prefix, and
    always only those the caller sees (its region; for a unit, the orders dispatched to it)."""

    start: datetime
    end: datetime
    region_prefix: str | None = None
    request_type: str | None = None
    caller: Caller | None = None

    @property
    def previous_start(self) -> datetime:
        """The previous window has the same length and ends where this one starts."""
        return self.start - (self.end - self.start)

    def window(self) -> dict:
        return {"received_from": self.start, "received_to": self.end,
                "previous_from": self.previous_start, "previous_to": self.start}


def scope(received_from: datetime | None, received_to: datetime | None, *, now: datetime, caller: Caller,
          region_prefix: str | None = None, request_type: str | None = None) -> Scope:
    """Default to the 30 days ending now; refuse empty, inverted, too long or unrepresentable windows."""
    try:
        end = (received_to or now).astimezone(UTC)
        start = (received_from or end - DEFAULT_WINDOW).astimezone(UTC)
        found = Scope(start, end, region_prefix, request_type, caller)
        found.previous_start  # noqa: B018 - must be representable too
    except OverflowError as exc:
        raise InvalidInput(("统计时段超出可表示的日期范围", "the window lies outside the representable dates"), errors=[
            FieldProblem("received_from", "out of range")]) from exc
    if start >= end:
        raise InvalidInput(("received_from 须早于 received_to", "received_from must be before received_to"), errors=[
            FieldProblem("received_from", "must be before received_to")])
    if end - start > MAX_WINDOW:
        raise InvalidInput((f"统计时段最长 {MAX_WINDOW.days} 天", f"a window spans at most {MAX_WINDOW.days} days"),
                           errors=[
            FieldProblem("received_to", f"at most {MAX_WINDOW.days} days after received_from")])
    if region_prefix is not None and (not region_prefix.isdigit() or len(region_prefix) not in (2, 4, 6, 9, 12)):
        raise InvalidInput(("region_code 须为 2、4、6、9 或 12 位的行政区划代码前缀",
                            "region_code is a 2, 4, 6, 9 or 12 digit prefix"), errors=[
            FieldProblem("region_code", "2, 4, 6, 9 or 12 digits")])
    return found


def _filters(s: Scope, since) -> list:  # noqa: ANN001 - a datetime or a SQL expression
    where = [c.received_at >= since, c.received_at < s.end]
    if s.region_prefix:  # a plain prefix LIKE (a pattern_ops index serves it), plus its range for the plain index
        where += [c.region_code.like(s.region_prefix + "%"), c.region_code >= s.region_prefix]
        if s.region_prefix.strip("9"):  # "2199" ends before "2200"; an all-9 prefix has no end
            where.append(c.region_code < str(int(s.region_prefix) + 1).zfill(len(s.region_prefix)))
    if s.request_type:
        where.append(c.request_type == s.request_type)
    return where + (access.visible(s.caller) if s.caller else [])


_MERGED = or_(c.parent_id.isnot(None), c.status == Status.merged.value)  # a repeat of another order (dedupe)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _change(now: int, before: int) -> float | None:
    return round((now - before) / before, 4) if before else None


async def hotspots(engine: AsyncEngine, s: Scope, dimension: Dimension, *, granularity: Granularity = "day",
                   top: int = 10, min_count: int = 1) -> dict:
    """Buckets by matter, region or local time, busiest first, each against its previous window."""
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="REPEATABLE READ")  # one snapshot: shares add up to the total
        totals = (await conn.execute(_totals(s))).mappings().one()
        rows = (await conn.execute(_ranked(s, dimension, granularity, top, min_count))).mappings().all()
    total, before = totals["total"], totals["previous_total"]
    return {"dimension": dimension, "granularity": granularity if dimension == "time" else None,
            "window": s.window(), "filters": {"region_code": s.region_prefix, "request_type": s.request_type},
            "total": total, "previous_total": before, "change": _change(total, before),
            "repeat_requests": totals["repeat_requests"], "not_accepted": totals["not_accepted"],
            "buckets": [_bucket(dict(r), dimension, total) for r in rows], "generated_at": datetime.now(UTC)}


def _ranked(s: Scope, dimension: Dimension, granularity: Granularity, top: int, min_count: int):  # noqa: ANN202
    """The busiest buckets first; ties go to more repeat requests, then to the key."""
    agg = (_time_buckets(s, granularity) if dimension == "time" else _key_buckets(s, dimension)).subquery("agg")
    ranked = select(agg).where(agg.c.count >= min_count).order_by(*_busiest(agg)).limit(top)
    return _labelled(ranked.subquery("ranked")) if dimension == "matter" else ranked


def _busiest(buckets) -> tuple:  # noqa: ANN001 - a subquery with count, repeat_requests and key
    return buckets.c.count.desc(), buckets.c.repeat_requests.desc(), buckets.c.key.nulls_first()


def _totals(s: Scope):  # noqa: ANN202 - a select
    current, refused = c.received_at >= s.start, c.status == Status.not_accepted.value
    counted = and_(not_(_MERGED), not_(refused))
    return select(func.count().filter(and_(current, counted)).label("total"),
                  func.count().filter(and_(not_(current), counted)).label("previous_total"),
                  func.count().filter(and_(current, _MERGED)).label("repeat_requests"),
                  func.count().filter(and_(current, refused)).label("not_accepted"),
                  ).where(*_filters(s, s.previous_start))


def _rows(s: Scope, key, since):  # noqa: ANN001, ANN202 - the counted rows, keyed, not accepted left out
    return select(key.label("key"), c.request_type, _MERGED.label("merged"),
                  (c.received_at >= s.start).label("current")).where(
        *_filters(s, since), c.status != Status.not_accepted.value).subquery("counted")


def _counts(rows):  # noqa: ANN001, ANN202 - per-bucket aggregates over _rows
    counted = and_(rows.c.current, not_(rows.c.merged))
    return [func.count().filter(counted).label("count"),
            func.count().filter(and_(counted, rows.c.request_type.in_(COMPLAINTS))).label("complaints_reports"),
            func.count().filter(and_(rows.c.current, rows.c.merged)).label("repeat_requests")]


def _key_buckets(s: Scope, dimension: Dimension):  # noqa: ANN202 - a select
    rows = _rows(s, c.matter_code if dimension == "matter" else c.region_code, s.previous_start)
    before = func.count().filter(and_(not_(rows.c.current), not_(rows.c.merged))).label("previous_count")
    return select(rows.c.key, *_counts(rows), before).group_by(rows.c.key)


def _time_buckets(s: Scope, granularity: Granularity):  # noqa: ANN202 - a select
    """Each local day/week/month against the whole bucket before it; rows start one bucket early for that."""
    step = literal_column(f"interval '1 {granularity}'", Interval)  # a Literal, never client text
    first = func.date_trunc(granularity, func.timezone(TZ, literal(s.start)), type_=DateTime)
    local = func.date_trunc(granularity, func.timezone(TZ, c.received_at), type_=DateTime)
    rows = _rows(s, local, func.timezone(TZ, first - step))
    whole = func.count().filter(not_(rows.c.merged)).label("whole")
    per = select(rows.c.key, *_counts(rows), whole).group_by(rows.c.key).cte("per_bucket")
    prev = per.alias("prev")
    return select(per.c.key, per.c.count, per.c.complaints_reports, per.c.repeat_requests,
                  func.coalesce(prev.c.whole, 0).label("previous_count")).select_from(
        per.outerjoin(prev, prev.c.key == per.c.key - step))


def _labelled(ranked):  # noqa: ANN001, ANN202 - matter buckets with the catalog's names
    m, d = t.matter_copy, t.department_copy
    joined = ranked.outerjoin(m, m.c.code == ranked.c.key).outerjoin(d, d.c.code == m.c.department_code)
    names = (m.c.name.label("matter_name"), m.c.department_code, d.c.name.label("department_name"))
    return select(ranked, *names).select_from(joined).order_by(*_busiest(ranked))


def _bucket(r: dict, dimension: Dimension, total: int) -> dict:
    key = r.pop("key")
    if dimension == "time":
        key = label = key.date().isoformat()
    elif dimension == "matter":
        label = r.pop("matter_name") or key or "未分类"
        key = key or UNCLASSIFIED
    else:
        label = key
    return {"key": key, "label": label, **r, "share": _rate(r["count"], total),
            "change": _change(r["count"], r["previous_count"])}


async def departments(engine: AsyncEngine, s: Scope) -> dict:
    """Per lead unit (主办): volume, closed, overdue, satisfaction, returns, 重办 and 督办 of the scoped orders."""
    scoped = _scoped_orders(s)
    facts = _order_facts(scoped).union_all(_return_facts(scoped)).subquery("facts")
    sums = [func.sum(facts.c[k]).label(k) for k in ("volume", "closed", "overdue", "returns", "rehandles", "supervised")]
    rated = [func.count().filter(facts.c.evaluation == e.value).label(e.name) for e in Evaluation]
    per_unit = select(facts.c.unit, *sums, *rated).group_by(facts.c.unit).subquery("per_unit")
    d = t.department_copy
    stmt = select(per_unit, d.c.name.label("department_name")).select_from(
        per_unit.outerjoin(d, d.c.code == per_unit.c.unit)).order_by(
        per_unit.c.volume.desc(), per_unit.c.returns.desc(), per_unit.c.unit)
    async with engine.connect() as conn:
        rows = [_department(dict(r)) for r in (await conn.execute(stmt)).mappings()]
    return {"window": s.window(), "filters": {"region_code": s.region_prefix, "request_type": s.request_type},
            "departments": rows, "generated_at": datetime.now(UTC)}


def _scoped_orders(s: Scope):  # noqa: ANN202 - orders in scope that reached the loop (no repeats, no refusals)
    k = t.clock.c  # the order's handling clock: breached once signalled (platform_db.clocks)
    breached_at = select(k.breached_at).where(k.subject_type == "work_order", k.subject_id == c.id,
                                              k.kind == "handling").scalar_subquery().label("breached_at")
    return select(c.id, c.status, breached_at, c.lifecycle["lead_unit"].astext.label("lead_unit"),
                  c.lifecycle["evaluation"].astext.label("evaluation")).where(
        *_filters(s, s.start), not_(_MERGED), c.status != Status.not_accepted.value).cte("scoped")


def _order_facts(o):  # noqa: ANN001, ANN202 - one row per dispatched order, attributed to its current lead unit
    acts = (Action.rehandle.value, Action.supervise.value, Action.evaluate.value)
    rated = h.action == Action.evaluate.value
    newest_first = aggregate_order_by(h.details["evaluation"].astext, h.at.desc(), h.id.desc())
    per_order = select(
        h.work_order_id, func.count().filter(h.action == Action.rehandle.value).label("rehandles"),
        func.count().filter(h.action == Action.supervise.value).label("supervisions"),
        func.count().filter(rated).label("evaluations"), array_agg(newest_first).filter(rated)[1].label("last_evaluation"),
    ).where(h.work_order_id.in_(select(o.c.id)), h.action.in_(acts)).group_by(h.work_order_id).subquery("per_order")
    # the latest 评价: as recorded on the history row, else the order's own (cleared by 重办, which needs 不满意)
    latest = case((per_order.c.evaluations > 0, func.coalesce(
        per_order.c.last_evaluation, o.c.evaluation, Evaluation.dissatisfied.value)), else_=null())
    flag = lambda condition: cast(condition, Integer)  # noqa: E731 - 1 or 0, summed per unit
    return select(
        o.c.lead_unit.label("unit"), literal(1).label("volume"), flag(o.c.status.in_(CLOSED)).label("closed"),
        flag(o.c.breached_at.isnot(None)).label("overdue"), cast(latest, Text).label("evaluation"),
        literal(0).label("returns"), cast(func.coalesce(per_order.c.rehandles, 0), Integer).label("rehandles"),
        flag(func.coalesce(per_order.c.supervisions, 0) > 0).label("supervised"),
    ).select_from(o.outerjoin(per_order, per_order.c.work_order_id == o.c.id)).where(o.c.lead_unit.isnot(None))


def _return_facts(o):  # noqa: ANN001, ANN202 - one row per 退单, attributed to the unit that returned (its actor)
    zero = literal(0)
    return select(h.actor.label("unit"), zero.label("volume"), zero.label("closed"), zero.label("overdue"),
                  cast(null(), Text).label("evaluation"), literal(1).label("returns"), zero.label("rehandles"),
                  zero.label("supervised")).where(h.work_order_id.in_(select(o.c.id)),
                                                  h.action == Action.return_order.value)


def _department(r: dict) -> dict:
    evaluated = r["satisfied"] + r["basically_satisfied"] + r["dissatisfied"]  # the Evaluation member names
    return {"department_code": r.pop("unit"), **r, "evaluated": evaluated,
            "overdue_rate": _rate(r["overdue"], r["volume"]),
            "satisfaction_rate": _rate(r["satisfied"] + r["basically_satisfied"], evaluated)}
