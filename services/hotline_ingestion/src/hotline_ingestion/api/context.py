"""What every route reads from its app, through the runtime's one seam: the use-case services and the caller."""

from typing import Annotated

from fastapi import Depends

from hotline_ingestion.application.access import scope_for
from hotline_ingestion.application.services import Services
from hotline_ingestion.domain.lifecycle import Action
from platform_identity import Caller
from platform_runtime import dependencies
from platform_runtime.dependencies import InsufficientScope

ServicesDep = Annotated[Services, Depends(dependencies.services)]


def authorize_action(caller: Caller, action: Action) -> None:
    """The actions route declares `workorders:read`; each action needs its own scope besides (403 naming it):
    the centre's `workorders:dispatch`, a unit's `workorders:handle`."""
    needed = scope_for(action)
    if needed not in caller.scopes:
        raise InsufficientScope([needed])


__all__ = ["ServicesDep", "authorize_action"]
