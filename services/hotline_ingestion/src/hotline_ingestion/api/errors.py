"""The one table mapping domain errors to HTTP statuses."""

from hotline_ingestion.domain.errors import InvalidInput, NotFound
from hotline_ingestion.domain.lifecycle import InvalidTransition, RuleViolation, WrongUnit
from platform_errors import Conflict, DomainError

ERROR_TABLE: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    InvalidTransition: 409,
    RuleViolation: 409,
    WrongUnit: 403,
}
