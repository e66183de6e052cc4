"""The one table mapping domain errors to HTTP statuses."""

from list_management.domain.errors import Conflict, DomainError, InvalidInput, NotFound, RuleViolation
from platform_messaging import DeadLetterNotFound

ERROR_TABLE: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    RuleViolation: 422,
}

__all__ = ["DeadLetterNotFound", "ERROR_TABLE"]
