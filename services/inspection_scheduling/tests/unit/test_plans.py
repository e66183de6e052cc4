"""What a plan may be, without a database: kinds, tasks, ratios, the order of its steps, the filing deadline."""

from datetime import date

import pytest

from inspection_scheduling.domain import plans
from inspection_scheduling.domain.plans import Kind, PlanHeader, Status, TaskDraft
from inspection_scheduling.domain.policy import InspectionPolicy
from platform_errors import InvalidTransition


def header(**changes) -> PlanHeader:
    return PlanHeader.model_validate({"kind": "annual", "title": "2027 年度抽查计划", "year": 2027,
                                      "initiating_department": "DG-SCJG"} | changes)


def draft(**changes) -> TaskDraft:
    return TaskDraft.model_validate({"title": "食品经营抽查", "departments": ["DG-SCJG"], "matter_codes": ["JC-001"],
                                     "region_codes": ["210681001"], "window_from": "2027-04-01",
                                     "window_to": "2027-10-31"} | changes)


def fields(problems) -> list[str]:
    return sorted(p.field for p in problems)


def test_e6_a_campaign_states_its_quota():
    assert fields(plans.plan_problems(header(kind="campaign"))) == ["quota"]
    assert plans.plan_problems(header(kind="campaign", quota=120)) == []
    assert fields(plans.plan_problems(header(quota=120))) == ["quota"]  # only a campaign has one


def test_r3_r9_a_joint_plan_has_cooperating_departments_and_an_annual_plan_none():
    assert fields(plans.plan_problems(header(kind="joint"))) == ["cooperating_departments"]
    assert plans.plan_problems(header(kind="joint", cooperating_departments=["DG-WJW"])) == []
    assert fields(plans.plan_problems(header(cooperating_departments=["DG-WJW"]))) == ["cooperating_departments"]
    repeated = header(kind="joint", cooperating_departments=["DG-SCJG"])
    assert fields(plans.plan_problems(repeated)) == ["cooperating_departments"]
    assert plans.departments_of(header(kind="joint", cooperating_departments=["DG-WJW"])) == ["DG-SCJG", "DG-WJW"]


def test_r3_a_task_lies_within_its_plan_departments_region_and_year():
    joint = header(kind="joint", cooperating_departments=["DG-WJW"])
    assert plans.task_problems(joint, draft(departments=["DG-SCJG", "DG-WJW"]), "210681") == []
    wrong = draft(departments=["DG-GA"], region_codes=["210682", "210681"], window_from="2028-01-02",
                  window_to="2027-12-31")
    assert fields(plans.task_problems(joint, wrong, "210681", "tasks.3")) == [
        "tasks.3.departments", "tasks.3.region_codes", "tasks.3.window_from", "tasks.3.window_to"]
    assert fields(plans.task_problems(joint, draft(matter_codes=["JC-001", "JC-001"]), "210681")) == ["matter_codes"]


def test_r5_r6_default_ratios_come_from_configuration():
    configured = InspectionPolicy(ratio_by_class={"A": 1, "B": 4, "C": 8, "D": 20})
    assert plans.ratios(draft(), configured) == {"A": 1, "B": 4, "C": 8, "D": 20}
    stated = {"A": 5, "B": 20, "C": 60, "D": 100}
    assert plans.ratios(draft(ratio_by_class=stated), configured) == stated
    assert fields(plans.task_problems(header(), draft(ratio_by_class={"A": 5}), "210681")) == ["ratio_by_class"]
    with pytest.raises(ValueError, match="less than or equal to 100"):
        draft(ratio_by_class={"A": 5, "B": 20, "C": 60, "D": 101})


def test_a_campaign_inspects_as_a_special_inspection_and_other_plans_as_routine():
    assert [plans.inspection_type(k) for k in Kind] == ["日常", "专项", "日常"]


@pytest.mark.parametrize(("current", "step", "leads_to"), [
    ("draft", "approval", Status.approved), ("approved", "filing", Status.filed),
    ("filed", "publication", Status.published), ("draft", "withdrawal", Status.withdrawn),
    ("published", "withdrawal", Status.withdrawn)])
def test_e9_e13_a_plan_is_approved_then_filed_then_published(current, step, leads_to):
    assert plans.next_status(current, step) is leads_to


@pytest.mark.parametrize(("current", "step"), [("draft", "publication"), ("draft", "filing"),
                                               ("approved", "publication"), ("published", "approval"),
                                               ("withdrawn", "withdrawal"), ("filed", "filing")])
def test_e9_e13_a_step_out_of_order_is_an_invalid_transition(current, step):
    with pytest.raises(InvalidTransition) as refused:
        plans.next_status(current, step)
    assert refused.value.extra["current"] == current and refused.value.extra["allowed"]


def test_e9_only_a_draft_is_edited():
    assert plans.editable("draft") is None
    with pytest.raises(InvalidTransition) as refused:
        plans.editable("approved")
    assert refused.value.rule == "E-9"


def test_e13_a_plan_filed_after_the_deadline_is_marked_late():
    policy = InspectionPolicy()
    assert plans.filing_due("annual", 2027, policy) == date(2027, 3, 31)
    assert plans.filing_due("joint", 2027, InspectionPolicy(plan_due_month_day=(2, 28))) == date(2027, 2, 28)
    assert plans.filing_due("campaign", 2027, policy) is None  # set up during the year
    assert plans.filed_late(date(2027, 4, 1), date(2027, 3, 31))
    assert not plans.filed_late(date(2027, 3, 31), date(2027, 3, 31))
    assert not plans.filed_late(date(2027, 9, 1), None)
