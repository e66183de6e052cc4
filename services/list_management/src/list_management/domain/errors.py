"""Domain errors; `api/errors.py` maps them to problem+json in one table (NotPermitted is 403 in every service)."""

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
