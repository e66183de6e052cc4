"""The demo city loads through the same import path a department uses (acting as the service itself, with no
HTTP caller), and is queryable."""

from list_management.application.imports import import_bundle
from list_management.demo import LOADER, demo_bundle


async def test_the_demo_city_imports_in_one_file_and_its_lists_are_in_force(container, client):
    report = await import_bundle(container.uow, demo_bundle(), caller=LOADER, min_steps=3)
    assert report.created["departments"] >= 8 and report.created["matters"] >= 60
    assert report.created["officers"] >= 200 and report.lists_published >= 20
    benchmarks = (await client.get("/api/v1/lists", params={"kind": "benchmark", "in_force_on": "2026-01-01",
                                                            "limit": 200})).json()["items"]
    assert len({b["body"]["matter_code"] for b in benchmarks}) >= 20
    reviewers = (await client.get("/api/v1/personnel", params={"legal_professional_qualification": True})).json()
    assert reviewers["items"]
