"""Who may see a work order and who acts on it: the caller's data scope (OWASP API1) and the unit acting (H-9).

The 12345 platform and other region-wide callers see every order of their 行政区划; a handling unit's system
(data scope `agency`) sees only the orders dispatched to one of its agencies, as 主办 or 协办. An order another
caller may not see does not exist for it (404). What a caller may *do* is decided by its scopes: the centre's acts
need `workorders:dispatch`, a unit's own acts `workorders:handle`, and a unit acts only as itself (H-9).
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Text, false, or_
from sqlalchemy.dialects.postgresql import array

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.domain.lifecycle import Action
from platform_errors import FieldProblem, NotPermitted
from platform_identity import Caller
from platform_identity import sql as region_sql

READ, WRITE, DISPATCH, HANDLE = "workorders:read", "workorders:write", "workorders:dispatch", "workorders:handle"
#: A handling unit's own acts on an order dispatched to it (H-2, H-7, H-9); every other action is the centre's.
UNIT_ACTIONS = frozenset({Action.sign, Action.return_order, Action.handle, Action.reply, Action.request_extension})


def scope_for(action: Action) -> str:
    """The scope an action needs besides `workorders:read`: the unit's (handle) or the centre's (dispatch)."""
    return HANDLE if action in UNIT_ACTIONS else DISPATCH


def units_of(lifecycle: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The units an order is dispatched to: its lead unit (主办) and co-units (协办)."""
    saved = lifecycle or {}
    return tuple(u for u in (saved.get("lead_unit"), *saved.get("co_units", ())) if u)


def sees(caller: Caller, row: Mapping[str, Any]) -> bool:
    """May the caller see this order (a row with `region_code` and `lifecycle`)?"""
    if caller.region_wide:
        return caller.within(row["region_code"])
    return caller.in_region(row["region_code"]) and any(caller.acts_for(unit) for unit in units_of(row["lifecycle"]))


def visible(caller: Caller) -> list[ColumnElement[bool]]:
    """`sees` as SQL conditions on work_order, for lists and aggregates (empty: the caller sees every order).
    An order's code may be a township's or a village's (9, 12 digits): it lies inside its county's region."""
    c = t.work_order.c
    if caller.region_wide:
        return [region_sql.within(caller, c.region_code)]
    agencies = list(caller.agencies)
    lead_or_co = or_(c.lifecycle["lead_unit"].astext.in_(agencies),
                     c.lifecycle["co_units"].has_any(array(agencies, type_=Text))) if agencies else false()
    return [region_sql.in_region(caller, c.region_code), lead_or_co]


def check_may_receive(caller: Caller, region_code: str) -> None:
    """An order is received by a region-wide system (the 12345 platform) for its own region; a unit's system
    receives none — orders reach a unit by 派单."""
    problem = outside_region(caller, region_code)
    if problem:
        raise NotPermitted(problem, errors=[FieldProblem("region_code", problem[1])])


def outside_region(caller: Caller, region_code: str) -> tuple[str, str] | None:
    """Why the caller may not receive an order of `region_code` (Chinese, English), or None when it may."""
    if not caller.region_wide:
        return ("承办单位的系统不接收工单：工单经派单到达承办单位",
                "a handling unit's system receives no orders: they reach it by 派单 (dispatch)")
    if not caller.within(region_code):
        return (f"{region_code} 不在调用方的行政区划 {caller.region} 内",
                f"{region_code} is outside the caller's region {caller.region}")
    return None


def acting_unit(caller: Caller, named: str | None, lead_unit: str | None) -> str:
    """The unit acting (签收, 退单, 办理, 回复, 延期申请): one of the caller's own agencies — the one the body names,
    else the order's lead unit — never a unit the caller does not act for (H-9)."""
    unit = named or lead_unit
    if not caller.acts_for(unit):
        mine, mine_zh = ", ".join(caller.agencies) or "no unit", "、".join(caller.agencies) or "（无）"
        raise NotPermitted((f"调用方所代表的单位为 {mine_zh}，不能以 {unit or '本工单的主办单位'} 的名义办理",
                            f"the caller acts for {mine}, not for {unit or 'the lead unit of this order'}"),
                           rule="H-9", unit=unit)
    return unit  # type: ignore[return-value] - acts_for(None) is False


def signature(caller: Caller) -> dict[str, str | None]:
    """The verified caller as a history line records it (beside the unit acting, for a unit's act)."""
    return {"actor": caller.actor, "client_id": caller.client_id, "acting_client": caller.acting_client}

