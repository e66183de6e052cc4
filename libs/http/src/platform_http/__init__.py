"""The HTTP edge shared by every service: problem+json, correlation, health, readiness, metrics."""

from platform_http.body_limit import MIB, BodyLimitMiddleware, BodyTooLarge, body_limit
from platform_http.correlation import CorrelationMiddleware
from platform_http.health import ReadinessCheck, health_router
from platform_http.language import Text, localized
from platform_http.nul_guard import NulGuardMiddleware
from platform_http.problems import (
    EDGE_PROBLEMS,
    PROBLEM_JSON,
    TYPE_BASE,
    UnhandledErrorMiddleware,
    edge_problem,
    install_problem_handlers,
    problem,
    register_edge_problem,
)

__all__ = [
    "EDGE_PROBLEMS",
    "MIB",
    "BodyLimitMiddleware",
    "BodyTooLarge",
    "body_limit",
    "PROBLEM_JSON",
    "TYPE_BASE",
    "CorrelationMiddleware",
    "Text",
    "UnhandledErrorMiddleware",
    "NulGuardMiddleware",
    "ReadinessCheck",
    "health_router",
    "edge_problem",
    "install_problem_handlers",
    "localized",
    "problem",
    "register_edge_problem",
]
