"""What every route reads from its app, through the one seam of platform_runtime.dependencies: the use-case
services, the engine for reads, and the verified caller (`require("<scope>")`, declared next to each route)."""

from typing import Annotated

from fastapi import Depends

from case_intake.application.services import Services
from platform_identity import Caller
from platform_runtime import dependencies
from platform_runtime.dependencies import PUBLIC, PUBLIC_OPENAPI, EngineDep, require

ServicesDep = Annotated[Services, Depends(dependencies.services)]

__all__ = ["PUBLIC", "PUBLIC_OPENAPI", "Caller", "EngineDep", "ServicesDep", "require"]
