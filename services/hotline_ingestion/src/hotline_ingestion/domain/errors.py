"""Domain errors of hotline_ingestion; `api/errors.py` maps them to HTTP statuses."""

from platform_errors import DomainError


class NotFound(DomainError):
    title = "Not found"
    slug = "not-found"


class InvalidInput(DomainError):
    title = "Invalid input"
    slug = "invalid-input"

