"""An integrator's view: a client generated from the service's own /openapi.json by openapi-python-client (a
well-known generator) runs a 12345 flow against the real service, database, broker and issuer — receive an order,
read it back, find it by the hotline's own number, dispatch it, and read a refusal as a typed problem."""

import importlib
import json
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture(scope="module")
async def generated(hotline, tmp_path_factory) -> ModuleType:
    client, _ = hotline
    workdir = tmp_path_factory.mktemp("generated-client")
    (workdir / "openapi.json").write_text(json.dumps((await client.get("/openapi.json")).json()), encoding="utf-8")
    (workdir / "config.yaml").write_text("post_hooks: []\npackage_name_override: hotline_client\n", encoding="utf-8")
    subprocess.run([str(GENERATOR), "generate", "--path", "openapi.json", "--config", "config.yaml",
                    "--output-path", "hotline_client", "--meta", "none"], cwd=workdir, check=True,
                   capture_output=True, timeout=120)
    sys.path.insert(0, str(workdir))
    try:
        yield importlib.import_module("hotline_client")
    finally:
        sys.path.remove(str(workdir))
        for name in [m for m in sys.modules if m == "hotline_client" or m.startswith("hotline_client.")]:
            del sys.modules[name]


async def test_a_generated_client_receives_finds_and_dispatches_a_work_order(hotline, generated, order):
    client, _ = hotline
    work_orders = importlib.import_module("hotline_client.api.work_orders")
    models = importlib.import_module("hotline_client.models")
    api = generated.AuthenticatedClient(base_url=str(client.base_url),
                                        token=client.headers["Authorization"].removeprefix("Bearer "),
                                        httpx_args={"transport": client._transport})
    intake = order(order_no=f"12345-gen-{uuid.uuid4().hex[:8]}")

    received = await importlib.import_module(f"{work_orders.__name__}.receive").asyncio_detailed(
        client=api, body=models.WorkOrderIntake.from_dict(intake))
    assert received.status_code == 201
    order_id = received.parsed.id

    read = await importlib.import_module(f"{work_orders.__name__}.get_work_order").asyncio(order_id, client=api)
    assert (read.order_no, read.region_code) == (intake["order_no"], intake["region_code"])

    found = await importlib.import_module(f"{work_orders.__name__}.list_work_orders").asyncio(
        client=api, order_no=intake["order_no"])
    assert [item.id for item in found.items] == [order_id]

    take_action = importlib.import_module(f"{work_orders.__name__}.take_action")
    refused = await take_action.asyncio(order_id, client=api, body=models.ActionCommand.from_dict({"action": "办结"}))
    assert isinstance(refused, models.Problem)
    assert (refused.status, refused.rule) == (409, "H-2")
    dispatched = await take_action.asyncio(order_id, client=api, body=models.ActionCommand.from_dict(
        {"action": "派单", "lead_unit": "DG-ZHZF", "reason": "油烟噪音属综合执法"}))
    assert dispatched.status == models.Status("派单")
