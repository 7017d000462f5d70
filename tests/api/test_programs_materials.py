"""Shared materials over HTTP: declare, nearest search as GeoJSON, lending by the right parties."""

from __future__ import annotations

import pytest

from tests.gis.programs.park import programs_client, programs_park

__all__ = ["programs_park"]


@pytest.fixture(scope="module")
async def api(programs_park, tmp_path_factory):  # noqa: F811
    roles = ("manager", "responder", "enterprise", "enterprise_b", "screen")
    async with programs_client(programs_park, tmp_path_factory.mktemp("home"), roles) as pair:
        yield pair


async def test_declared_stocks_are_found_nearest_first_and_lent_by_their_holder(api, programs_park):
    client, headers = api
    stock = await client.post(
        "/programs/materials/stocks",
        headers=headers["enterprise"],
        json={"material_type": "api_pads", "name_zh": "吸附棉", "quantity": 80, "unit": "片"},
    )
    assert stock.status_code == 201 and stock.json()["enterprise_id"] == programs_park.ids["A"]
    depot = await client.post(
        "/programs/materials/stocks",
        headers=headers["enterprise"],
        json={
            "resource_id": programs_park.ids["DEPOT"],
            "material_type": "api_pads",
            "name_zh": "x",
            "quantity": 1,
            "unit": "片",
        },
    )
    assert depot.status_code == 400  # an enterprise declares only its own
    found = await client.get(
        "/programs/materials/nearest",
        headers=headers["screen"],
        params={"material_type": "api_pads", "lon": 105.064, "lat": 28.730},
    )
    feature = found.json()["features"][0]
    assert feature["id"] == stock.json()["id"] and feature["properties"]["distance_m"] < 100
    loan = await client.post(
        "/programs/materials/loans",
        headers=headers["responder"],
        json={"stock_id": stock.json()["id"], "quantity": 30, "purpose": "B厂泄漏"},
    )
    assert loan.status_code == 201
    url = f"/programs/materials/loans/{loan.json()['id']}"
    assert (await client.post(f"{url}/approve", headers=headers["enterprise_b"], json={})).status_code == 404
    assert (await client.post(f"{url}/approve", headers=headers["responder"], json={})).status_code == 403
    assert (await client.post(f"{url}/approve", headers=headers["enterprise"], json={})).json()[
        "state"
    ] == "approved"
    assert (await client.post(f"{url}/hand-over", headers=headers["manager"], json={})).json()[
        "state"
    ] == "handed_over"
    stocks = await client.get(
        "/programs/materials/stocks", headers=headers["screen"], params={"material_type": "api_pads"}
    )
    assert stocks.json()["stocks"][0]["quantity"] == 50
    back = await client.post(f"{url}/return", headers=headers["enterprise"], json={"returned_quantity": 30})
    assert back.json()["state"] == "returned"
    assert (
        await client.post(
            "/programs/materials/stocks",
            headers=headers["screen"],
            json={"material_type": "x", "name_zh": "x", "quantity": 1, "unit": "x"},
        )
    ).status_code == 403
