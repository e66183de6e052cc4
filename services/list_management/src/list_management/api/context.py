"""What every route reads from its app, through the one seam of platform_runtime.dependencies: the service and the
verified caller (each route declares its own scope with `require(...)` next to it)."""

from typing import Annotated

from fastapi import Depends

from list_management.application.services import Services
from platform_identity import Caller
from platform_runtime import dependencies
from platform_runtime.dependencies import InsufficientScope, require

ServicesDep = Annotated[Services, Depends(dependencies.services)]


def require_also(caller: Caller, scope: str) -> None:
    """A route that carries several kinds of record checks the one at hand inside (403 naming the scope)."""
    if scope not in caller.scopes:
        raise InsufficientScope([scope])


__all__ = ["Caller", "ServicesDep", "require", "require_also"]
