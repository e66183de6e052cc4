"""What checking an access token costs a request, with the issuer's keys cached (issue target: < 0.3 ms at p50).

One run, one process: the local issuer (oidc-provider) issues a real RFC 9068 token; a service app built by
`create_service_app` serves two routes that do the same work — one open (`PUBLIC`), one guarded by
`require("bench:read")` — called in turn through the app's ASGI interface (no sockets, so the difference is the
check and nothing else): the open route; the guarded route with the token checked in full (signature, header and
claims, keys from the cache: the verifier's memory of verified tokens is emptied before each request); the guarded
route with a token it has verified before (what a client reusing its token until expiry pays). Printed:
percentiles of each, the difference at p50 (the target is judged on the full check), and the bare
`TokenVerifier.verify` call.

    .venv/bin/python bench/identity_verify.py [--requests 5000] [--strict]
"""

import argparse
import asyncio
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

import httpx
from fastapi import APIRouter

from platform_devstack.identity import LocalIssuer, aclient_credentials_token, aregister_client
from platform_devstack.processes import free_port
from platform_identity import Caller
from platform_runtime import create_service_app
from platform_runtime.container import freeze_heap
from platform_runtime.dependencies import PUBLIC, require
from platform_settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 0.3


def bench_app(settings: ServiceSettings):  # noqa: ANN201 - a FastAPI app; the lifespan is not needed here
    router = APIRouter()

    @router.get("/open", dependencies=[PUBLIC])
    async def open_route() -> dict:
        return {"ok": True}

    @router.get("/guarded")
    async def guarded(caller: Annotated[Caller, require("bench:read")]) -> dict:
        return {"ok": True}

    return create_service_app(settings, lambda s: None, title="bench", description="identity bench",
                              routers=[router], publishes=[])


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)]


async def measure(n: int, issuer: LocalIssuer) -> dict[str, list[float]]:
    client = await aregister_client(issuer.issuer, issuer.initial_access_token, scope="bench:read",
                                    agencies=["DG-SCJG"], region="210681", data_scope="agency", clearance="internal",
                                    grant_types=["client_credentials"], response_types=[], redirect_uris=[],
                                    token_endpoint_auth_method="client_secret_basic")
    token = await aclient_credentials_token(issuer.issuer, client.client_id, client.client_secret)
    settings = ServiceSettings(service_name="bench", identity={"issuer": issuer.issuer, "audience": issuer.audience})
    app = bench_app(settings)
    headers = {"Authorization": f"Bearer {token}"}
    freeze_heap()  # as every service process does before it serves (prepare_to_serve): the same GC settings
    timings: dict[str, list[float]] = {"open": [], "guarded": [], "fresh": [], "verify": []}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
        for _ in range(200):  # warm up: keys fetched and cached, code paths hot
            assert (await http.get("/api/v1/guarded", headers=headers)).status_code == 200
            await http.get("/api/v1/open", headers=headers)
        for _ in range(n):
            for route in ("open", "guarded", "fresh"):  # alternate, so drift of the machine hits all alike
                if route == "fresh":  # the token checked in full, from the cached keys
                    app.state.identity._verified.clear()
                started = time.perf_counter()
                response = await http.get(f"/api/v1/{'open' if route == 'open' else 'guarded'}", headers=headers)
                timings[route].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
    verifier = app.state.identity
    for _ in range(n):  # the first check of each token: what a request pays the first time it presents it
        verifier._verified.clear()
        started = time.perf_counter()
        await verifier.verify(token)
        timings["verify"].append((time.perf_counter() - started) * 1000)
    await verifier.keys.close()
    return timings


def report(timings: dict[str, list[float]]) -> bool:
    print(f"{'':<34}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    for label, key in (("open route (no token checked)", "open"),
                       ("guarded, token checked in full", "fresh"),
                       ("guarded, token seen before", "guarded"),
                       ("TokenVerifier, check in full", "verify")):
        values = timings[key]
        print(f"{label:<34}{pct(values, 50):>10.3f}{pct(values, 90):>10.3f}{pct(values, 99):>10.3f}"
              f"{statistics.fmean(values):>10.3f}")
    full = pct(timings["fresh"], 50) - pct(timings["open"], 50)
    seen = pct(timings["guarded"], 50) - pct(timings["open"], 50)
    verdict = "PASS" if full < TARGET_MS else "MISSED"
    print(f"\nadded at p50, token checked in full from cached keys: {full:.3f} ms (target < {TARGET_MS} ms): {verdict}")
    print(f"added at p50, a token the service has verified before: {seen:.3f} ms")
    return full < TARGET_MS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="bench-identity-", dir=ROOT / ".tmp"))
    issuer = LocalIssuer(free_port(), workdir / "issuer")
    try:
        issuer.start()
        print(f"local issuer {issuer.issuer}; {args.requests} requests per route, in-process ASGI, one core\n")
        ok = report(asyncio.run(measure(args.requests, issuer)))
    finally:
        issuer.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok or not args.strict else 1)


if __name__ == "__main__":
    main()
