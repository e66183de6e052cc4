"""Plans over HTTP: annual, campaign and joint plans with their tasks, approved (E-9), filed and published (E-13)
with their events in the outbox, tasks only on published matter lists (E-2), each caller seeing its own plans."""

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from inspection_scheduling.adapters import tables
from inspection_scheduling.application.plans import published_task
from platform_errors import NotFound, RuleViolation

NEXT_YEAR = max(2027, date.today().year + 1)  # its filing deadline (31 March) is still ahead
W = {"window_from": f"{NEXT_YEAR}-04-01", "window_to": f"{NEXT_YEAR}-10-31"}


def task(agency, **changes) -> dict:
    return {"title": "食品经营者日常监督抽查", "departments": [agency.department], "matter_codes": [agency.matters[0]],
            "region_codes": [agency.region], **W} | changes


def plan(agency, **changes) -> dict:
    return {"kind": "annual", "title": f"{NEXT_YEAR} 年度双随机抽查计划", "year": NEXT_YEAR,
            "initiating_department": agency.department, "tasks": [task(agency)]} | changes


async def approver(tokens) -> dict:
    return await tokens.headers("plans:approve", region="", data_scope="region", person=f"P-{uuid.uuid4().hex[:8]}")


async def created(client, body: dict) -> dict:
    answer = await client.post("/api/v1/plans", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def published(client, tokens, body: dict) -> dict:
    p = await created(client, body)
    assert (await client.post(f"/api/v1/plans/{p['id']}/approval", headers=await approver(tokens))).status_code == 200
    assert (await client.post(f"/api/v1/plans/{p['id']}/filing", json={"filed_with": "东港市人民政府"})).status_code == 200
    answer = await client.post(f"/api/v1/plans/{p['id']}/publication")
    assert answer.status_code == 200, answer.text
    return answer.json()


async def outbox(runtime, plan_id: str) -> list[tuple[str, dict]]:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(o.headers, o.payload).where(o.message_key == plan_id).order_by(o.id))).all()
    return [(h[h.index("ce_type") + 1], json.loads(payload)) for h, payload in rows]


async def test_e2_a_task_naming_an_unpublished_matter_is_refused(inspection, agency):
    client, _ = inspection
    # a matter on no list, and the neighbour's matter in a task of the department alone
    body = plan(agency, tasks=[task(agency, matter_codes=[agency.matters[0], f"{agency.department}-JC-999",
                                                         agency.neighbour_matters[0]])])
    answer = await client.post("/api/v1/plans", json=body)
    assert answer.status_code == 422 and answer.json()["rule"] == "E-2", answer.text
    problems = answer.json()["errors"]
    assert {e["field"] for e in problems} == {"tasks.0.matter_codes"}
    assert sorted(e["message"].split(" ")[0] for e in problems) == sorted([f"{agency.department}-JC-999",
                                                                          agency.neighbour_matters[0]])
    listed = await client.get("/api/v1/plans", params={"department_code": agency.department})
    assert listed.json()["items"] == []  # nothing written


async def test_e2_a_matter_list_not_yet_in_force_over_the_window_is_refused(inspection, agency):
    client, _ = inspection
    early = {"window_from": "2026-01-01", "window_to": "2026-02-01"}
    ok = await client.post("/api/v1/plans", json=plan(agency, year=2026, tasks=[task(agency, **early)]))
    assert ok.status_code == 201, ok.text  # the list is in force from 2026-01-01
    m = tables.inspection_matter.c
    async with inspection[1].engine.begin() as conn:
        await conn.execute(tables.inspection_matter.update().where(m.department_code == agency.department)
                           .values(effective_from=date(2026, 1, 15)))
    late = await client.post("/api/v1/plans", json=plan(agency, year=2026, tasks=[task(agency, **early)]))
    assert late.status_code == 422 and late.json()["rule"] == "E-2"


async def test_r3_r9_a_joint_plan_names_its_cooperating_departments_who_read_it_but_do_not_edit_it(
        inspection, agency, tokens):
    client, _ = inspection
    alone = await client.post("/api/v1/plans", json=plan(agency, kind="joint"))
    assert alone.status_code == 422 and [e["field"] for e in alone.json()["errors"]] == ["cooperating_departments"]
    joint = await created(client, plan(agency, kind="joint", cooperating_departments=[agency.neighbour], tasks=[
        task(agency, departments=[agency.department, agency.neighbour],
             matter_codes=[agency.matters[0], agency.neighbour_matters[0]])]))
    assert joint["departments"] == [agency.department, agency.neighbour]
    assert joint["tasks"][0]["inspection_type"] == "日常"
    neighbour = await tokens.headers(["plans:read", "plans:write"], agencies=[agency.neighbour], region=agency.region)
    seen = await client.get(f"/api/v1/plans/{joint['id']}", headers=neighbour)
    assert seen.status_code == 200 and seen.json()["tasks"][0]["departments"] == [agency.department, agency.neighbour]
    listed = await client.get("/api/v1/plans", headers=neighbour, params={"department_code": agency.neighbour})
    assert [x["id"] for x in listed.json()["items"]] == [joint["id"]]
    edit = await client.put(f"/api/v1/plans/{joint['id']}", headers=neighbour,
                            json=plan(agency, kind="joint", cooperating_departments=[agency.neighbour], title="改"))
    assert edit.status_code == 403 and edit.json()["rule"] == "R-9"


async def test_e6_a_campaign_states_its_quota_and_counts_the_inspections_made_under_it(inspection, agency):
    client, runtime = inspection
    missing = await client.post("/api/v1/plans", json=plan(agency, kind="campaign", title="食品安全专项检查"))
    assert missing.status_code == 422 and [e["field"] for e in missing.json()["errors"]] == ["quota"]
    campaign = await created(client, plan(agency, kind="campaign", title="食品安全专项检查", quota=3))
    assert campaign["tasks"][0]["inspection_type"] == "专项"
    assert (campaign["quota"], campaign["inspections_used"], campaign["remaining_quota"]) == (3, 0, 3)
    async with runtime.engine.begin() as conn:
        for status, matters in (("done", agency.matters), ("cancelled", agency.matters[:1])):
            visit_id = str(uuid.uuid4())
            await conn.execute(tables.visit.insert().values(
                id=visit_id, visit_code=uuid.uuid4().hex[:16], credit_code="91330203MA2AXXXX1X", entity_name="某公司",
                region_code=agency.region, lead_department=agency.department, departments=[agency.department],
                inspection_type="专项", window_from=date(NEXT_YEAR, 4, 1), window_to=date(NEXT_YEAR, 10, 31),
                status=status, year=NEXT_YEAR, created_by="test", updated_by="test"))
            for matter in matters:
                await conn.execute(tables.visit_task.insert().values(
                    id=str(uuid.uuid4()), visit_id=visit_id, plan_id=campaign["id"],
                    department_code=agency.department, matter_code=matter))
    read = (await client.get(f"/api/v1/plans/{campaign['id']}")).json()
    assert (read["inspections_used"], read["remaining_quota"]) == (1, 2)  # one visit, two matters; cancelled not


async def test_r5_r6_default_ratios_come_from_configuration(inspection, agency):
    client, runtime = inspection
    stated = {"A": 3, "B": 10, "C": 50, "D": 100}
    p = await created(client, plan(agency, tasks=[task(agency), task(agency, ratio_by_class=stated)]))
    assert p["tasks"][0]["ratio_by_class"] == runtime.services.rules.ratio_by_class == {
        "A": 5.0, "B": 20.0, "C": 60.0, "D": 100.0}
    assert p["tasks"][1]["ratio_by_class"] == stated
    bad = await client.post(f"/api/v1/plans/{p['id']}/tasks", json=task(agency, ratio_by_class={"A": 5, "B": 120}))
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"ratio_by_class.B"}


async def test_e9_a_plan_is_approved_by_a_person_other_than_its_creator_and_then_no_longer_edited(
        inspection, agency, tokens):
    client, _ = inspection
    creator = await tokens.headers(["plans:write", "plans:read", "plans:approve"], agencies=[agency.department],
                                   region=agency.region, person=f"{agency.department}-P1")
    p = (await client.post("/api/v1/plans", json=plan(agency), headers=creator)).json()
    system = await client.post(f"/api/v1/plans/{p['id']}/approval")  # the integrator's client: no person
    own = await client.post(f"/api/v1/plans/{p['id']}/approval", headers=creator)
    assert (system.status_code, system.json()["rule"], own.status_code, own.json()["rule"]) == (403, "E-9", 403, "E-9")
    headers = await approver(tokens)
    approved = await client.post(f"/api/v1/plans/{p['id']}/approval", headers=headers)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] not in (None, f"{agency.department}-P1")
    edit = await client.put(f"/api/v1/plans/{p['id']}", json=plan(agency, title="改"), headers=creator)
    more = await client.post(f"/api/v1/plans/{p['id']}/tasks", json=task(agency), headers=creator)
    assert (edit.status_code, more.status_code) == (409, 409)
    empty = await created(client, plan(agency, tasks=[]))
    bare = await client.post(f"/api/v1/plans/{empty['id']}/approval", headers=headers)
    assert bare.status_code == 409 and bare.json()["rule"] == "E-9"


async def test_e13_a_plan_filed_after_the_deadline_is_marked_late(inspection, agency, tokens):
    client, runtime = inspection
    early = {"window_from": "2026-05-01", "window_to": "2026-06-30"}  # 2026's deadline, 31 March, has passed
    late = await published(client, tokens, plan(agency, year=2026, tasks=[task(agency, **early)]))
    on_time = await published(client, tokens, plan(agency))
    assert (late["filing_due_on"], late["filed_late"]) == ("2026-03-31", True)
    assert (on_time["filing_due_on"], on_time["filed_late"]) == (f"{NEXT_YEAR}-03-31", False)
    filed = {p["id"]: [e for kind, e in await outbox(runtime, p["id"]) if kind == "plan.filed.v1"]
             for p in (late, on_time)}
    assert [e["late"] for e in filed[late["id"]]] == [True] and [e["late"] for e in filed[on_time["id"]]] == [False]
    assert filed[late["id"]][0]["filed_with"] == "东港市人民政府"


async def test_e13_only_a_published_plans_task_is_handed_to_a_draw(inspection, agency, tokens):
    client, runtime = inspection
    draft = await created(client, plan(agency))
    live = await published(client, tokens, plan(agency, kind="joint", cooperating_departments=[agency.neighbour]))
    async with runtime.services.uows() as uow:
        with pytest.raises(RuleViolation) as refused:
            await published_task(uow.session, draft["tasks"][0]["id"])
        assert refused.value.rule == "E-13"
        with pytest.raises(NotFound):
            await published_task(uow.session, str(uuid.uuid4()))
        found = await published_task(uow.session, live["tasks"][0]["id"])
    assert (found["plan_id"], found["plan_status"], found["kind"], found["year"]) == (live["id"], "published",
                                                                                     "joint", NEXT_YEAR)
    assert found["plan_departments"] == [agency.department, agency.neighbour]
    assert found["region_code"] == agency.region and found["matter_codes"] == [agency.matters[0]]
    gone = await client.post(f"/api/v1/plans/{live['id']}/withdrawal", json={"reason": "上级统一部署调整"})
    assert gone.json()["status"] == "withdrawn" and gone.json()["withdrawn_reason"] == "上级统一部署调整"
    async with runtime.services.uows() as uow:
        with pytest.raises(RuleViolation):
            await published_task(uow.session, live["tasks"][0]["id"])


async def test_a_step_out_of_order_is_an_invalid_transition(inspection, agency):
    client, _ = inspection
    p = await created(client, plan(agency))
    publish = await client.post(f"/api/v1/plans/{p['id']}/publication")
    assert publish.status_code == 409 and publish.json()["allowed"] == ["filed"], publish.text
    assert (await client.post(f"/api/v1/plans/{p['id']}/filing", json={"filed_with": "市政府"})).status_code == 409
    assert (await client.post(f"/api/v1/plans/{p['id']}/withdrawal", json={"reason": "重复"})).status_code == 200
    again = await client.post(f"/api/v1/plans/{p['id']}/withdrawal", json={"reason": "重复"})
    assert again.status_code == 409 and (await client.get(f"/api/v1/plans/{p['id']}")).json()["status"] == "withdrawn"


async def test_each_step_publishes_its_event_with_the_change_and_its_audit_row(inspection, agency, tokens):
    client, runtime = inspection
    p = await published(client, tokens, plan(agency))
    await client.post(f"/api/v1/plans/{p['id']}/withdrawal", json={"reason": "计划调整"})
    sent = await outbox(runtime, p["id"])
    assert [kind for kind, _ in sent] == ["plan.approved.v1", "plan.filed.v1", "plan.published.v1",
                                          "plan.withdrawn.v1"]
    assert [e["status"] for _, e in sent] == ["approved", "filed", "published", "withdrawn"]
    assert all(e["matter_codes"] == [agency.matters[0]] and e["plan_id"] == p["id"] for _, e in sent)
    assert sent[-1][1]["reason"] == "计划调整"
    a = tables.metadata.tables["audit_log"].c
    async with runtime.engine.connect() as conn:
        audited = (await conn.execute(select(a.route, a.event_types).where(a.resource == p["id"])
                                      .order_by(a.id))).all()
    assert [types for _, types in audited] == [[kind] for kind, _ in sent]


async def test_another_agencys_plans_are_not_found(inspection, agency, tokens):
    client, _ = inspection
    p = await created(client, plan(agency))
    stranger = await tokens.headers("plans:read", agencies=["IS-OTHER"], region=agency.region)
    elsewhere = await tokens.headers("plans:read", region="999999", data_scope="region")
    supervisor = await tokens.headers("plans:read", region=agency.region, data_scope="region")
    for headers in (stranger, elsewhere):
        assert (await client.get(f"/api/v1/plans/{p['id']}", headers=headers)).status_code == 404
        assert (await client.get("/api/v1/plans", headers=headers,
                                 params={"department_code": agency.department})).json()["items"] == []
    mine = await client.get("/api/v1/plans", headers=supervisor, params={"year": NEXT_YEAR, "status": "draft"})
    assert p["id"] in [x["id"] for x in mine.json()["items"]]
    writer = await tokens.headers("plans:write", agencies=["IS-OTHER"], region=agency.region)
    assert (await client.post("/api/v1/plans", json=plan(agency), headers=writer)).status_code == 403


async def test_a_task_outside_its_plan_is_refused_field_by_field_and_nothing_is_written(inspection, agency):
    client, _ = inspection
    wrong = task(agency, departments=[agency.neighbour], region_codes=["110101"], window_from=f"{NEXT_YEAR + 1}-01-01",
                 window_to=f"{NEXT_YEAR}-12-31")
    answer = await client.post("/api/v1/plans", json=plan(agency, tasks=[wrong]))
    assert answer.status_code == 422, answer.text
    assert {e["field"] for e in answer.json()["errors"]} == {"tasks.0.departments", "tasks.0.region_codes",
                                                             "tasks.0.window_from", "tasks.0.window_to"}
    unknown = await client.post("/api/v1/plans", json=plan(agency, initiating_department="IS-NOWHERE", tasks=[]))
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "initiating_department"
    listed = await client.get("/api/v1/plans", params={"department_code": agency.department})
    assert listed.json()["items"] == []


async def test_a_drafts_tasks_are_added_replaced_and_removed_and_a_repeated_creation_answers_the_first(
        inspection, agency):
    client, _ = inspection
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = await client.post("/api/v1/plans", json=plan(agency), headers=key)
    again = await client.post("/api/v1/plans", json=plan(agency, title="重复提交"), headers=key)
    assert (first.status_code, again.status_code) == (201, 200) and again.json()["id"] == first.json()["id"]
    p = first.json()
    added = await client.post(f"/api/v1/plans/{p['id']}/tasks", json=task(agency, matter_codes=agency.matters))
    assert added.status_code == 201 and added.json()["seq"] == 2
    replaced = await client.put(f"/api/v1/plans/{p['id']}/tasks/{added.json()['id']}",
                                json=task(agency, title="重点企业抽查", industries=["C"]))
    assert replaced.json()["title"] == "重点企业抽查" and replaced.json()["industries"] == ["C"]
    removed = await client.delete(f"/api/v1/plans/{p['id']}/tasks/{p['tasks'][0]['id']}")
    assert removed.status_code == 204
    assert [x["id"] for x in (await client.get(f"/api/v1/plans/{p['id']}")).json()["tasks"]] == [added.json()["id"]]
    renamed = await client.put(f"/api/v1/plans/{p['id']}", json=plan(agency, title="改名后的计划"))
    assert renamed.status_code == 200 and renamed.json()["title"] == "改名后的计划"
