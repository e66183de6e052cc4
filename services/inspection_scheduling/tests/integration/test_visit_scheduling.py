"""Scheduling visits: 综合查一次 (two departments' tasks for one enterprise in one window become one visit), the
yearly caps (E-3, E-4) refusing a routine visit and never a 个案 one (E-4, H-13, counted all the same), and the
repeat-visit warning (E-14)."""

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from inspection_scheduling.adapters import tables
from inspection_scheduling.adapters.visit_counts import year_counts
from inspection_scheduling.application.visit_scheduling import TaskRequest, VisitRequest, schedule
from platform_errors import InvalidInput

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _code() -> str:
    return "91" + "".join(CODE_CHARS[b % 31] for b in uuid.uuid4().bytes)[:16]


async def _entity(runtime, region: str) -> str:
    code = _code()
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.entity.insert().values(
            credit_code=code, name="东港市某某食品有限公司", kind="enterprise", industry="F", region_code=region,
            status="存续", credit_class="B", credit_as_of=date(2026, 10, 1)))
    return code


def _routine(code: str, dept: str, matter: str, window=(date(2026, 5, 1), date(2026, 5, 31)), kind="日常"):
    return VisitRequest(code, (TaskRequest(dept, matter, ("P1", "P2")),), dept, kind, *window)


async def _schedule(runtime, requests):
    svc = runtime.services
    async with runtime.uow() as uow:
        done = await schedule(uow, svc, requests, actor="test")
        await uow.commit()
    return done


async def _events(runtime, code: str, event_type: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == code))).scalars().all()
    return [h[h.index("ce_type") + 1] for h in headers].count(event_type)


async def test_two_departments_tasks_for_one_enterprise_in_one_window_become_one_visit(inspection, agency):
    _, runtime = inspection
    code = await _entity(runtime, agency.region)
    first, = await _schedule(runtime, [_routine(code, agency.department, agency.matters[0])])
    second, = await _schedule(runtime, [_routine(code, agency.neighbour, agency.neighbour_matters[0],
                                                 (date(2026, 5, 10), date(2026, 6, 10)))])
    assert not first.joined and second.joined and second.visit_id == first.visit_id
    async with runtime.engine.connect() as conn:
        visit = (await conn.execute(select(tables.visit).where(tables.visit.c.credit_code == code))).one()
        tasks = (await conn.execute(select(func.count()).where(tables.visit_task.c.visit_id == visit.id))).scalar()
        counts = (await year_counts(conn, 2026, [code]))[code]
    assert visit.departments == sorted([agency.department, agency.neighbour]) and tasks == 2
    assert visit.lead_department == agency.department
    assert (counts.combined, counts.agency(agency.department), counts.agency(agency.neighbour)) == (1, 1, 1)


async def test_e3_a_routine_visit_beyond_the_agencys_yearly_cap_is_refused_and_writes_nothing(inspection, agency):
    _, runtime = inspection
    code = await _entity(runtime, agency.region)
    months = [(date(2026, m, 1), date(2026, m, 5)) for m in (2, 5, 9)]
    done = [(await _schedule(runtime, [_routine(code, agency.department, agency.matters[0], w)]))[0] for w in months]
    assert [d.refused is None for d in done] == [True, True, False]
    assert done[2].refused.rule == "E-3" and done[2].refused.cap == 2
    async with runtime.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).where(tables.visit.c.credit_code == code))).scalar() == 2


async def test_e4_a_case_triggered_visit_beyond_the_cap_is_allowed_and_counted(inspection, agency):
    _, runtime = inspection
    code = await _entity(runtime, agency.region)
    for m in (2, 6):
        await _schedule(runtime, [_routine(code, agency.department, agency.matters[0],
                                           (date(2026, m, 1), date(2026, m, 5)))])
    lead = VisitRequest(code, (TaskRequest(agency.department, agency.matters[0]),), agency.department, "个案",
                        date(2026, 10, 8), date(2026, 10, 9), trigger="12345", trigger_ref="DG2026100800123")
    done, = await _schedule(runtime, [lead])
    assert done.refused is None and done.visit_id
    async with runtime.engine.connect() as conn:
        counts = (await year_counts(conn, 2026, [code]))[code]
    assert (counts.agency(agency.department), counts.combined, counts.case_triggered) == (2, 2, 1)


async def test_e4_a_case_triggered_visit_must_name_an_exempt_trigger(inspection, agency):
    _, runtime = inspection
    code = await _entity(runtime, agency.region)
    bad = VisitRequest(code, (TaskRequest(agency.department, agency.matters[0]),), agency.department, "个案",
                       date(2026, 10, 8), date(2026, 10, 9), trigger="whim")
    with pytest.raises(InvalidInput) as refused:
        await _schedule(runtime, [bad])
    assert refused.value.errors[0].field == "trigger"


async def test_e14_a_second_visit_within_the_warning_period_warns(inspection, agency):
    _, runtime = inspection
    code = await _entity(runtime, agency.region)
    await _schedule(runtime, [_routine(code, agency.department, agency.matters[0],
                                       (date(2026, 3, 2), date(2026, 3, 3)))])
    assert await _events(runtime, code, "visit.frequency_warned.v1") == 0
    lead = VisitRequest(code, (TaskRequest(agency.neighbour, agency.neighbour_matters[0]),), agency.neighbour, "个案",
                        date(2026, 3, 20), date(2026, 3, 20), trigger="complaint")
    await _schedule(runtime, [lead])
    assert await _events(runtime, code, "visit.frequency_warned.v1") == 1
    assert await _events(runtime, code, "visit.scheduled.v1") == 2
