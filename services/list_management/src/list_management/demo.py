"""Demo data for 东港市: loaded once, through the same import path departments use."""

import json

from list_management import bootstrap
from list_management.application.imports import import_bundle
from list_management.demo_data import DEMO_DIR
from list_management.demo_data.officers import demo_officers
from list_management.settings import Settings
from platform_logging import get_logger

log = get_logger(__name__)


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
        async with container.uow() as uow:
            from sqlalchemy import func, select

            from list_management.adapters.tables import department

            count = (await uow.session.execute(select(func.count()).select_from(department))).scalar_one()
        if count:
            log.info("demo_skipped", reason="data present", departments=count)
            return
        report = await import_bundle(container.uow, demo_bundle(), actor="demo-loader",
                                     min_steps=settings.rules.benchmark_min_steps)
        log.info("demo_loaded", **{k: v for k, v in report.__dict__.items()})
    finally:
        await container.close()
