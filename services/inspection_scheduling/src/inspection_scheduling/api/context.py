"""What every route reads from its app, through the one seam (platform_runtime.dependencies): the use-case
services and the engine. The verified caller is declared on each route with `require(<scope>)`."""

from typing import Annotated

from fastapi import Depends

from inspection_scheduling.application.services import Services
from platform_runtime import dependencies
from platform_runtime.dependencies import EngineDep, require

ServicesDep = Annotated[Services, Depends(dependencies.services)]

__all__ = ["EngineDep", "ServicesDep", "require"]
