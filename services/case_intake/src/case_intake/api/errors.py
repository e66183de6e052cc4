"""The one table mapping domain errors to HTTP statuses."""

from case_intake.domain.errors import (
    DecisionBlocked,
    InvalidInput,
    InvalidTransition,
    NotFound,
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
    Unavailable: 503,
}
