"""Domain errors that carry meaning — a rule id and field-level reasons — and know nothing of HTTP."""

from dataclasses import dataclass

__all__ = ["DomainError", "FieldProblem"]


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class DomainError(Exception):
    """Base of refusals; subclasses set `title` and `slug`, the service's error table sets the status."""

    title = "Request refused"
    slug = "refused"

    def __init__(self, detail: str, *, rule: str | None = None, errors: list[FieldProblem] | None = None, **extra):
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        self.errors = errors or []
        self.extra = extra
