"""Annotated dependencies shared by the routes."""

from typing import Annotated

from fastapi import Depends, Header, Request

from list_management.bootstrap import Container


def _container(request: Request) -> Container:
    return request.app.state.container


def _actor(x_operator_id: Annotated[str | None, Header(description="操作人标识 (audit)")] = None) -> str:
    return (x_operator_id or "anonymous")[:100]


ContainerDep = Annotated[Container, Depends(_container)]
ActorDep = Annotated[str, Depends(_actor)]
