"""/healthz (alive), /readyz (dependencies ready, else 503 naming what is down), /metrics (Prometheus)."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from platform_http.problems import edge_problem


@dataclass(frozen=True)
class ReadinessCheck:
    """A named dependency probe; it raises or returns a reason string when the dependency is not ready."""

    name: str
    probe: Callable[[], Awaitable[str | None]]
    timeout_s: float = 3.0


async def _run(check: ReadinessCheck) -> str | None:
    try:
        return await asyncio.wait_for(check.probe(), check.timeout_s)
    except TimeoutError:
        return "timed out"
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency means "not ready"
        return f"{type(exc).__name__}: {exc}"[:300]


def health_router(
    checks: Sequence[ReadinessCheck], before_metrics: Callable[[], Awaitable[None]] | None = None
) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="Process is alive (no dependencies checked)")
    async def healthz() -> dict:
        return {"status": "ok"}

    @router.get("/readyz", summary="Database reachable, migrations at head, broker answering")
    async def readyz() -> JSONResponse:
        reasons = await asyncio.gather(*(_run(c) for c in checks))
        down = {c.name: r for c, r in zip(checks, reasons, strict=True) if r}
        if down:
            detail = "; ".join(f"{name}: {reason}" for name, reason in down.items())
            return edge_problem("not-ready", detail, down=down)
        return JSONResponse({"status": "ready", "checks": {c.name: "ok" for c in checks}})

    @router.get("/metrics", summary="Prometheus metrics")
    async def metrics() -> Response:
        if before_metrics is not None:
            await before_metrics()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
