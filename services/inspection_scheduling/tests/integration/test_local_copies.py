"""一单两库 kept current from list_management's events (R-2): agencies, the inspector pool and the published
inspection matter lists (E-2), with a newer list version replacing an older one and a late old one ignored."""

import uuid
from datetime import date

from sqlalchemy import select

from inspection_scheduling.adapters import tables
from platform_devstack.pytest_plugin import eventually, publish
from platform_events.contracts import list_management as lm

LM = "/services/list_management"


async def _matters(runtime, series: str) -> list[tuple[str, int]]:
    m = tables.inspection_matter.c
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(select(m.matter_code, m.version).where(m.series_key == series)
                                  .order_by(m.matter_code))
        return [tuple(r) for r in rows]


def _published(dept: str, version: int, codes: list[str]) -> lm.InspectionMatterListPublished:
    return lm.InspectionMatterListPublished(
        list_id=str(uuid.uuid4()), kind="inspection_matter_list", series_key=f"{dept}:jc", version=version,
        department_code=dept, title="随机抽查事项清单", effective_from=date(2026, 1, 1),
        published_at="2026-01-05T09:00:00+08:00",
        body={"kind": "inspection_matter_list", "matters": [
            {"matter_code": c, "basis": "《食品安全法》", "objects": "食品经营者", "ratio_percent": "5",
             "frequency_per_year": 1} for c in codes]})


async def test_r2_a_newer_matter_list_version_replaces_the_older_and_a_late_old_one_changes_nothing(
        inspection, producer, agency):
    _, runtime = inspection
    dept, series = agency.department, f"{agency.department}:jc"
    await publish(producer, _published(dept, 2, ["M-1", "M-2"]), dept, source=LM)
    await eventually(lambda: _has(runtime, series, [("M-1", 2), ("M-2", 2)]))
    await publish(producer, _published(dept, 3, ["M-3"]), dept, source=LM)
    await eventually(lambda: _has(runtime, series, [("M-3", 3)]))
    await publish(producer, _published(dept, 1, ["M-OLD"]), dept, source=LM)
    await publish(producer, _published(dept, 4, ["M-4"]), dept, source=LM)  # behind the late one, same key
    await eventually(lambda: _has(runtime, series, [("M-4", 4)]))


async def _has(runtime, series: str, expected: list[tuple[str, int]]) -> bool:
    return await _matters(runtime, series) == expected


async def test_e1_a_suspended_certificate_reaches_the_inspector_pool(inspection, producer, agency):
    _, runtime = inspection
    person = agency.inspectors[0]
    await publish(producer, lm.CertificateStatusChanged(person_no=person, certificate_no=f"ZF{person}",
                                                        previous_status="valid", status="suspended",
                                                        effective_on=date(2026, 11, 1), reason="停职"),
                  person, source=LM)

    async def suspended() -> bool:
        async with runtime.engine.connect() as conn:
            o = tables.officer_copy.c
            return (await conn.execute(select(o.status).where(o.person_no == person))).scalar_one() == "suspended"
    await eventually(suspended)
