"""What every route reads from its app: the use-case services, the engine for reads, the operator."""

from typing import Annotated

from fastapi import Depends

from legality_review.application.services import Services
from platform_runtime import dependencies
from platform_runtime.dependencies import EngineDep

ServicesDep = Annotated[Services, Depends(dependencies.services)]
ActorDep = Annotated[str, Depends(dependencies.actor("legality_review"))]

__all__ = ["ActorDep", "EngineDep", "ServicesDep"]
