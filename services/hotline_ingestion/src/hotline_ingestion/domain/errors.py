"""Refusals of hotline_ingestion: the platform's kinds, one HTTP status each everywhere."""

from platform_errors import InvalidInput, InvalidTransition, NotFound, RuleViolation

__all__ = ["InvalidInput", "InvalidTransition", "NotFound", "RuleViolation"]
