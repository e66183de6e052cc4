"""Whether a decision may be made now (DOMAIN §11.2): every rule that blocks it, with the reason.

Nothing here writes; the use case refuses the whole command when the list is not empty.
"""

from dataclasses import dataclass
from decimal import Decimal

from case_intake.domain.model import Case, Decision, PenaltyItem, Proposal
from case_intake.domain.vocabulary import Outcome, PenaltyKind


@dataclass(frozen=True)
class Blocker:
    rule: str
    reason: str


@dataclass(frozen=True)
class Evaluation:
    """What list_management's evaluation says for the decision date (advisory, recorded with the decision)."""

    review_required: bool = False
    suggested_tier: str | None = None
    has_benchmark: bool = False
    raw: dict | None = None


def review_grounds(case: Case, evaluation: Evaluation) -> list[str]:
    """Rule L-1 (art. 58 ¶1) and L-5: why 法制审核 must precede this decision; empty if it need not."""
    grounds = []
    if case.major_public_interest:
        grounds.append("涉及重大公共利益")
    if case.major_rights and case.hearing is not None and case.hearing.held_on is not None:
        grounds.append("直接关系当事人或者第三人重大权益，经过听证程序")
    if case.complex:
        grounds.append("案件情况疑难复杂、涉及多个法律关系")
    if case.review_by_law:
        grounds.append("法律、法规规定应当进行法制审核")
    if evaluation.review_required:
        grounds.append("列入重大执法决定法制审核目录（L-5）")
    return grounds


def heavier(decided: list[PenaltyItem], proposed: list[PenaltyItem]) -> bool:
    """A penalty kind not proposed, or a larger amount of one that was (P-15: no heavier without new 告知)."""
    amounts: dict[PenaltyKind, Decimal] = {}
    for p in proposed:
        amounts[p.kind] = amounts.get(p.kind, Decimal(0)) + (p.amount_cny or Decimal(0))
    for p in decided:
        if p.kind not in amounts or (p.amount_cny or Decimal(0)) > amounts[p.kind]:
            return True
    return False


def blockers(case: Case, decision: Decision, evaluation: Evaluation, *, limitation_expired: bool) -> list[Blocker]:
    found = []
    if limitation_expired:
        found.append(Blocker("P-5", "the violation was discovered after the limitation period"))
    if decision.outcome is Outcome.penalty:
        found += _procedure(case, decision)
        found += _review(case, decision, evaluation)
        found += _benchmark(decision, evaluation)
        found += _document(case, decision)
    elif decision.outcome is Outcome.no_penalty:
        found += _no_penalty(decision)
    if (case.complex or bool(review_grounds(case, evaluation))) and case.discussion is None:
        found.append(Blocker("L-3", "a complex or major case is decided by 集体讨论 of the agency's heads (P-18)"))
    return found


def _procedure(case: Case, decision: Decision) -> list[Blocker]:
    notice = case.notice
    if notice is None:
        return [Blocker("P-14", "no 告知: the party was not told the intended penalty and its rights")]
    found = []
    on = decision.decided_on
    if not notice.statement_waived and on <= notice.statement_due and not case.statements:
        found.append(Blocker("P-14", f"the 陈述申辩 window is open until {notice.statement_due}"))
    hearing_window_open = notice.hearing_request_due is not None and on <= notice.hearing_request_due
    if notice.hearing_offered and hearing_window_open and not notice.hearing_waived and case.hearing is None:
        found.append(Blocker("P-17", f"the hearing may still be requested until {notice.hearing_request_due}"))
    if any(s.reexamined_on is None for s in case.statements):
        found.append(Blocker("P-15", "a statement or defence has not been re-examined (复核)"))
    if heavier(decision.penalties, notice.proposal.penalties):
        found.append(Blocker("P-15", "the decision is heavier than the penalty notified; a new 告知 is needed"))
    hearing = case.hearing
    if hearing is not None and hearing.held_on is None and not hearing.waived:
        found.append(Blocker("P-16", "the hearing the party requested was neither held nor waived"))
    return found


def _review(case: Case, decision: Decision, evaluation: Evaluation) -> list[Blocker]:
    grounds = review_grounds(case, evaluation)
    if not grounds:
        return []
    latest = case.reviews[-1] if case.reviews else None
    if latest is None or latest.status != "approved":
        state = "not requested" if latest is None else latest.status
        return [Blocker("L-1", f"法制审核 must pass before this decision ({'; '.join(grounds)}); review: {state}")]
    if _differs(decision, latest.proposal):
        return [Blocker("L-1", "the decision is heavier than the proposal the legality review approved")]
    return []


def _differs(decision: Decision, reviewed: Proposal) -> bool:
    return decision.outcome is not reviewed.outcome or heavier(decision.penalties, reviewed.penalties)


def _benchmark(decision: Decision, evaluation: Evaluation) -> list[Blocker]:
    found = []
    if evaluation.has_benchmark and not decision.benchmark_explanation.strip():
        found.append(Blocker("D-4", "the 决定书 must state how the discretion benchmark was applied"))
    outside = evaluation.suggested_tier is not None and decision.chosen_tier not in (None, evaluation.suggested_tier)
    if outside and decision.departure is None:
        found.append(Blocker("D-5", f"tier {decision.chosen_tier} departs from the suggested "
                                    f"{evaluation.suggested_tier}: an approval reference and reason are required"))
    return found


def _document(case: Case, decision: Decision) -> list[Blocker]:
    """Rule P-21 (§9.1): the mandatory contents of the 决定书."""
    missing = [name for name, value in (
        ("当事人地址", case.party.address), ("违法事实", decision.facts), ("处罚依据", decision.legal_basis),
        ("履行方式和期限", decision.performance), ("复议、诉讼途径和期限", decision.remedies),
        ("作出决定的行政机关名称", decision.agency)) if not (value or "").strip()]
    if not decision.penalties:
        missing.append("处罚种类")
    usable = {e.id for e in case.evidence if not e.excluded}
    if not set(decision.evidence_ids) & usable:
        missing.append("证据（未被排除的）")
    if not missing:
        return []
    return [Blocker("P-21", f"the 决定书 lacks: {'、'.join(missing)}")]


def _no_penalty(decision: Decision) -> list[Blocker]:
    found = []
    if decision.no_penalty_ground is None:
        found.append(Blocker("Q-1", "a decision not to penalise states its ground (Q-1, Q-2)"))
    if not (decision.education_record or "").strip():
        found.append(Blocker("Q-3", "when no penalty is imposed the party is educated: the education record"))
    return found
