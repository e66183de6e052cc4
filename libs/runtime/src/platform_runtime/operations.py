"""Routes every service serves for its operators: the dead letters its consumer gave up on, and their replay."""

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request

from platform_messaging import DeadLetterNotFound, list_dead_letters, replay_dead_letter


def operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/dead-letters", summary="Messages this service's consumer gave up on")
    async def dead_letters(request: Request, pending_only: bool = False,
                           after_id: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
                           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict]:
        runtime = request.app.state.container
        views = await list_dead_letters(runtime.engine, runtime.dead_letter, limit=limit, after_id=after_id,
                                        pending_only=pending_only)
        return [v.__dict__ for v in views]

    @router.post("/dead-letters/{dead_letter_id}/replay",
                 summary="Run a dead letter through its handler again (same ce_id: exactly-once in effect)")
    async def replay(request: Request, dead_letter_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                     x_operator_id: Annotated[str | None, Header(alias="X-Operator-Id")] = None) -> dict:
        runtime = request.app.state.container
        try:
            outcome = await replay_dead_letter(runtime.engine, runtime.dead_letter, dead_letter_id, runtime.consumer)
        except DeadLetterNotFound as exc:
            raise HTTPException(404, f"dead letter {dead_letter_id} does not exist") from exc
        except Exception as exc:  # noqa: BLE001 - the handler still fails: report it, keep the letter pending
            raise HTTPException(409, f"replay failed again: {type(exc).__name__}: {exc}") from exc
        return {"id": dead_letter_id, "outcome": outcome, "replayed_by": x_operator_id or "operator"}

    return router
