"""Flexible enforcement measures as first-class records (policies 000, 002): 行政指导 in its eight forms, 告诫,
行政调解, 和解, 奖励, 行政建议, 行政提示. A measure taken in a case is also an act of that case's record.

A measure is recorded by a person of its agency (an act of the agency, no enforcement certificate needed: guidance
and mediation are not penalties) for an agency in the caller's data scope; one outside it does not exist (404)."""

import uuid
from datetime import UTC, date, datetime

from pydantic import Field, model_validator
from sqlalchemy import select, update

from case_intake.adapters import clocks, copies, data_scope
from case_intake.adapters import tables as t
from case_intake.application import actors, case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.errors import InvalidInput, NotFound, NotPermitted
from case_intake.domain.mediation import CONCLUDED, MediationAction, MediationStatus, next_status
from case_intake.domain.model import Case, Model, Party
from case_intake.domain.officers import ActedBy
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import ClockKind, FlexibleKind, GuidanceForm
from platform_db import UnitOfWork
from platform_events.contracts.case_intake import FlexibleMeasureRecorded
from platform_identity import Caller

fm = t.flexible_measure.c


class MeasureCreate(Model):
    kind: FlexibleKind
    form: GuidanceForm | None = Field(None, description="行政指导方式（八种）; 行政指导 requires one")
    department_code: str = Field(min_length=1, max_length=40)
    matter_code: str | None = Field(None, max_length=60)
    case_id: str | None = Field(None, description="在案件中采取的，记入该案全过程记录")
    party: Party
    measure_on: date
    officers: list[str] = Field(min_length=1)
    content: str = Field(min_length=2, max_length=20_000, description="措施内容")
    outcome: str | None = Field(None, max_length=5000)
    simple_procedure: bool = Field(False, description="行政调解简易程序：当场调解、口头协议记录在案")

    @model_validator(mode="after")
    def _form_for_guidance(self) -> "MeasureCreate":
        if (self.kind is FlexibleKind.guidance) != (self.form is not None):
            raise ValueError("行政指导 names one of its eight forms; other measures name none")
        return self


class MediationStep(Model):
    action: MediationAction
    on: date
    note: str = Field(min_length=2, max_length=10_000, description="调解记录、协议内容或终止理由及告知的途径")


async def record(svc: Services, body: MeasureCreate, caller: Caller) -> dict:
    async with svc.uows() as uow:
        if not await data_scope.sees(uow.session, caller, body.department_code):
            raise NotPermitted((f"{body.department_code} 的柔性执法措施只能由该执法主体记录",
                                f"a measure of {body.department_code} is recorded only by that agency"))
        actors.require_person(caller, rule=None)
        check_date(body.measure_on, today=svc.today(), field="measure_on")
        await actors.check(uow, caller, body.department_code, body.measure_on, by=ActedBy.agency, rule=None)
        people = await copies.certificates(uow.session, body.officers)
        unknown = [p for p in body.officers if p not in people]
        if unknown:
            raise InvalidInput((f"未登记的执法人员：{'、'.join(unknown)}", f"not registered officers: {', '.join(unknown)}"))
        status = _initial(body)
        measure_id = str(uuid.uuid4())
        await uow.session.execute(t.flexible_measure.insert().values(
            id=measure_id, kind=body.kind.value, form=body.form.value if body.form else None,
            department_code=body.department_code, matter_code=body.matter_code, case_id=body.case_id,
            party=body.party.model_dump(mode="json"), measure_on=body.measure_on, officers=body.officers,
            content=body.content, status=status, outcome=body.outcome, created_by=caller.actor,
            concluded_on=body.measure_on if status != MediationStatus.applied.value else None,
            details={"steps": [], "simple_procedure": body.simple_procedure}))
        if body.case_id:
            await _in_case(uow, body.case_id, caller, {"measure_id": measure_id, **body.model_dump(mode="json")},
                           body.measure_on)
        uow.publish(_event(measure_id, body, status, body.measure_on), subject=measure_id)
        await uow.commit()
    return await get(svc, measure_id, caller)


def _initial(body: MeasureCreate) -> str:
    if body.kind is not FlexibleKind.mediation:
        return "已记录"
    return MediationStatus.agreed.value if body.simple_procedure else MediationStatus.applied.value


async def mediate(svc: Services, measure_id: str, body: MediationStep, caller: Caller) -> dict:
    """A step of a 行政调解 (general procedure): acceptance starts its 45 WD clock (K-3); a conclusion stops it."""
    async with svc.uows() as uow:
        row = (await uow.session.execute(select(t.flexible_measure).where(
            fm.id == measure_id, data_scope.visible(caller, fm.department_code)).with_for_update())).mappings().first()
        if row is None or row["kind"] != FlexibleKind.mediation.value:
            raise NotFound((f"行政调解 {measure_id} 不存在", f"no mediation {measure_id}"))
        await actors.check(uow, caller, row["department_code"], body.on, by=ActedBy.agency, rule=None)
        status = next_status(MediationStatus(row["status"]), body.action)
        steps = row["details"]["steps"]
        check_date(body.on, today=svc.today(), not_before=date.fromisoformat(steps[-1]["on"]) if steps
                   else row["measure_on"])
        concluded = status in CONCLUDED
        await uow.session.execute(update(t.flexible_measure).where(fm.id == measure_id).values(
            status=status.value, outcome=body.note if concluded else row["outcome"],
            concluded_on=body.on if concluded else None, updated_at=datetime.now(UTC),
            details=row["details"] | {"steps": [*steps, body.model_dump(mode="json")]}))
        await _mediation_clock(uow, svc, measure_id, status, body.on)
        if row["case_id"]:
            await _in_case(uow, row["case_id"], caller, {"measure_id": measure_id, **body.model_dump(mode="json")},
                           body.on)
        uow.publish(FlexibleMeasureRecorded(
            measure_id=measure_id, kind=row["kind"], status=status.value, department_code=row["department_code"],
            matter_code=row["matter_code"], case_id=row["case_id"], measure_on=body.on), subject=measure_id)
        await uow.commit()
    return await get(svc, measure_id, caller)


async def _mediation_clock(uow: UnitOfWork, svc: Services, measure_id: str, status: MediationStatus,
                           on: date) -> None:
    if status is MediationStatus.accepted:
        due = svc.calendar.add_working_days(on, svc.rules.mediation_deadline_wd)
        await clocks.set_clock(uow, "mediation", measure_id, ClockKind.mediation, due, rule_ids=("K-3", "G-1"),
                               calendar=svc.calendar, warn_before_wd=svc.rules.warn_before_wd)
    elif status in CONCLUDED:
        await clocks.stop_clock(uow, "mediation", measure_id, ClockKind.mediation, on=on)


async def _in_case(uow: UnitOfWork, case_id: str, caller: Caller, content: dict, on: date) -> None:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        return Done(on, content, ())

    await case_steps.run_in(uow, case_id, caller, Step.flexible_measure, apply, by=ActedBy.agency, rule=None)


def _event(measure_id: str, body: MeasureCreate, status: str, on: date) -> FlexibleMeasureRecorded:
    return FlexibleMeasureRecorded(measure_id=measure_id, kind=body.kind.value,
                                   form=body.form.value if body.form else None, status=status,
                                   department_code=body.department_code, matter_code=body.matter_code,
                                   case_id=body.case_id, measure_on=on)


async def get(svc: Services, measure_id: str, caller: Caller) -> dict:
    async with svc.uows() as uow:
        row = (await uow.session.execute(select(t.flexible_measure).where(
            fm.id == measure_id, data_scope.visible(caller, fm.department_code)))).mappings().first()
    if row is None:
        raise NotFound((f"柔性执法措施 {measure_id} 不存在", f"flexible measure {measure_id} does not exist"))
    return dict(row)
