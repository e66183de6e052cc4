"""Statistics for supervisors (issue: reviews per department, pass rate, corrections by checklist item, average and
overdue review time, case-file grades). Review time counts working days from receipt to conclusion (L-6).

Every figure counts only what the caller's data scope reaches (filtered in SQL): the supervising 司法局 its region's
agencies, an agency's system its own."""

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import and_, select

from legality_review.adapters import tables as t
from legality_review.adapters.data_scope import sees
from legality_review.application.services import Services
from legality_review.domain.checklist import LABELS, Check
from legality_review.domain.rubric import Grade
from platform_identity import Caller

r, fr, rc, k = t.review.c, t.file_review.c, t.rectification.c, t.clock.c


async def reviews(svc: Services, caller: Caller, *, received_from: date, received_to: date,
                  department_code: str | None) -> dict:
    on = and_(k.subject_type == "review", k.subject_id == r.id, k.kind == "review")
    stmt = select(r.department_code, r.round, r.status, r.outcome, r["items"].label("checks"), r.received_on,
                  r.concluded_on, k.due_on, k.breached_at).select_from(t.review.join(t.clock, on)).where(
        r.received_on >= received_from, r.received_on <= received_to, sees(caller, r.department_code, r.region_code))
    if department_code:
        stmt = stmt.where(r.department_code == department_code)
    async with svc.uows() as uow:
        rows = (await uow.session.execute(stmt)).all()
    today, by_dept = svc.today(), defaultdict(list)
    for row in rows:
        by_dept[row.department_code].append(row)
    return {"received_from": received_from, "received_to": received_to,
            "departments": [_department(code, by_dept[code], svc, today) for code in sorted(by_dept)],
            "total": _department(None, rows, svc, today)}


def _department(code: str | None, rows: list, svc: Services, today: date) -> dict:
    concluded = [x for x in rows if x.status == "concluded"]
    outcomes = Counter(x.outcome for x in concluded)
    first_rounds = [x for x in concluded if x.round == 1]
    corrections = Counter(i["check"] for x in concluded for i in x.checks or () if i["result"] == "problem")
    days = [svc.calendar.working_days_between(x.received_on, x.concluded_on) for x in concluded]
    late = [x for x in rows if x.breached_at is not None or (x.concluded_on or today) > x.due_on]
    return {"department_code": code, "received": len(rows), "concluded": len(concluded),
            "open": len(rows) - len(concluded), "outcomes": dict(outcomes),
            "pass_rate": _ratio(outcomes.get("同意", 0), len(concluded)),
            "first_round_pass_rate": _ratio(sum(1 for x in first_rounds if x.outcome == "同意"), len(first_rounds)),
            "corrections_by_check": [{"check": c.value, "label": LABELS[c], "count": corrections.get(c.value, 0)}
                                     for c in Check],
            "average_review_wd": round(sum(days) / len(days), 2) if days else None,
            "overdue": len(late), "open_overdue": sum(1 for x in late if x.status != "concluded")}


async def file_reviews(svc: Services, caller: Caller, *, campaign_id: str | None, graded_from: date | None,
                       graded_to: date | None) -> dict:
    stmt = select(fr.department_code, fr.grade, fr.total).where(fr.status == "graded",
                                                                 sees(caller, fr.department_code, fr.region_code))
    items = select(rc.department_code, rc.status, rc.due_on, rc.overdue).where(
        sees(caller, rc.department_code, rc.region_code))
    if campaign_id:
        stmt, items = stmt.where(fr.campaign_id == campaign_id), items.where(rc.campaign_id == campaign_id)
    if graded_from:
        stmt = stmt.where(fr.graded_on >= graded_from)
    if graded_to:
        stmt = stmt.where(fr.graded_on <= graded_to)
    async with svc.uows() as uow:
        graded, open_items = (await uow.session.execute(stmt)).all(), (await uow.session.execute(items)).all()
    today, out = svc.today(), {}
    for code in sorted({x.department_code for x in graded} | {x.department_code for x in open_items}):
        mine = [x for x in graded if x.department_code == code]
        its = [x for x in open_items if x.department_code == code]
        out[code] = {"department_code": code, "graded": len(mine),
                     "grades": {g.value: sum(1 for x in mine if x.grade == g.value) for g in Grade},
                     "average_score": round(sum(x.total for x in mine) / len(mine), 2) if mine else None,
                     "rectifications": {"open": sum(1 for x in its if x.status == "open"),
                                        "closed": sum(1 for x in its if x.status == "closed"),
                                        "overdue": sum(1 for x in its if x.overdue or
                                                       (x.status == "open" and x.due_on < today))}}
    return {"campaign_id": campaign_id, "departments": list(out.values())}


async def reviewer_staffing(svc: Services, caller: Caller, department_code: str | None) -> dict:
    """L-8: 法制审核 staff against enforcement staff per agency (valid status, auxiliaries not counted). The often
    quoted 5 % has no confirmed source, so falling short is a warning for supervisors, never a refusal."""
    o, d = t.officer_copy.c, t.department_copy.c
    stmt = (select(o.department_code, o.areas)
            .select_from(t.officer_copy.outerjoin(t.department_copy, d.code == o.department_code))
            .where(o.status == "valid", o.auxiliary.is_(False), sees(caller, o.department_code, d.region_code)))
    if department_code:
        stmt = stmt.where(o.department_code == department_code)
    async with svc.uows() as uow:
        rows = (await uow.session.execute(stmt)).all()
    threshold, area = svc.rules.staff_ratio_warning, svc.rules.reviewer_area
    staff, reviewers = Counter(x.department_code for x in rows), Counter(
        x.department_code for x in rows if area in x.areas)
    return {"threshold": threshold, "rule": "L-8", "departments": [
        {"department_code": code, "enforcement_staff": staff[code], "reviewers": reviewers[code],
         "ratio": _ratio(reviewers[code], staff[code]), "warning": reviewers[code] < threshold * staff[code]}
        for code in sorted(staff)]}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
