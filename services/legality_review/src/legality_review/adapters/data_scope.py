"""Data scope (OWASP API1, BOLA) as SQL: the rows a verified caller may see, as WHERE clauses.

`sees` is `platform_identity.Caller.sees` for a whole table at once: a region-wide caller (the 司法局, the province)
sees every agency of its region, an agency's system only its own agencies; a record without a region is bounded by
its agency alone. Lists filter with these in SQL; one record asked for by id is found only through them (404).
"""

from sqlalchemy import Text, and_, bindparam, false, func, or_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import ColumnElement

from legality_review.adapters import tables as t
from platform_identity import Caller
from platform_identity.sql import in_region, sees

__all__ = ["campaign_visible", "review_visible", "sees"]

r, cp = t.review.c, t.campaign.c


def review_visible(caller: Caller) -> ColumnElement[bool]:
    """A round of an agency the caller sees — or one assigned to the caller in person (a reviewer pooled from
    another agency of the region, L-9, reads and concludes what it was given)."""
    seen = sees(caller, r.department_code, r.region_code)
    return or_(seen, r.reviewer == caller.person) if caller.person else seen


def campaign_visible(caller: Caller) -> ColumnElement[bool]:
    """A 案卷评查 campaign of the caller's region; for an agency, one that covers it (named, or all agencies)."""
    where = in_region(caller, cp.region_code)
    if caller.region_wide:
        return where
    if not caller.agencies:
        return false()
    mine = bindparam(None, list(caller.agencies), ARRAY(Text))
    return and_(where, or_(func.jsonb_array_length(cp.department_codes) == 0, cp.department_codes.has_any(mine)))
