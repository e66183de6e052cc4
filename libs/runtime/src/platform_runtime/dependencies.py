"""What a service's routes read from their app, as FastAPI dependencies: its use-case services, its engine for
reads, and the operator named in `X-Operator-Id` (recorded as the actor in the audit fields)."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncEngine


def services(request: Request) -> Any:  # noqa: ANN401 - each service annotates its own Services type
    return request.app.state.container.services


def engine(request: Request) -> AsyncEngine:
    return request.app.state.container.engine


def actor(default: str) -> Callable[..., str]:
    """The operator of the request, or `default` (the service's name) when no operator is named."""

    def read(x_operator_id: Annotated[str | None, Header(alias="X-Operator-Id", description="操作人 (audit)")] = None
             ) -> str:
        return x_operator_id or default

    return read


EngineDep = Annotated[AsyncEngine, Depends(engine)]
