"""一单两库 over HTTP and the database (R-2): the inspector pool with who may be drawn and why not (E-1), declared
conflicts (R-10), the matter list copy (E-2), and the object pool's imports and updates."""

from datetime import date

from inspection_scheduling.application.pool import inspector_pool, workload_caps
from inspection_scheduling.domain.entities import CHARSET
from platform_events.personal import is_credit_code

ON = date(2026, 11, 2)


def credit_code(region: str, serial: int) -> str:
    """A 统一社会信用代码 of `region` (6 digits) whose check character holds (GB 32100)."""
    body = f"91{region}MA{serial:07d}"
    return next(body + c for c in CHARSET if is_credit_code(body + c))


async def _pool(runtime, departments: list[str]):
    async with runtime.engine.connect() as conn:
        return {i.inspector_id: i for i in await inspector_pool(conn, departments, ON)}


async def test_e1_r10_the_draws_inspector_pool_marks_auxiliaries_and_lapsed_certificates_and_holds_conflicts(
        inspection, agency):
    client, runtime = inspection
    person, code = agency.inspectors[0], credit_code(agency.region, 1)
    declared = await client.post(f"/api/v1/inspectors/{person}/conflicts",
                                 json={"credit_code": code, "reason": "配偶任该企业股东"})
    assert declared.status_code == 201, declared.text
    put = await client.put(f"/api/v1/inspectors/{agency.inspectors[1]}/profile",
                           json={"specialties": ["食品安全"], "max_objects_per_draw": 3, "active": True})
    assert put.status_code == 200, put.text
    await client.put(f"/api/v1/inspectors/{agency.inspectors[2]}/profile", json={"active": False})
    pool = await _pool(runtime, [agency.department, agency.neighbour])
    assert pool[person].conflicts == (code,)
    assert pool[agency.inspectors[1]].specialties == ("市场监管", "食品安全")
    assert agency.inspectors[2] not in pool  # 出库
    assert pool[agency.auxiliary].auxiliary
    assert pool[agency.suspended].certificate_valid_from is None  # the core skips it: no_certificate (E-1)
    assert pool[agency.expired].certificate_valid_until == date(2025, 6, 30)
    assert set(agency.neighbour_inspectors) <= set(pool)
    async with runtime.engine.connect() as conn:
        assert await workload_caps(conn, [agency.department]) == {agency.inspectors[1]: 3}
