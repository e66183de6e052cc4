"""The HTTP edge shared by every service: problem+json, correlation, health, readiness, metrics."""

from platform_http.correlation import CorrelationMiddleware
from platform_http.health import ReadinessCheck, health_router
from platform_http.nul_guard import NulGuardMiddleware
from platform_http.problems import ErrorTable, install_problem_handlers, problem

__all__ = [
    "CorrelationMiddleware",
    "ErrorTable",
    "NulGuardMiddleware",
    "ReadinessCheck",
    "health_router",
    "install_problem_handlers",
    "problem",
]
