"""Bodies of the console scripts every service installs: -api, -migrate, -relay, -consumer, -outbox (and
-scheduler for a service with periodic workers of its own, e.g. a deadline watcher)."""

import argparse
import asyncio
import importlib
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from platform_db.migrations import upgrade_to_head
from platform_logging import configure, get_logger
from platform_messaging.outbox_ledger import republish
from platform_runtime.container import ServiceRuntime, freeze_heap
from platform_runtime.liveness import Heartbeat, serve_worker_endpoints
from platform_settings import ServiceSettings

log = get_logger(__name__)

#: Workers serve /metrics beside the API port (deploy/ and helm/ use the same offsets).
WORKER_METRICS_OFFSET = {"relay": 100, "consumer": 200, "scheduler": 300}


def run_api(settings: ServiceSettings, create_app: Callable[[ServiceSettings], FastAPI]) -> None:
    configure(settings.log.level, settings.log.json_output, settings.log.repeat_interval_s)
    uvicorn.run(create_app(settings), host=settings.http.host, port=settings.http.port, log_config=None,
                access_log=False)


def run_migrate(settings: ServiceSettings, migrations: Path) -> None:
    configure(settings.log.level, settings.log.json_output, settings.log.repeat_interval_s)
    upgrade_to_head(migrations, settings.database.url.get_secret_value())
    log.info("migrated", service=settings.service_name)


def run_worker(settings: ServiceSettings, build: Callable[[ServiceSettings], ServiceRuntime], kind: str) -> None:
    configure(settings.log.level, settings.log.json_output, settings.log.repeat_interval_s)
    # /metrics and /livez from a thread: /livez answers 503 once the loop's heartbeat is older than loop_stall_s
    heartbeat = Heartbeat(settings.http.loop_stall_s)
    serve_worker_endpoints(settings.http.port + WORKER_METRICS_OFFSET[kind], heartbeat)

    async def main() -> None:
        runtime = build(settings)
        beating = asyncio.create_task(heartbeat.run(runtime.stop), name="heartbeat")
        freeze_heap()  # see there: a worker needs no warm-up, only a heap the collector need not walk
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, runtime.stop.set)
        if kind == "scheduler":  # the service's own periodic workers, together in one process
            await asyncio.gather(*(work(runtime, runtime.stop) for work in runtime.extra_workers.values()))
        elif kind == "consumer":  # with its reconciler, which the consumer wakes when the broker may have lost data
            await asyncio.gather(runtime.consumer.run(runtime.stop),
                                 *([runtime.reconciler.run(runtime.stop)] if runtime.reconciler else []))
        else:
            await runtime.relay.run(runtime.stop)
        await runtime.close()
        await beating

    asyncio.run(main())


@dataclass(frozen=True)
class ServiceCommands:
    """A service's console scripts (`<name>-api`, `-migrate`, `-relay`, `-consumer`, `-scheduler`), each building
    its settings at call time. `app` names the app factory (`package.api.app:create_app`), imported only by `api`
    so the workers never load the web layer."""

    settings: Callable[[], ServiceSettings]
    build: Callable[[ServiceSettings], ServiceRuntime]
    migrations: Callable[[], Path]
    app: str

    def api(self) -> None:
        module, _, factory = self.app.partition(":")
        run_api(self.settings(), getattr(importlib.import_module(module), factory))

    def migrate(self) -> None:
        run_migrate(self.settings(), self.migrations())

    def relay(self) -> None:
        run_worker(self.settings(), self.build, "relay")

    def consumer(self) -> None:
        run_worker(self.settings(), self.build, "consumer")

    def scheduler(self) -> None:
        """The periodic workers (clock watcher, senders): one replica is enough, a second one is harmless."""
        run_worker(self.settings(), self.build, "scheduler")

    def outbox(self) -> None:
        """`<name>-outbox republish --since … --until … [--topic T] [--event-type X …]`: after a broker lost data."""
        sys.exit(run_outbox(self.settings(), self.build, sys.argv[1:]))


def outbox_parser(prog: str = "outbox") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="The service's outbox, for operators "
                                     "(README: How events flow). The relay sends what is marked.")
    commands = parser.add_subparsers(dest="command", required=True)
    again = commands.add_parser("republish", help="mark the events committed in [since, until) to be sent again")
    again.add_argument("--since", required=True, type=_instant, help="ISO 8601 with offset, e.g. 2026-12-03T08:00+08:00")
    again.add_argument("--until", required=True, type=_instant)
    again.add_argument("--topic", help="only this topic")
    again.add_argument("--event-type", action="append", default=[], help="only this ce_type (repeatable)")
    return parser


def run_outbox(settings: ServiceSettings, build: Callable[[ServiceSettings], ServiceRuntime], argv: list[str]) -> int:
    configure(settings.log.level, settings.log.json_output, settings.log.repeat_interval_s)
    args = outbox_parser(f"{settings.service_name.replace('_', '-')}-outbox").parse_args(argv)
    if args.until <= args.since:
        print("--until must be later than --since", file=sys.stderr)
        return 2

    async def main() -> int:
        runtime = build(settings)
        try:
            count = await republish(runtime.engine, runtime.outbox, since=args.since, until=args.until,
                                    topic=args.topic, event_types=args.event_type)
        finally:
            await runtime.close()
        log.info("outbox_republished", rows=count, by="operator command", since=args.since.isoformat(),
                 until=args.until.isoformat(), topic=args.topic, event_types=args.event_type)
        print(f"{count} events marked to be sent again")
        return 0

    return asyncio.run(main())


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset (e.g. +08:00)")
    return moment
