"""`Caller`'s data scope as SQL conditions, so lists and reports filter in the database exactly as `Caller.sees`
decides for one record (OWASP API1): one definition next to the rule it mirrors, for every service's tables."""

from sqlalchemy import ColumnElement, Text, and_, false, func, literal, or_, true

from platform_identity.caller import Caller


def in_region(caller: Caller, region: ColumnElement) -> ColumnElement[bool]:
    """SQL of `Caller.in_region`: the record's 行政区划 and the caller's nest, either way (NULL: no region)."""
    if not caller.region:
        return true()
    mine = literal(caller.region, Text)
    return or_(region.is_(None), func.starts_with(region, mine), func.starts_with(mine, region))


def within(caller: Caller, region: ColumnElement) -> ColumnElement[bool]:
    """SQL of `Caller.within`: the record lies inside the caller's region (NULL: no region)."""
    if not caller.region:
        return true()
    return or_(region.is_(None), func.starts_with(region, literal(caller.region, Text)))


def sees(caller: Caller, agency: ColumnElement, region: ColumnElement) -> ColumnElement[bool]:
    """SQL of `Caller.sees` for a row's agency and region columns."""
    if caller.region_wide:
        return within(caller, region)
    if not caller.agencies:
        return false()
    return and_(in_region(caller, region), agency.in_(caller.agencies))
