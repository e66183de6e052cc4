"""What every route reads from its app: the use-case services, the engine for reads, the operator."""

from typing import Annotated

from fastapi import Depends

from case_intake.application.services import Services
from platform_runtime import dependencies
from platform_runtime.dependencies import EngineDep

ServicesDep = Annotated[Services, Depends(dependencies.services)]
ActorDep = Annotated[str, Depends(dependencies.actor("case_intake"))]

__all__ = ["ActorDep", "EngineDep", "ServicesDep"]
