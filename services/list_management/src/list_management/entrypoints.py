"""Console scripts: list-management-api, -migrate, -relay, -consumer, -demo."""

import asyncio
import signal

import uvicorn
from prometheus_client import start_http_server

from list_management import bootstrap
from list_management.settings import Settings
from platform_db.migrations import upgrade_to_head
from platform_logging import configure, get_logger

log = get_logger(__name__)


def api() -> None:
    from list_management.api.app import create_app

    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.http.host, port=settings.http.port, log_config=None,
                access_log=False)


def migrate() -> None:
    settings = Settings()
    configure(settings.log.level, settings.log.json_output)
    upgrade_to_head(bootstrap.migrations_dir(), settings.database.url.get_secret_value())
    log.info("migrated", service=settings.service_name)


def relay() -> None:
    _run_worker("relay")


def consumer() -> None:
    _run_worker("consumer")


def demo() -> None:
    from list_management.demo import load_demo

    settings = Settings()
    configure(settings.log.level, settings.log.json_output)
    asyncio.run(load_demo(settings))


def _run_worker(kind: str) -> None:
    settings = Settings()
    configure(settings.log.level, settings.log.json_output)
    start_http_server(settings.http.port + (100 if kind == "relay" else 200))  # /metrics for the worker

    async def main() -> None:
        container = bootstrap.build(settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, container.stop.set)
        worker = container.relay if kind == "relay" else container.consumer
        await worker.run(container.stop)
        await container.close()

    asyncio.run(main())
