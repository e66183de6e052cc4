"""Domain errors; `api/errors.py` maps them to problem+json in one table."""

from platform_errors import Conflict, DomainError, FieldProblem, InvalidInput, NotFound, RuleViolation

__all__ = ["Conflict", "DomainError", "FieldProblem", "InvalidInput", "NotFound", "RuleViolation"]
