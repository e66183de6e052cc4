"""The right to a hearing (P-16) and what a hearing needs before a decision (P-17)."""

from decimal import Decimal

from case_intake.domain.model import Proposal
from case_intake.domain.policy import CasePolicy
from case_intake.domain.vocabulary import PartyType, PenaltyKind

#: rule P-16 (《行政处罚法》art. 63): penalties that always carry the right to a hearing
HEAVY = frozenset({PenaltyKind.lower_qualification, PenaltyKind.revoke_licence, PenaltyKind.suspend_business,
                   PenaltyKind.close_down, PenaltyKind.restrict_practice, PenaltyKind.restrict_activities})
AMOUNT_KINDS = frozenset({PenaltyKind.fine, PenaltyKind.confiscate_gains, PenaltyKind.confiscate_property})


def hearing_grounds(proposal: Proposal, party_type: PartyType, policy: CasePolicy) -> list[str]:
    """Why the party must be offered a hearing, empty if it need not; amounts per hearing.large_amount_cny."""
    large = (policy.hearing_large_amount_person_cny if party_type.is_person
             else policy.hearing_large_amount_organisation_cny)
    grounds = [f"{p.kind.value}（P-16）" for p in proposal.penalties if p.kind in HEAVY]
    for p in proposal.penalties:
        if p.kind in AMOUNT_KINDS and (p.amount_cny or Decimal(0)) >= large:
            grounds.append(f"较大数额{p.kind.value} {p.amount_cny} 元 ≥ {large} 元（P-16, S-5）")
    return grounds
