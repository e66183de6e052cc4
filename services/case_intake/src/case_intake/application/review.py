"""法制审核 (L-1): the request carries what the legality-review service reviews; its outcome event opens the gate.

Case intake never decides a review itself: only a `review.approved.v1` for the case's current round lets a
decision through the gate (domain/decision_gate.py); rejected and revise outcomes keep it closed.
"""

from datetime import UTC, date, datetime

from pydantic import Field

from case_intake.adapters import case_store
from case_intake.application import actors, case_steps
from case_intake.application.acts import check_date
from case_intake.application.case_steps import Done
from case_intake.application.services import Services
from case_intake.domain.decision_gate import review_grounds
from case_intake.domain.errors import InvalidTransition
from case_intake.domain.model import Case, Model, Proposal, ReviewRound
from case_intake.domain.stages import Step
from case_intake.domain.vocabulary import Stage
from platform_calendar import shanghai_date
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts import legality_review as lr
from platform_events.contracts.case_intake import CaseReviewRequested
from platform_identity import Caller
from platform_logging import get_logger

log = get_logger(__name__)
STATUS = {lr.ReviewApproved.event_type: "approved", lr.ReviewRejected.event_type: "rejected",
          lr.ReviewRevisionRequested.event_type: "revise"}


class ReviewRequest(Model):
    requested_on: date
    proposal: Proposal | None = Field(None, description="送审的拟处理意见（默认：告知的拟处罚）")


async def request_review(svc: Services, case_id: str, body: ReviewRequest, caller: Caller) -> Case:
    async def apply(uow: UnitOfWork, case: Case) -> Done:
        if case.notice is None:
            raise InvalidTransition(("法制审核的对象是已告知的拟处理意见，本案尚未告知",
                                     "法制审核 reviews a notified proposal"), missing=Step.notify.value,
                                    allowed=[Step.notify.value])
        latest = case.reviews[-1] if case.reviews else None
        if latest is not None and latest.status == "requested":
            raise InvalidTransition((f"第 {latest.round} 轮法制审核尚未办结",
                                     f"round {latest.round} is still with the legality review"), allowed=[])
        check_date(body.requested_on, today=svc.today(), not_before=case.notice.notified_on, field="requested_on")
        proposal = body.proposal or case.notice.proposal
        evaluation = await svc.lists.evaluate(
            matter_code=case.matter_code, act_date=body.requested_on, facts=case.facts_found,
            person=case.party.type.is_person, proposed_fine_cny=proposal.fine_total())
        round_ = ReviewRound(round=len(case.reviews) + 1, requested_on=body.requested_on, proposal=proposal)
        case.reviews.append(round_)
        case.stage = Stage.under_review
        links, _ = await case_store.record(uow.session, case.id, caller)
        history = [{"seq": x.seq, "act": x.act, "on": x.content.get("on")} for x in links]
        grounds = review_grounds(case, evaluation)
        event = _requested(case, round_, grounds, evaluation.raw, history)
        return Done(body.requested_on, {"round": round_.model_dump(mode="json"), "grounds": grounds}, ("L-1",),
                    events=[event])

    return await case_steps.run(svc, case_id, caller, Step.request_review, apply)


def _requested(case: Case, round_: ReviewRound, grounds: list[str], evaluation: dict | None, history: list):  # noqa: ANN202
    def make(done_case: Case, head: case_store.Head) -> CaseReviewRequested:
        return CaseReviewRequested(
            case_id=case.id, case_no=case.case_no, department_code=case.department_code, record_seq=head.seq,
            record_hash=head.hash, round=round_.round, requested_on=round_.requested_on,
            matter_code=case.matter_code, party_type=case.party.type.value, party_name=case.party.name,
            grounds=grounds, proposal=round_.proposal.model_dump(mode="json"),
            evidence=[{"id": e.id, "type": e.type.value, "title": e.title, "sha256": e.content_sha256,
                       "excluded": e.excluded} for e in case.evidence],
            evaluation=evaluation, officers=case_steps.active_officers(case), history=history)

    return make


async def on_review_outcome(uow: UnitOfWork, env: Envelope) -> None:
    """The legality-review service's conclusion on a round: recorded in the case file, gate state updated — an act
    of case_intake itself (the reviewer is named in the record's content, as legality_review verified them)."""
    outcome = lr.ReviewApproved.model_validate_json(env.data)  # the three outcomes share one shape
    status = STATUS[env.type]

    async def apply(uow: UnitOfWork, case: Case) -> Done:
        round_ = next((r for r in case.reviews if r.round == outcome.round), None)
        if round_ is None or round_.status != "requested" or round_ is not case.reviews[-1]:
            raise _Stale(f"round {outcome.round} is not the open round of case {case.id}")
        round_.status, round_.review_id, round_.decided_at = status, outcome.review_id, outcome.decided_at
        round_.reasons, round_.items = outcome.reasons, outcome.items
        on = shanghai_date(outcome.decided_at)  # the reviewer's day in China, not in UTC
        return Done(on, {"round": outcome.round, "status": status, "review_id": outcome.review_id,
                         "reviewer": outcome.reviewer, "outcome": outcome.outcome, "reasons": outcome.reasons,
                         "received_at": datetime.now(UTC)}, ("L-1", "L-7"))

    try:
        await case_steps.run_in(uow, outcome.case_id, actors.SERVICE, Step.review_outcome, apply)
    except (_Stale, InvalidTransition) as exc:  # a late or repeated outcome changes nothing, and says so
        log.warning("review_outcome_ignored", case_id=outcome.case_id, round=outcome.round, reason=str(exc))


class _Stale(Exception):
    pass
