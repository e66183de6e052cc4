"""Who acts, as the access token proves it: a person for every act of an agency (P-1, E-1), checked against the
local copy of the agency's personnel on the act's date; the service itself for what it does on its own.

An HTTP caller acts through a token naming a person (a login, or a department's system acting for its officer by
RFC 8693 token exchange); a bare system token may read and register clues but does no act of a case. Work the
service does on its own (consumers) runs as `SERVICE`, which no token can be.
"""

from datetime import date

from case_intake.adapters import copies
from case_intake.domain.errors import NotPermitted
from case_intake.domain.officers import ActedBy, check_actor
from platform_db import UnitOfWork
from platform_identity import Caller, system_caller

#: The identity of what case_intake does on its own: leads from 12345 becoming clues, review outcomes recorded.
SERVICE = system_caller("case_intake")


def is_service(caller: Caller) -> bool:
    return caller is SERVICE


def require_person(caller: Caller, *, rule: str | None = "P-1") -> str | None:
    """The acting person; a token without one is refused (403) — acts of an agency are done by its people."""
    if is_service(caller):
        return None
    if caller.person is None:
        raise NotPermitted((f"此行为须由具体人员作出：客户端 {caller.client_id} 的令牌未指明人员（请使用人员的令牌，"
                            "例如以 RFC 8693 令牌交换取得实施行为的执法人员的令牌）",
                            f"this act is done by a person: the token of client {caller.client_id} names none (use "
                            "a person's token, e.g. an RFC 8693 exchange for the acting officer)"), rule=rule)
    return caller.person


async def check(uow: UnitOfWork, caller: Caller, agency: str, on: date, *, by: ActedBy,
                recused: set[str] = frozenset(), rule: str | None = "P-1") -> None:
    """Refuse (403) a person who may not do this act for `agency` on `on` (domain/officers.check_actor)."""
    person = require_person(caller, rule=rule)
    if person is None:
        return
    certificate = (await copies.certificates(uow.session, [person])).get(person)
    check_actor(person, certificate, agency, on, by=by, recused=set(recused), rule=rule)


def approver(caller: Caller, stated: str | None, *, rule: str) -> str:
    """The verified approver; an approver named in the body must be that very person (403 otherwise)."""
    person = require_person(caller, rule=rule) or caller.actor
    if stated is not None and stated != person:
        raise NotPermitted((f"审批载明的审批人为 {stated}，但经验证的审批人为 {person}：审批只记在令牌所证明的审批人本人名下",
                            f"the approval names {stated}, but the verified approver is {person}: an approval is "
                            "recorded for the person whose token made it"), rule=rule)
    return person
