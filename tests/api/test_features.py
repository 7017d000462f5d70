"""OGC API Features over the crafted park: collections, paging, bbox, property filters, items."""

from __future__ import annotations

import pytest

from tests.layers.crafted_park import park_app_fixture, park_client_fixture, park_url_fixture  # noqa: F401

GEOJSON = "application/geo+json"


def link(document: dict, rel: str) -> str | None:
    return next((item["href"] for item in document["links"] if item["rel"] == rel), None)


async def test_collections_list_every_table_layer_with_its_extent(park_client) -> None:
    response = await park_client.get("/collections")
    assert response.status_code == 200
    collections = {c["id"]: c for c in response.json()["collections"]}
    assert {"rain_pipes", "stations", "storage_units", "enterprises"} <= set(collections)
    outfalls = collections["outfalls"]
    assert outfalls["extent"]["spatial"]["bbox"] == [pytest.approx([121.0102, 31.0, 121.0102, 31.0])]
    assert outfalls["itemType"] == "feature" and outfalls["titles"]["zh"] == "入河排污口"
    assert link(outfalls, "items") == "http://parkmap.test/collections/outfalls/items"
    single = await park_client.get("/collections/outfalls")
    assert single.json()["id"] == "outfalls"
    assert (await park_client.get("/collections/sewers")).status_code == 404


async def test_items_page_through_with_next_and_prev(park_client) -> None:
    first = await park_client.get("/collections/rain_pipes/items", params={"limit": 3})
    assert first.status_code == 200 and first.headers["content-type"] == GEOJSON
    page = first.json()
    assert page["type"] == "FeatureCollection"
    assert (page["numberMatched"], page["numberReturned"]) == (4, 3)
    assert [f["id"] for f in page["features"]] == [1, 2, 3]
    assert link(page, "prev") is None
    second = (await park_client.get(link(page, "next"))).json()
    assert [f["id"] for f in second["features"]] == [4]
    assert link(second, "next") is None
    assert "offset=0" in link(second, "prev")


async def test_features_are_rfc7946_lon_lat_with_exposed_properties_only(park_client) -> None:
    response = await park_client.get("/collections/rain_gates/items/4")
    assert response.status_code == 200 and response.headers["content-type"] == GEOJSON
    gate = response.json()
    assert gate["type"] == "Feature" and gate["id"] == 4
    assert gate["geometry"] == {"type": "Point", "coordinates": [121.008, 31.0]}
    assert gate["properties"] == {"code": "TP-G1", "network": "rain", "state": "closed"}
    enterprise = (await park_client.get("/collections/enterprises/items/1")).json()
    assert "phone" not in enterprise["properties"] and enterprise["properties"]["industry"] == "chlor_alkali"
    assert (await park_client.get("/collections/rain_gates/items/1")).status_code == 404  # a manhole
    assert (await park_client.get("/collections/rain_gates/items/abc")).status_code == 404
    assert (await park_client.get("/collections/rain_gates/items/99999999999")).status_code == 404


async def test_bbox_and_property_filters_narrow_the_items(park_client) -> None:
    west = await park_client.get(
        "/collections/rain_pipes/items", params={"bbox": "120.99,30.99,121.001,31.01"}
    )
    assert {f["id"] for f in west.json()["features"]} == {1, 2}
    big = await park_client.get("/collections/rain_pipes/items", params={"diameter_mm": "1200"})
    assert big.json()["numberMatched"] == 2
    both = await park_client.get(
        "/collections/rain_pipes/items", params={"diameter_mm": "1200", "bbox": "121.0075,30.99,121.02,31.01"}
    )
    assert [f["id"] for f in both.json()["features"]] == [3, 4]
    voc = await park_client.get("/collections/stations/items", params={"kind": "voc"})
    assert [f["properties"]["code"] for f in voc.json()["features"]] == ["TP-ST3"]
    text = await park_client.get("/collections/enterprises/items", params={"q": "chlor"})
    assert [f["id"] for f in text.json()["features"]] == [1]


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "121,31,120,32"},
        {"bbox": "0,95,1,96"},
        {"bbox": "a,b,c,d"},
        {"limit": "10001"},
        {"limit": "0"},
        {"limit": "many"},
        {"offset": "-1"},
        {"network": "rain"},  # not an exposed property of the layer
        {"diameter_mm": "wide"},
        {"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/3857"},
    ],
)
async def test_bad_queries_are_400_with_the_json_error(park_client, params: dict) -> None:
    response = await park_client.get("/collections/rain_pipes/items", params=params)
    assert response.status_code == 400, params
    assert response.json()["error"] == "invalid_input"


async def test_role_restricted_properties_cannot_be_filtered_by_the_public(park_client) -> None:
    response = await park_client.get("/collections/enterprises/items", params={"phone": "13800000001"})
    assert response.status_code == 400


async def test_the_largest_page_is_allowed(park_client) -> None:
    response = await park_client.get("/collections/stations/items", params={"limit": "10000"})
    assert response.status_code == 200 and response.json()["numberReturned"] == 3
