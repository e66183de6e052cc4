"""Refusals of legality_review: the platform's common ones plus a wrong step in a review's life."""

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
