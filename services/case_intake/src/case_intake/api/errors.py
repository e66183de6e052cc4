"""The one table mapping domain errors to HTTP statuses."""

from case_intake.domain.errors import (
    Conflict,
    DecisionBlocked,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
    RuleViolation,
    Unavailable,
)
from platform_errors import DomainError

ERROR_TABLE: dict[type[DomainError], int] = {
    NotFound: 404,
    InvalidInput: 422,
    RuleViolation: 422,
    DecisionBlocked: 422,
    InvalidTransition: 409,
    Conflict: 409,
    NotPermitted: 403,
    Unavailable: 503,
}
