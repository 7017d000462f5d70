"""``/rasters``: the catalog a date picker needs, tiles, points, statistics, change between dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import morecantile
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.raster.catalog import add_scene
from gis.raster.settings import RasterSettings
from tests.conftest import TEST_PASSWORD, create_role_accounts, login, running_server
from tests.gis.raster.support import (
    CONSTRUCTION,
    PLOTS,
    SOIL,
    TMS,
    decode,
    direct_read,
    insert_park,
    land,
    pixel_box,
    pixel_lonlat,
    with_block,
    write_tif,
)

DATABASE = "parkmap_raster_api_test"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Iterator[tuple[str, RasterSettings, dict[str, int]]]:
    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url, "heads")
    folder: Path = tmp_path_factory.mktemp("rasters")
    settings = RasterSettings(folder=folder / "catalog")
    engine = make_engine(url)
    ids = insert_park(engine)
    engine.dispose()
    create_role_accounts(url, ("PLANT-A", "PLANT-B"))
    engine = make_engine(url)
    before, after = land(), with_block(land(), SOIL, *CONSTRUCTION)
    for name, data, day in (
        ("before", before, dt.date(2023, 10, 14)),
        ("after", after, dt.date(2024, 10, 8)),
    ):
        source = write_tif(folder / f"{name}.tif", data)
        add_scene(engine, source, sensor="test-6band", acquired=day, name=name, settings=settings)
    engine.dispose()
    yield url, settings, ids
    cluster.drop_database(DATABASE)


@pytest.fixture(scope="module")
async def client(catalog) -> AsyncIterator[httpx.AsyncClient]:
    url, settings, _ = catalog
    app = create_app(database_url=url)
    app.state.raster_settings = settings
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            client.headers.update(await login(client, "t-manager"))
            yield client


def tile_over(col: float, row: float, zoom: int = 16) -> str:
    tile = TMS.tile(*pixel_lonlat(col, row), zoom)
    return f"{zoom}/{tile.x}/{tile.y}"


async def test_catalog_lists_scenes_by_date_with_layers_and_legends(client):
    response = await client.get("/rasters")
    assert response.status_code == 200
    body = response.json()
    assert [s["name"] for s in body["scenes"]] == ["before", "after"]
    after = body["scenes"][1]
    assert after["acquired"] == "2024-10-08" and after["synthetic"] is False and after["available"]
    assert after["bands"]["4"] == "nir" and after["minzoom"] <= after["maxzoom"]
    layers = {layer["id"]: layer for layer in after["layers"]}
    assert list(layers) == ["truecolor", "ndvi", "ndwi", "thermal"]
    assert layers["truecolor"]["tiles"] == f"/rasters/after/tiles/{{z}}/{{x}}/{{y}}.png?v={after['version']}"
    assert "index=ndvi" in layers["ndvi"]["tiles"]
    legend = layers["ndvi"]["legend"]
    assert legend["title_zh"] and legend["title_en"] and (legend["min"], legend["max"]) == (-0.2, 0.8)
    assert len(legend["stops"]) >= 5 and legend["stops"][0]["color"].startswith("#")
    indices = {ix["id"]: ix for ix in body["indices"]}
    assert indices["ndwi"]["formula"] == "(green - nir) / (green + nir)"
    assert indices["thermal"]["unit"] == "K"
    assert "{scene_a}" in body["change"]["tiles"]

    one = await client.get("/rasters/after")
    assert one.status_code == 200 and one.json()["version"] == after["version"]


async def test_tile_from_a_catalog_template_is_cached_as_immutable(client):
    scene = (await client.get("/rasters")).json()["scenes"][1]
    z, x, y = tile_over(60, 60).split("/")
    url = scene["layers"][1]["tiles"].replace("{z}", z).replace("{x}", x).replace("{y}", y)
    response = await client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert "immutable" in response.headers["cache-control"]
    again = await client.get(url, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    plain = await client.get(f"/rasters/after/tiles/{z}/{x}/{y}.png?index=ndvi")
    assert plain.headers["etag"] == response.headers["etag"]
    assert plain.headers["cache-control"] == "public, max-age=3600"


async def test_tile_values_match_a_direct_read(client, catalog):
    _, settings, _ = catalog
    path = next(settings.raster_folder().glob("after-*.tif"))
    zxy = tile_over(70, 60)
    response = await client.get(f"/rasters/after/tiles/{zxy}.png", params={"bidx": "red", "rescale": "0,0.4"})
    grey, alpha = decode(response.content)
    z, x, y = map(int, zxy.split("/"))
    expected = direct_read(path, morecantile.Tile(x, y, z), 3)
    valid = np.isfinite(expected)
    assert valid.all() and (alpha == 255).all()
    np.testing.assert_array_equal(grey[0], np.clip(np.rint(expected / 0.4 * 255), 0, 255))


async def test_outside_tiles_are_204_and_bad_parameters_400(client):
    outside = await client.get("/rasters/after/tiles/16/0/0.png")
    assert outside.status_code == 204 and outside.content == b"" and "etag" in outside.headers
    zxy = tile_over(60, 60)
    for query in (
        "rescale=1",
        "rescale=5,1",
        "colormap_name=nope",
        "bidx=1&bidx=2",
        "bidx=7",
        "index=evi",
        "expression=nri-red",
        "expression=__import__('os')",
        "bidx=1&index=ndvi",
    ):
        response = await client.get(f"/rasters/after/tiles/{zxy}.png?{query}")
        assert response.status_code == 400, query
        assert set(response.json()) == {"error", "detail"} and response.json()["error"] == "invalid_input"
    for path in (
        "/rasters/after/tiles/16/0/0.jpg",
        "/rasters/after/tiles/30/0/0.png",
        "/rasters/after/tiles/2/9/0.png",
        "/rasters/after/tiles/a/0/0.png",
    ):
        assert (await client.get(path)).status_code == 400, path
    missing = await client.get("/rasters/nowhere/tiles/16/0/0.png")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


async def test_tilejson_describes_the_tiles(client):
    response = await client.get(
        "/rasters/after/tilejson.json", params={"index": "ndwi", "tile_format": "webp"}
    )
    body = response.json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"][0].startswith("http://t/rasters/after/tiles/{z}/{x}/{y}.webp?index=ndwi&v=")
    west, south, east, north = body["bounds"]
    lon, lat = pixel_lonlat(80, 60)
    assert west < lon < east and south < lat < north
    tile = await client.get(
        body["tiles"][0].replace("{z}/{x}/{y}", tile_over(80, 10)).removeprefix("http://t")
    )
    assert tile.status_code == 200 and tile.headers["content-type"] == "image/webp"


async def test_point_values(client):
    lon, lat = pixel_lonlat(70.5, 50.5)
    body = (await client.get("/rasters/after/point", params={"lon": lon, "lat": lat})).json()
    assert body["values"]["swir1"] == pytest.approx(SOIL[4], abs=1e-6)
    assert body["values"]["ndvi"] == pytest.approx((SOIL[3] - SOIL[2]) / (SOIL[3] + SOIL[2]), abs=1e-6)
    assert (await client.get("/rasters/after/point", params={"lon": "east", "lat": lat})).status_code == 400
    assert (await client.get("/rasters/after/point", params={"lon": 10, "lat": 10})).status_code == 400


async def test_statistics_for_a_polygon_and_for_an_enterprise(client, catalog):
    _, _, ids = catalog
    posted = await client.post("/rasters/after/statistics?index=ndvi", json=pixel_box(*PLOTS["PLANT-B"]))
    assert posted.status_code == 200
    by_id = await client.get(
        "/rasters/after/statistics", params={"enterprise_id": ids["PLANT-B"], "index": "ndvi"}
    )
    assert by_id.json()["values"] == posted.json()["values"]
    ndvi = posted.json()["values"]["ndvi"]
    assert ndvi["count"] == 40 * 40 and ndvi["min"] < 0.2 < ndvi["max"]
    everything = (await client.get("/rasters/after/statistics", params={"zone_id": ids["RZONE-1"]})).json()
    assert {"blue", "nir", "tir", "ndvi", "ndwi", "thermal"} <= set(everything["values"])
    for bad in (b"{", b'{"type": "Point", "coordinates": [1, 2]}', b"[]"):
        assert (await client.post("/rasters/after/statistics", content=bad)).status_code == 400
    assert (await client.get("/rasters/after/statistics")).status_code == 400
    assert (
        await client.get("/rasters/after/statistics", params={"enterprise_id": 999999})
    ).status_code == 404


async def test_change_ranking_finds_the_construction_site(client):
    response = await client.get(
        "/rasters/change/before/after/ranking", params={"index": "ndvi", "by": "enterprises"}
    )
    body = response.json()
    assert response.status_code == 200 and body["compared"] == 3
    top = body["ranking"][0]
    assert top["code"] == "PLANT-B" and top["delta"] < -0.2
    zones = (await client.get("/rasters/change/before/after/ranking?by=zones")).json()
    assert [r["code"] for r in zones["ranking"]] == ["RZONE-1"]
    for query in ("by=parks", "index=evi", "order=up", "limit=0"):
        assert (await client.get(f"/rasters/change/before/after/ranking?{query}")).status_code == 400, query
    same = await client.get("/rasters/change/after/after/ranking")
    assert same.status_code == 400


async def test_who_may_see_what(client, catalog):
    _, _, ids = catalog
    anonymous = httpx.AsyncClient(transport=client._transport, base_url="http://t")
    async with anonymous:
        assert (await anonymous.get("/rasters")).status_code == 401
        assert (await anonymous.get(f"/rasters/after/tiles/{tile_over(60, 60)}.png")).status_code == 401
        plant_a = await login(anonymous, "t-enterprise")
        screen = await login(anonymous, "t-screen")
        token = plant_a["Authorization"].removeprefix("Bearer ")
        tile = await anonymous.get(
            f"/rasters/after/tiles/{tile_over(60, 60)}.png", params={"access_token": token}
        )
        assert tile.status_code == 200, "a browser loads tiles with the token in the URL"
        own = {"enterprise_id": ids["PLANT-A"], "index": "ndvi"}
        other = {"enterprise_id": ids["PLANT-B"], "index": "ndvi"}
        assert (
            await anonymous.get("/rasters/after/statistics", params=own, headers=plant_a)
        ).status_code == 200
        assert (
            await anonymous.get("/rasters/after/statistics", params=other, headers=plant_a)
        ).status_code == 403
        ranking = "/rasters/change/before/after/ranking"
        assert (await anonymous.get(ranking, headers=plant_a)).status_code == 403
        assert (await anonymous.get(ranking, headers=screen)).status_code == 200
        polygon = pixel_box(*PLOTS["PLANT-A"])
        assert (
            await anonymous.post("/rasters/after/statistics", json=polygon, headers=screen)
        ).status_code == 403
        assert (
            await anonymous.post("/rasters/after/statistics", json=polygon, headers=plant_a)
        ).status_code == 200
        assert (
            await anonymous.get("/rasters/after/statistics", params=other, headers=screen)
        ).status_code == 200


async def test_change_tiles(client):
    response = await client.get(f"/rasters/change/before/after/tiles/{tile_over(80, 60)}.png?index=ndvi")
    assert response.status_code == 200
    rgb, alpha = decode(response.content)
    assert (alpha == 255).any()
    outside = await client.get("/rasters/change/before/after/tiles/16/0/0.png?index=ndvi")
    assert outside.status_code == 204


@pytest.fixture(scope="module")
def served(catalog) -> Iterator[str]:
    url, settings, _ = catalog
    app = create_app(database_url=url)
    app.state.raster_settings = settings
    with running_server(app) as address:
        token = httpx.post(
            f"http://{address}/auth/token", data={"username": "t-screen", "password": TEST_PASSWORD}
        ).json()["access_token"]
        yield address, token


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@given(
    bidx=st.lists(st.one_of(st.sampled_from(["1", "3", "nir", "tir", "0", "99"]), TEXT), max_size=4),
    expression=st.one_of(st.none(), st.sampled_from(["(nir-red)/(nir+red)", "b1**b2**b3", "1/0*b1"]), TEXT),
    rescale=st.lists(st.one_of(st.sampled_from(["0,1", "-1,1", "nan,1", "1e308,inf"]), TEXT), max_size=3),
    colormap_name=st.one_of(st.none(), st.sampled_from(["viridis", "RdBu", "rdylgn"]), TEXT),
    zoom=st.integers(-1, 26),
)
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_tile_query_makes_the_server_fail(served, bidx, expression, rescale, colormap_name, zoom):
    address, token = served
    params = [("access_token", token)] + [("bidx", b) for b in bidx] + [("rescale", r) for r in rescale]
    params += [
        (k, v) for k, v in (("expression", expression), ("colormap_name", colormap_name)) if v is not None
    ]
    x, y = (0, 0) if zoom < 16 else map(int, tile_over(60, 60, 16).split("/")[1:])
    response = httpx.get(
        f"http://{address}/rasters/after/tiles/{zoom}/{x}/{y}.png", params=params, timeout=30
    )
    assert response.status_code in (200, 204, 400), response.text
    if response.status_code == 400:
        assert set(response.json()) == {"error", "detail"}
