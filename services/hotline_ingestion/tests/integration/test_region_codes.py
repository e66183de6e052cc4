"""12345 platforms name the township (9 digits) or the village or community (12 digits) an order concerns, not only
its county (6): such orders are received, lie inside their county for every caller and filter, and a township's own
handling-time policy applies to them (H-3, H-11)."""

import uuid

import pytest

COUNTY, TOWNSHIP, VILLAGE = "210681", "210681001", "210681001002"
READER = "workorders:read"


@pytest.fixture(scope="module")
async def county_reader(tokens) -> dict:
    return await tokens.headers(READER, region=COUNTY, data_scope="region", clearance="internal")


@pytest.fixture(scope="module")
async def township_reader(tokens) -> dict:
    return await tokens.headers(READER, region=TOWNSHIP, data_scope="region", clearance="internal")


async def test_orders_of_a_township_and_a_village_are_received_and_read_back_as_sent(hotline, order):
    client, _ = hotline
    for code in (TOWNSHIP, VILLAGE):
        received = await client.post("/api/v1/work-orders", json=order(region_code=code))
        assert received.status_code == 201, received.text
        assert received.json()["region_code"] == code


@pytest.mark.parametrize("code", ["21068", "2106810", "2106810010", "21068100100210", "21068x"])
async def test_other_lengths_are_refused_naming_the_field(hotline, order, code):
    client, _ = hotline
    refused = await client.post("/api/v1/work-orders", json=order(region_code=code))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "region_code"


async def test_a_county_sees_its_townships_and_villages_and_a_township_only_its_own(
        hotline, order, county_reader, township_reader):
    client, _ = hotline
    tag = uuid.uuid4().hex[:8]
    ids = {}
    for code in (COUNTY, TOWNSHIP, VILLAGE, "210681002"):
        ids[code] = (await client.post("/api/v1/work-orders", json=order(region_code=code,
                                                                         order_no=f"12345-rc-{tag}-{code}"))).json()["id"]

    async def listed(headers: dict, prefix: str) -> set[str]:
        page = await client.get("/api/v1/work-orders", params={"region_code": prefix, "limit": 500}, headers=headers)
        assert page.status_code == 200, page.text
        return {o["id"] for o in page.json()["items"]} & set(ids.values())

    assert await listed(county_reader, COUNTY) == set(ids.values())
    assert await listed(county_reader, TOWNSHIP) == {ids[TOWNSHIP], ids[VILLAGE]}
    assert await listed(county_reader, "2106") == set(ids.values())
    assert await listed(township_reader, COUNTY) == {ids[TOWNSHIP], ids[VILLAGE]}
    assert (await client.get(f"/api/v1/work-orders/{ids['210681002']}", headers=township_reader)).status_code == 404
    assert (await client.get(f"/api/v1/work-orders/{ids[VILLAGE]}", headers=township_reader)).status_code == 200


async def test_a_region_filter_of_another_length_is_refused(hotline):
    client, _ = hotline
    refused = await client.get("/api/v1/work-orders", params={"region_code": "210"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "region_code"
