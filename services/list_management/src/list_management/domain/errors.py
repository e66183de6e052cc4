"""Domain errors; `api/errors.py` maps them to problem+json in one table."""

from platform_errors import DomainError, FieldProblem

__all__ = ["Conflict", "DomainError", "FieldProblem", "InvalidInput", "NotFound", "RuleViolation"]


class NotFound(DomainError):
    title = "Not found"
    slug = "not-found"


class Conflict(DomainError):
    """The request contradicts the resource's state (e.g. editing a published version)."""

    title = "Conflict with the current state"
    slug = "conflict"


class InvalidInput(DomainError):
    title = "Invalid input"
    slug = "invalid-input"


class RuleViolation(DomainError):
    """A legal rule refused the action; `rule` carries its DOMAIN.md id."""

    title = "Refused by a legal rule"
    slug = "rule-violation"
