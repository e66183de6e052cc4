"""Refusals of list_management: the platform's kinds, one HTTP status each everywhere."""

from platform_errors import (
    Conflict,
    DomainError,
    FieldProblem,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolation,
)

__all__ = ["Conflict", "DomainError", "FieldProblem", "InvalidInput", "NotFound", "NotPermitted", "RuleViolation"]
