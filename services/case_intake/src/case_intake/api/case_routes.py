"""Routes for cases: every step of the procedure as a sub-resource; each answers the case as it now stands.

A refused step is problem+json: 409 with `missing` and `allowed` when the stage does not allow it, 422 with
`rule` (and `blocked_by` for a decision) when a legal rule refuses it, 403 with `rule` when the verified person may
not do it (P-1, E-1, P-3), 404 for a case outside the caller's data scope. A refused step writes nothing. Every
step requires `cases:write` and a token naming the acting person; reads require `cases:read`.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Query

from case_intake.api.case_schemas import CasePage, CaseRead, RecordRead, RecordVerification
from case_intake.api.context import Caller, EngineDep, ServicesDep, require
from case_intake.application import (
    case_clocks,
    decision,
    execution,
    investigation,
    queries,
    review,
    rights,
    simple,
)
from case_intake.application.services import Services
from case_intake.domain.model import Case, ExtensionCreate
from case_intake.domain.vocabulary import Stage
from platform_db.clocks import ClockState
from platform_events.wire import Day

router = APIRouter(tags=["cases"])


async def _answer(engine, svc: Services, step: Awaitable[Case], caller: Caller) -> dict:  # noqa: ANN001
    case = await step
    return await queries.case(engine, case.id, svc.today(), caller)


def _step(name: str, path: str, handler: Callable, summary: str, model: type) -> None:
    """One POST /cases/{id}/<path> route named `name` (its operationId): body `model`, scope `cases:write`,
    answered with the case as it now stands."""
    async def route(case_id: str, body: model, svc: ServicesDep, engine: EngineDep,  # type: ignore[valid-type]
                    caller: Annotated[Caller, require("cases:write")]) -> dict:
        return await _answer(engine, svc, handler(svc, case_id, body, caller), caller)

    route.__name__ = name
    router.add_api_route(f"/cases/{{case_id}}/{path}", route, methods=["POST"], summary=summary,
                         response_model=CaseRead)


_step("change_officers", "officers", investigation.change_officers,
      "Assign or release officers; two certified remain (P-1, E-1)", investigation.OfficerChange)
_step("request_recusal", "recusals", investigation.request_recusal,
      "Declare or apply for a recusal (P-3)", investigation.RecusalRequest)
_step("add_evidence", "evidence", investigation.add_evidence,
      "Record evidence of a statutory type with its hash (P-10, P-1)", investigation.EvidenceCreate)
_step("notify_party", "notice", rights.notify,
      "告知: the intended penalty and the party's rights (P-14, P-16)", rights.NoticeCreate)
_step("record_waiver", "waivers", rights.waive,
      "The party waives 陈述申辩 and/or the hearing (P-14, P-17)", rights.Waiver)
_step("add_statement", "statements", rights.add_statement,
      "Record a 陈述申辩 (P-14)", rights.StatementCreate)
_step("request_hearing", "hearing/request", rights.request_hearing,
      "The party requests a hearing within 5 days (P-17)", rights.HearingRequest)
_step("schedule_hearing", "hearing/schedule", rights.schedule_hearing,
      "Notice time and place 7 days ahead, chair not an investigator (P-17)", rights.HearingSchedule)
_step("record_hearing", "hearing/held", rights.hold_hearing,
      "Record the hearing held, or an unjustified absence (P-16, P-17)", rights.HearingHeld)
_step("request_review", "review-requests", review.request_review,
      "Request 法制审核 (L-1): the legality-review service receives it", review.ReviewRequest)
_step("record_collective_discussion", "collective-discussion", decision.discuss,
      "Record the 集体讨论 of a complex or major case (P-18, L-3)", decision.DiscussionCreate)
_step("decide", "decision", decision.decide,
      "Decide (P-18) through the gate of DOMAIN §11.2, with the lists' evaluation", decision.DecisionCreate)
_step("change_decision", "decision-changes", decision.change_decision,
      "A changed or revoked decision; publicity comes down (P-27)", decision.DecisionChange)
_step("serve_decision", "service", execution.serve,
      "送达 (P-22, P-23); 三书同达 for a decision to be published (CR-5, T-9)", execution.ServiceCreate)
_step("record_payment", "payments", execution.pay,
      "A payment to the designated bank, with late surcharge (P-24, P-25)", execution.PaymentCreate)
_step("close_case", "closure", execution.close,
      "结案", execution.Closure)
_step("transfer_case", "transfer", execution.transfer,
      "移送司法机关 with its documents (P-18, 行刑衔接)", execution.TransferCreate)
_step("pause_decision_clock", "clock-pauses", case_clocks.pause,
      "Stop the decision clock: suspension, notice, testing … (S-4, P-26)", case_clocks.PauseStart)
_step("resume_decision_clock", "clock-resumptions", case_clocks.resume,
      "Start the decision clock again", case_clocks.PauseEnd)
_step("extend_decision_clock", "extensions", case_clocks.extend,
      "Extend the decision clock, approved by the verified head or 集体讨论 (S-4)", ExtensionCreate)
_step("record_simple_filing", "simple-filing", simple.file_simple,
      "备案 of an on-the-spot decision (P-7)", simple.SimpleFiling)


@router.post("/cases/{case_id}/recusals/{recusal_id}/decision", response_model=CaseRead,
             summary="The head decides a recusal (P-3): the verified person, of the case's agency")
async def decide_recusal(case_id: str, recusal_id: str, body: investigation.RecusalDecision, svc: ServicesDep,
                         engine: EngineDep, caller: Annotated[Caller, require("cases:write")]) -> dict:
    return await _answer(engine, svc, investigation.decide_recusal(svc, case_id, recusal_id, body, caller), caller)


@router.post("/cases/{case_id}/statements/{statement_id}/reexamination", response_model=CaseRead,
             summary="复核 of a statement: adopted or not, with reasons (P-15)")
async def reexamine(case_id: str, statement_id: str, body: rights.Reexamination, svc: ServicesDep,
                    engine: EngineDep, caller: Annotated[Caller, require("cases:write")]) -> dict:
    return await _answer(engine, svc, rights.reexamine(svc, case_id, statement_id, body, caller), caller)


@router.post("/cases/on-the-spot", status_code=201, response_model=CaseRead,
             summary="简易程序: decided and handed over on the spot (P-6, P-7)")
async def on_the_spot(body: simple.OnTheSpot, svc: ServicesDep, engine: EngineDep,
                      caller: Annotated[Caller, require("cases:write")]) -> dict:
    case_id = await simple.on_the_spot(svc, body, caller)
    return await queries.case(engine, case_id, svc.today(), caller)


@router.get("/cases", response_model=CasePage,
            summary="Cases in the caller's data scope, filterable, paginated by case number")
async def list_cases(engine: EngineDep, caller: Annotated[Caller, require("cases:read")],
                     department_code: str | None = None, stage: Stage | None = None,
                     matter_code: str | None = None, party_credit_code: str | None = None,
                     filed_from: Day | None = None, filed_to: Day | None = None,
                     clock_state: Annotated[ClockState | None, Query(description="任一期限的状态")] = None,
                     provisional: Annotated[bool | None, Query(description="期限含未公布放假安排的年份")] = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 50, cursor: str | None = None) -> dict:
    items, next_cursor = await queries.cases(
        engine, department_code=department_code, stage=stage.value if stage else None, matter_code=matter_code,
        party_credit_code=party_credit_code, filed_from=filed_from, filed_to=filed_to, limit=limit, cursor=cursor,
        clock_state=clock_state, provisional=provisional,
        caller=caller)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/cases/{case_id}", response_model=CaseRead,
            summary="The case file, its clocks, allowed steps, amount due and record head")
async def get_case(case_id: str, svc: ServicesDep, engine: EngineDep,
                   caller: Annotated[Caller, require("cases:read")]) -> dict:
    return await queries.case(engine, case_id, svc.today(), caller)


@router.get("/cases/{case_id}/record", response_model=RecordRead,
            summary="The full-process record: every act with its verified actor and client, hash-chained (P-13)")
async def get_record(case_id: str, engine: EngineDep, caller: Annotated[Caller, require("cases:read")]) -> dict:
    return await queries.record(engine, case_id, caller)


@router.get("/cases/{case_id}/record/verification", response_model=RecordVerification,
            summary="Recompute the chain; names the first link that was altered, removed or reordered (P-13)")
async def verify_record(case_id: str, engine: EngineDep, caller: Annotated[Caller, require("cases:read")]) -> dict:
    return await queries.verify_record(engine, case_id, caller)
