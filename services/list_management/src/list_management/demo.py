"""Demo data for 东港市: loaded once, through the same import path departments use, by the service itself."""

import json

from sqlalchemy import func, select

from list_management import bootstrap
from list_management.adapters.tables import department
from list_management.application.imports import import_bundle
from list_management.demo_data import DEMO_DIR
from list_management.demo_data.officers import demo_officers
from list_management.settings import Settings
from platform_identity import system_caller
from platform_logging import get_logger

log = get_logger(__name__)
#: The loader has no HTTP caller: it acts as the service itself (recorded as `list_management`), for every agency.
LOADER = system_caller("list_management")


def demo_bundle() -> dict:
    lists = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DEMO_DIR / "lists").glob("*.json"))]
    return {
        "departments": json.loads((DEMO_DIR / "departments.json").read_text(encoding="utf-8")),
        "matters": json.loads((DEMO_DIR / "matters.json").read_text(encoding="utf-8")),
        "officers": demo_officers(),
        "lists": lists,
    }


async def load_demo(settings: Settings) -> None:
    container = bootstrap.build(settings)
    try:
        async with container.engine.connect() as conn:
            count = (await conn.execute(select(func.count()).select_from(department))).scalar_one()
        if count:
            log.info("demo_skipped", reason="data present", departments=count)
            return
        report = await import_bundle(container.uow, demo_bundle(), caller=LOADER,
                                     min_steps=settings.rules.benchmark_min_steps)
        log.info("demo_loaded", **{k: v for k, v in report.__dict__.items()})
    finally:
        await container.close()
