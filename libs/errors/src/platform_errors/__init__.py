"""Domain errors that carry meaning — a rule id and field-level reasons — and know nothing of HTTP."""

from dataclasses import dataclass

__all__ = ["Conflict", "DomainError", "FieldProblem", "InvalidInput", "NotFound", "NotPermitted", "RuleViolation"]


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class DomainError(Exception):
    """Base of refusals; subclasses set `title` and `slug`, the service's error table sets the status."""

    title = "Request refused"
    slug = "refused"

    def __init__(self, detail: str, *, rule: str | None = None, errors: list[FieldProblem] | None = None, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        self.errors = errors or []
        self.extra = extra


# The refusals every service raises; a service adds its own kinds beside them (its error table sets the statuses).


class NotFound(DomainError):
    title = "Not found"
    slug = "not-found"


class InvalidInput(DomainError):
    title = "Invalid input"
    slug = "invalid-input"


class RuleViolation(DomainError):
    """A legal rule refused the action; `rule` carries its DOMAIN.md id and nothing was written."""

    title = "Refused by a legal rule"
    slug = "rule-violation"


class Conflict(DomainError):
    """The request contradicts the resource's state (e.g. editing a published version)."""

    title = "Conflict with the current state"
    slug = "conflict"


class NotPermitted(DomainError):
    """The verified caller may not do this (e.g. act as another unit, conclude a round assigned to someone else);
    answered 403 with the rule id when a rule decides who may act."""

    title = "Not permitted for this caller"
    slug = "not-permitted"
