"""Who may act on a case: at least two officers holding a valid certificate on the date of the act (P-1, S-2),
and the verified person doing the act (the access token's subject) is one of the agency's own.

Auxiliary staff never count and never act alone (E-1); an officer whose recusal was granted no longer acts (P-3).
Certificates come from list_management's personnel events, kept as a local copy with their status history.

The person behind an act is checked by what the act is (`ActedBy`):
- `officer` — an act of enforcement (立案, 调查取证, 告知, 决定, 送达 …): an officer of the case's agency holding a
  certificate valid on the act's date, not auxiliary, not recused on the case (P-1, E-1, P-3);
- `agency` — an approval by the agency's head (负责人: a recusal decided, a clock extended, a clue not filed, the
  集体讨论) or an act of the agency's office (publicity, credit repair, flexible measures): a person of the agency in
  its personnel who is not auxiliary staff; an enforcement certificate is not needed, since a head or an office
  clerk may hold none.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from case_intake.domain.errors import NotPermitted, RuleViolation
from platform_errors import FieldProblem
from platform_events import CodedEnum

MIN_OFFICERS = 2  # rule P-1 (《行政处罚法》art. 42), S-2


@dataclass(frozen=True)
class Certificate:
    """An officer and the 执法证件 they hold, with every status change and the day it took effect."""

    person_no: str
    name: str
    department_code: str
    certificate_no: str | None
    valid_from: date | None
    valid_to: date | None
    auxiliary: bool
    legal_qualification: bool
    statuses: tuple[tuple[date, str], ...] = field(default_factory=tuple)  # (effective_on, status), oldest first

    def status_on(self, on: date) -> str:
        current = "valid"
        for effective_on, status in self.statuses:
            if effective_on <= on:
                current = status
        return current

    def certified_on(self, on: date) -> bool:
        """Holds a certificate that is valid, not suspended or revoked, and within its dates on `on`."""
        return (self.certificate_no is not None and not self.auxiliary
                and (self.valid_from is None or self.valid_from <= on)
                and (self.valid_to is None or on <= self.valid_to)
                and self.status_on(on) == "valid")


def check_acting(person_nos: Iterable[str], certificates: Mapping[str, Certificate], on: date, *,
                 recused: set[str], act: str) -> list[str]:
    """The acting officers if at least two of them are certified on `on`; otherwise refuse with rule P-1."""
    acting = list(dict.fromkeys(person_nos))
    problems = [FieldProblem("officers", f"{p} is not a registered enforcement officer")
                for p in acting if p not in certificates]
    problems += [FieldProblem("officers", f"{p} was granted recusal and may not act on this case (P-3)")
                 for p in acting if p in recused]
    problems += [FieldProblem("officers", f"{p} is auxiliary staff: never counted, never acting alone (E-1)")
                 for p in acting if p in certificates and certificates[p].auxiliary]
    certified = [p for p in acting if p in certificates and p not in recused and certificates[p].certified_on(on)]
    problems += [FieldProblem("officers", f"{p} holds no valid enforcement certificate on {on}")
                 for p in acting if p in certificates and not certificates[p].auxiliary and p not in recused
                 and p not in certified]
    if len(certified) < MIN_OFFICERS:
        raise RuleViolation(
            (f"{act}须由至少 {MIN_OFFICERS} 名在 {on} 持有有效执法证件的执法人员实施；符合条件的有 {len(certified)} 名",
             f"{act} needs at least {MIN_OFFICERS} officers with a valid enforcement certificate on {on}; "
             f"{len(certified)} qualify"), rule="P-1", errors=problems, qualified=certified)
    return acting


class ActedBy(CodedEnum):
    officer = "officer", "执法人员"  # P-1, E-1: a certified officer of the agency on the act's date
    agency = "agency", "本机关"  # an approval by the head, or the agency's office: a non-auxiliary person of the agency


def check_actor(person: str, certificate: Certificate | None, agency: str, on: date, *, by: ActedBy,
                recused: set[str], rule: str | None = "P-1") -> None:
    """Refuse (403) a person who may not do this act for `agency` on `on`; `rule` is cited for an approval."""
    if certificate is None or certificate.department_code != agency:
        raise NotPermitted((f"{person} 不在 {agency} 的人员名录中：该机关的案件只能由本机关人员办理",
                            f"{person} is not registered in the personnel of {agency}: only its own people act on "
                            "its cases"), rule="P-1" if by is ActedBy.officer else rule)
    if certificate.auxiliary:
        raise NotPermitted((f"{person} 为辅助人员：辅助人员不得单独执法",
                            f"{person} is auxiliary staff: auxiliaries never act alone"), rule="E-1")
    if by is ActedBy.agency:
        return
    if person in recused:
        raise NotPermitted((f"{person} 已被决定回避，不得参与本案",
                            f"{person} was granted recusal and may not act on this case"), rule="P-3")
    if not certificate.certified_on(on):
        raise NotPermitted((f"{person} 在 {on} 未持有有效的执法证件",
                            f"{person} holds no valid enforcement certificate on {on}"), rule="P-1")
