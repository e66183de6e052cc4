"""The one table mapping domain errors to HTTP statuses."""

from legality_review.domain.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolation
from platform_errors import DomainError

ERROR_TABLE: dict[type[DomainError], int] = {NotFound: 404, InvalidInput: 422, RuleViolation: 422, Conflict: 409,
                                             NotPermitted: 403}
