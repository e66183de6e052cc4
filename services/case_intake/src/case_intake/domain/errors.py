"""Refusals of case_intake: the platform's kinds (one HTTP status each, everywhere) and the one narrower kind of its own."""

from platform_errors import (
    Conflict,
    DomainError,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
    RuleViolation,
    Unavailable,
)

__all__ = ["Conflict", "DecisionBlocked", "DomainError", "InvalidInput", "InvalidTransition", "NotFound",
           "NotPermitted", "RuleViolation", "Unavailable"]


class DecisionBlocked(RuleViolation):
    """A decision refused by one or more rules (DOMAIN §11.2); `blocked_by` lists each rule and why."""

    slug = "decision-blocked"
    title = "决定被规则阻止"
    title_en = "Decision blocked"
