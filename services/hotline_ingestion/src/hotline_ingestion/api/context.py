"""What every route of this service reads from its app: the runtime and the configured policies."""

from fastapi import Request

from hotline_ingestion.application.policies import Policies
from platform_runtime import ServiceRuntime


def runtime(request: Request) -> ServiceRuntime:
    return request.app.state.container


def policies(request: Request) -> Policies:
    """Built once per app from settings (clocks, routing rules, dedupe, automatic 督办): every intake path agrees."""
    state = request.app.state
    if getattr(state, "policies", None) is None:
        state.policies = Policies.from_settings(runtime(request).settings)
    return state.policies
