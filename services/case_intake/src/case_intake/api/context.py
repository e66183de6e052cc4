"""What every route reads from its app: the use-case services, the engine for reads, the operator."""

from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from case_intake.application.services import Services


def _services(request: Request) -> Services:
    return request.app.state.container.services


def _engine(request: Request) -> AsyncEngine:
    return request.app.state.container.engine


def _actor(x_operator_id: Annotated[str | None, Header(alias="X-Operator-Id", description="操作人 (audit)")] = None
           ) -> str:
    return x_operator_id or "case_intake"


ServicesDep = Annotated[Services, Depends(_services)]
EngineDep = Annotated[AsyncEngine, Depends(_engine)]
ActorDep = Annotated[str, Depends(_actor)]
