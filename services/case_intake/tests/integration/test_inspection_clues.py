"""A problem found on an inspection becomes a 案源线索 (S-1), as hotline leads do: from the event directly, and
end to end over the real broker from a running inspection_scheduling, whose relay publishes what its visit
records and whose consumer group of its own shares no partitions with that service's own tests."""

import random
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from case_intake.adapters import tables
from inspection_scheduling import bootstrap as is_bootstrap
from inspection_scheduling.adapters import tables as is_tables
from inspection_scheduling.api.app import create_app as create_inspection_scheduling
from inspection_scheduling.settings import Settings as InspectionSettings
from platform_calendar import WorkCalendar, shanghai_date
from platform_devstack.pytest_plugin import service_settings
from platform_events.contracts import inspection_scheduling as isc
from platform_events.contracts import list_management as lm

TOPICS_FILE = Path(__file__).resolve().parents[4] / "deploy" / "topics.yaml"
CAL = WorkCalendar(unknown_year="provisional")
LM, IS = "/services/list_management", "/services/inspection_scheduling"


def credit_code() -> str:
    return "91" + "".join(random.choices("0123456789", k=6)) + "".join(random.choices("0123456789ABCDEFGHJKLMNPQRTUWXY",
                                                                                     k=10))


async def clue_of(client, source_ref: str) -> dict | None:
    items = (await client.get("/api/v1/clues", params={"source_ref": source_ref})).json()["items"]
    return items[0] if items else None


async def test_s1_a_problem_found_on_an_inspection_becomes_one_clue_with_its_clock_from_the_visit_day(
        case_intake, emit, eventually):
    client, runtime = case_intake
    visit_id, task_id, code = str(uuid.uuid4()), str(uuid.uuid4()), credit_code()
    found = isc.InspectionProblemFound(
        visit_id=visit_id, visit_code="K7M2Q9TX4P", credit_code=code, region_code="210681",
        lead_department="DGSCJG", departments=["DGSCJG"], inspection_type="日常", task_id=task_id,
        department_code="DGSCJG", matter_code="DGSCJG-JC-001", entity_name="东港市某某食品有限公司",
        found_on=date(2026, 11, 20), finding="未公示食品经营许可证", inspectors=["P1", "P2"], rule_ids=["E-9"])
    ids = [await emit(found, code, source=IS) for _ in range(2)]  # a retry by the producer: a new ce_id
    clue = await eventually(lambda: clue_of(client, f"{visit_id}:{task_id}"))
    i = tables.inbox.c

    async def both_handled() -> bool:
        async with runtime.engine.connect() as conn:
            return len((await conn.execute(select(i.event_id).where(i.event_id.in_(ids)))).all()) == 2

    await eventually(both_handled)
    full = (await client.get(f"/api/v1/clues/{clue['id']}")).json()
    assert full["source"] == "检查发现" and full["department_code"] == "DGSCJG"
    assert full["party"]["credit_code"] == code and full["matter_code"] == "DGSCJG-JC-001"
    assert full["filing_clock"]["due_on"] == CAL.add_working_days(date(2026, 11, 20), 15).due.isoformat()
    async with runtime.engine.connect() as conn:
        n = (await conn.execute(select(func.count()).where(tables.clue.c.source_ref == f"{visit_id}:{task_id}")))
        assert n.scalar_one() == 1


@pytest.fixture(scope="module")
async def inspection_scheduling(local_stack):
    kwargs = await service_settings(local_stack, "inspection_scheduling_for_case_intake",
                                    is_bootstrap.migrations_dir(), TOPICS_FILE)
    kwargs["consumer"] |= {"group_id": "inspection_scheduling_for_case_intake"}
    app = create_inspection_scheduling(InspectionSettings(**kwargs, deadline_scan_interval_s=3600))
    headers = await local_stack.tokens.for_app(app)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://is",
                                     headers=headers) as client:
            yield client, app.state.container


async def _agency(producer_emit, runtime, eventually) -> tuple[str, str, list[str]]:
    """An agency with two certified inspectors and a published inspection matter list, as list_management sends."""
    dept = f"IC{uuid.uuid4().hex[:6].upper()}"
    await producer_emit(lm.DepartmentRegistered(code=dept, name=f"东港市市场监督管理局{dept}", region_code="210681",
                                                sector="市场监管", kind="行政机关"), dept, source=LM)
    people = [f"{dept}-P{i}" for i in (1, 2)]
    for p in people:
        await producer_emit(lm.PersonnelRegistered(
            person_no=p, name=f"检查员{p[-2:]}", department_code=dept, certificate_no=f"ZF{p}",
            certificate_type="行政执法证", valid_from=date(2020, 1, 1), valid_to=date(2030, 12, 31), status="valid",
            enforcement_areas=["市场监管"], legal_professional_qualification=False, auxiliary=False), p, source=LM)
    matter = f"{dept}-JC-001"
    await producer_emit(lm.InspectionMatterListPublished(
        list_id=str(uuid.uuid4()), kind="inspection_matter_list", series_key=f"{dept}:inspection_matter_list",
        version=1, department_code=dept, title="随机抽查事项清单", effective_from=date(2026, 1, 1),
        published_at="2026-01-05T09:00:00+08:00", body={"kind": "inspection_matter_list", "matters": [
            {"matter_code": matter, "sub_item": "", "basis": "《食品安全法》", "objects": "食品经营者",
             "ratio_percent": "5", "frequency_per_year": 1, "method": "现场检查", "inspector_requirements": ""}]}),
        dept, source=LM)

    async def copied() -> bool:
        async with runtime.engine.connect() as conn:
            m = is_tables.inspection_matter.c
            d = is_tables.department_copy.c  # each copy comes by its own topic: wait for all three
            return (await conn.execute(select(m.matter_code).where(m.matter_code == matter))).first() is not None \
                and (await conn.execute(select(d.code).where(d.code == dept))).first() is not None \
                and len((await conn.execute(select(is_tables.officer_copy.c.person_no).where(
                    is_tables.officer_copy.c.department_code == dept))).all()) == 2

    await eventually(copied)
    return dept, matter, people


async def test_a_problem_found_on_a_visit_becomes_a_clue_in_case_intake(case_intake, inspection_scheduling, emit,
                                                                       eventually):
    client, _ = case_intake
    is_client, is_runtime = inspection_scheduling
    dept, matter, people = await _agency(emit, is_runtime, eventually)
    code, today = credit_code(), shanghai_date(datetime.now(UTC)).isoformat()
    async with is_runtime.engine.begin() as conn:
        await conn.execute(is_tables.entity.insert().values(
            credit_code=code, name="东港市某某超市有限公司", kind="enterprise", industry="F", region_code="210681",
            status="存续", credit_class="C", credit_as_of=date(2026, 1, 1)))
    visit = (await is_client.post("/api/v1/visits", json={
        "credit_code": code, "department_code": dept, "inspection_type": "个案", "trigger": "12345",
        "matter_codes": [matter], "window_from": today, "window_to": today})).json()
    await is_client.post(f"/api/v1/visits/{visit['id']}/approval")
    task = visit["tasks"][0]["id"]
    done = await is_client.post(f"/api/v1/visits/{visit['id']}/results", json={
        "visited_on": today, "record": {"inspectors": people, "started_at": f"{today}T09:00:00+08:00",
                                        "ended_at": f"{today}T10:00:00+08:00", "checked": "许可证公示",
                                        "representative_signed": True},
        "results": [{"task_id": task, "result": "problem_found", "finding": "未公示食品经营许可证"}]})
    assert done.status_code == 200, done.text
    clue = await eventually(lambda: clue_of(client, f"{visit['id']}:{task}"))
    assert clue["source"] == "检查发现" and clue["department_code"] == dept and clue["matter_code"] == matter
    full = (await client.get(f"/api/v1/clues/{clue['id']}")).json()
    assert full["party"] == full["party"] | {"name": "东港市某某超市有限公司", "credit_code": code}
    assert "未公示食品经营许可证" in full["description"]
