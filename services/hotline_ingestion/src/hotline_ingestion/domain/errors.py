"""Domain errors of hotline_ingestion; `api/errors.py` maps them to HTTP statuses."""

from platform_errors import InvalidInput, NotFound

__all__ = ["InvalidInput", "NotFound"]
