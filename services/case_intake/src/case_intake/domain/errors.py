"""Domain errors of case_intake: each refusal names the rule that made it; `api/errors.py` maps them to HTTP."""

from platform_errors import Conflict, DomainError, InvalidInput, NotFound, NotPermitted, RuleViolation

__all__ = ["Conflict", "DecisionBlocked", "InvalidInput", "InvalidTransition", "NotFound", "NotPermitted", "RuleViolation",
           "Unavailable"]


class InvalidTransition(DomainError):
    """The case is not at a stage where this step may happen; `missing` names the step that must come first."""

    title = "Step not allowed at this stage"
    slug = "invalid-transition"


class DecisionBlocked(DomainError):
    """A decision refused by one or more rules (DOMAIN §11.2); `blocked_by` lists each rule and why."""

    title = "Decision blocked"
    slug = "decision-blocked"


class Unavailable(DomainError):
    """A service this step depends on (list management's evaluation) did not answer; nothing was written."""

    title = "Dependency unavailable"
    slug = "dependency-unavailable"
