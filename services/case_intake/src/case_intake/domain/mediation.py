"""行政调解 as a small state machine (policy 002): applied → accepted or declined → mediating → agreement or ended.

The simple procedure settles on the spot (an oral agreement recorded); the general one needs written acceptance.
"""


from case_intake.domain.errors import InvalidTransition
from platform_events import CodedEnum


class MediationStatus(CodedEnum):
    applied = "申请"
    accepted = "受理"
    declined = "不予受理"
    mediating = "调解中"
    agreed = "达成协议"
    ended = "终止调解"  # no agreement: the parties are told the proper channel


class MediationAction(CodedEnum):
    accept = "受理"
    decline = "不予受理"
    session = "调解"
    agree = "达成协议"
    end = "终止"


S, A = MediationStatus, MediationAction
NEXT: dict[tuple[MediationStatus, MediationAction], MediationStatus] = {
    (S.applied, A.accept): S.accepted,
    (S.applied, A.decline): S.declined,
    (S.accepted, A.session): S.mediating,
    (S.accepted, A.agree): S.agreed,
    (S.accepted, A.end): S.ended,
    (S.mediating, A.session): S.mediating,
    (S.mediating, A.agree): S.agreed,
    (S.mediating, A.end): S.ended,
}
CONCLUDED = frozenset({S.declined, S.agreed, S.ended})


def next_status(status: MediationStatus, action: MediationAction) -> MediationStatus:
    found = NEXT.get((status, action))
    if found is None:
        allowed = [a.value for (s, a) in NEXT if s is status]
        raise InvalidTransition((f"行政调解处于“{status.value}”状态时，不能“{action.value}”",
                                 f"{action.value} is not possible while the mediation is {status.value}"),
                                allowed=allowed, state=status.value)
    return found
