"""Who sees and who changes what (OWASP API1): the verified caller's data scope over list_management's records.

- Reference data — 执法主体, the 执法事项目录 and published lists (四张清单 and 裁量基准 are published by law) — is
  read by any caller holding the read scope, inside its 行政区划.
- An agency's own records — its 执法人员 and its list drafts — are seen only by its own callers and by region-wide
  callers of its region; anyone else is told they do not exist (404).
- Changing a record needs, besides the scope, that its agency is one the caller acts for, or that the caller is
  region-wide in the record's region (`Caller.sees`); a caller that may see the record but not change it is
  refused (403). The service's own work (the demo loader) acts as `system_caller`, which sees everything.

The same rules are written twice, once for one record (Python) and once as SQL filters for lists, side by side.
"""

from sqlalchemy import ColumnElement, Select, and_, or_, select

from list_management.adapters import tables as t
from list_management.domain.errors import NotFound, NotPermitted
from list_management.domain.versioning import Status
from platform_errors import Text
from platform_identity import Caller, sql

DRAFT = Status.draft.value


# -- one record --------------------------------------------------------------------------------------------

def reads_reference(caller: Caller, region_code: str | None) -> bool:
    """A department, a matter, a published list: anywhere in the caller's region."""
    return caller.in_region(region_code)


def reads_own(caller: Caller, agency: str, region_code: str | None) -> bool:
    """An officer, a draft: only the agency's own callers and region-wide callers of its region."""
    return caller.sees(agency, region_code)


def reads_list(caller: Caller, agency: str, region_code: str | None, status: str) -> bool:
    return reads_own(caller, agency, region_code) if status == DRAFT else reads_reference(caller, region_code)


def found(visible: bool, what: Text) -> None:
    """A record the caller may not see is answered as one that does not exist (no existence leak). `what` names the
    record in Chinese and English (`("执法事项 X", "matter X")`); a name in English alone is answered in English."""
    if not visible:
        if isinstance(what, str):
            raise NotFound(f"{what} does not exist")
        raise NotFound((f"{what[0]} 不存在", f"{what[1]} does not exist"))


def may_change(caller: Caller, agency: str, region_code: str | None, what: Text) -> None:
    if not caller.sees(agency, region_code):
        en = (f"{what if isinstance(what, str) else what[1]} belongs to {agency}: the caller ({caller.client_id}) "
              f"neither acts for it nor is region-wide in its region, so it may not change it")
        if isinstance(what, str):
            raise NotPermitted(en)
        raise NotPermitted((f"{what[0]} 属于执法主体 {agency}，调用方 {caller.client_id} 既不代表该执法主体，"
                            f"也不具有其所在区域的区域范围权限，无权变更", en))


# -- SQL filters for lists and reports ---------------------------------------------------------------------

def region_departments(caller: Caller) -> Select:
    """Codes of the departments of the caller's region (reference data may be read there)."""
    return select(t.department.c.code).where(sql.in_region(caller, t.department.c.region_code))


def own_departments(caller: Caller) -> Select:
    """Codes of the departments whose own records the caller sees (`Caller.sees`): inside a region-wide caller's
    region, or the caller's own agencies."""
    d = t.department.c
    if caller.region_wide:
        return select(d.code).where(sql.within(caller, d.region_code))
    return region_departments(caller).where(d.code.in_(list(caller.agencies)))


def reference_of(department_column: ColumnElement, caller: Caller) -> ColumnElement[bool]:
    return department_column.in_(region_departments(caller))


def own_of(department_column: ColumnElement, caller: Caller) -> ColumnElement[bool]:
    return department_column.in_(own_departments(caller))


def lists_seen(caller: Caller) -> ColumnElement[bool]:
    lv = t.list_version.c
    return and_(reference_of(lv.department_code, caller), or_(lv.status != DRAFT, own_of(lv.department_code, caller)))
