"""/healthz (alive), /readyz (able to serve, else 503 naming what is down), /metrics (Prometheus).

A readiness check is either *required* (the service cannot serve without it: database, migrations, token issuer
keys) or *reported* (the service still serves without it, e.g. the broker: writes wait in the outbox). A required
check that fails makes /readyz 503 problem+json naming it; a reported one that fails keeps /readyz at 200 with
`"status": "degraded"` and `checks: {broker: "down: …"}`. Every check also sets `dependency_up{dependency}` (1/0),
so a reported outage is alerted on although no pod leaves rotation."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Gauge, generate_latest

from platform_http.problems import edge_problem

DEPENDENCY_UP = Gauge("dependency_up", "1 when the dependency answered the last readiness probe, else 0 "
                      "(required: database, migrations, issuer; reported: broker)", ["service", "dependency"])


@dataclass(frozen=True)
class ReadinessCheck:
    """A named dependency probe; it raises or returns a reason string when the dependency is not ready.

    `required=False`: a failure is reported (body, `dependency_up`) but does not make /readyz 503."""

    name: str
    probe: Callable[[], Awaitable[str | None]]
    timeout_s: float = 3.0
    required: bool = True


async def _run(check: ReadinessCheck) -> str | None:
    try:
        return await asyncio.wait_for(check.probe(), check.timeout_s)
    except TimeoutError:
        return "timed out"
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency means "not ready"
        return f"{type(exc).__name__}: {exc}"[:300]


def health_router(
    checks: Sequence[ReadinessCheck], before_metrics: Callable[[], Awaitable[None]] | None = None,
    *, service: str = "",
) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="Process is alive (no dependencies checked)")
    async def healthz() -> dict:
        return {"status": "ok"}

    @router.get("/readyz", summary="Able to serve: database reachable, migrations at head, issuer keys loaded "
                "(503 otherwise); a broker outage is reported as degraded (200)")
    async def readyz() -> JSONResponse:
        reasons = await asyncio.gather(*(_run(c) for c in checks))
        results = dict(zip(checks, reasons, strict=True))
        for check, reason in results.items():
            DEPENDENCY_UP.labels(service, check.name).set(0 if reason else 1)
        body = {c.name: f"down: {r}" if r else "ok" for c, r in results.items()}
        down = {c.name: r for c, r in results.items() if r and c.required}
        if down:
            detail = "; ".join(f"{name}: {reason}" for name, reason in down.items())
            return edge_problem("not-ready", detail, down=down, checks=body)
        degraded = any(results.values())
        return JSONResponse({"status": "degraded" if degraded else "ready", "checks": body})

    @router.get("/metrics", summary="Prometheus metrics", response_class=Response,
                responses={200: {"description": "Prometheus text exposition format",
                                 "content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}}}})
    async def metrics() -> Response:
        if before_metrics is not None:
            await before_metrics()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
