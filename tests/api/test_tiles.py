"""Vector tiles of the crafted park, decoded: layers, features, ids, generalisation, caching."""

from __future__ import annotations

import asyncio
import gzip

import asyncpg
import mapbox_vector_tile
import morecantile
import pytest

from gis.auth import Scope
from tests.conftest import create_role_accounts, login
from tests.layers.crafted_park import park_app_fixture, park_client_fixture, park_url_fixture  # noqa: F401

MERCATOR = morecantile.tms.get("WebMercatorQuad")
MVT = "application/vnd.mapbox-vector-tile"


def tile_at(lon: float, lat: float, z: int) -> str:
    tile = MERCATOR.tile(lon, lat, z)
    return f"{tile.z}/{tile.x}/{tile.y}"


def zxy(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    tile = MERCATOR.tile(lon, lat, z)
    return tile.z, tile.x, tile.y


def decode(body: bytes) -> dict:
    return mapbox_vector_tile.decode(body)


def ids(layer: dict) -> set[int]:
    return {feature["id"] for feature in layer["features"]}


async def test_a_tile_carries_its_features_with_ids_and_properties(park_client) -> None:
    response = await park_client.get(f"/tiles/rain_gates/{tile_at(121.008, 31.0, 16)}.mvt")
    assert response.status_code == 200
    assert response.headers["content-type"] == MVT
    layers = decode(response.content)
    assert list(layers) == ["rain_gates"]
    (gate,) = layers["rain_gates"]["features"]
    assert gate["id"] == 4
    assert gate["properties"] == {"code": "TP-G1", "network": "rain", "state": "closed"}
    assert layers["rain_gates"]["extent"] == 4096


async def test_at_full_detail_every_pipe_is_there_and_below_it_only_trunk_mains(park_client) -> None:
    detailed = decode((await park_client.get(f"/tiles/rain_pipes/{tile_at(121.0, 31.0, 16)}.mvt")).content)
    assert ids(detailed["rain_pipes"]) == {1, 2}  # pipes 3-4 lie east of this tile
    everything = set()
    for lon in (120.996, 121.002, 121.006, 121.009):
        tile = decode((await park_client.get(f"/tiles/rain_pipes/{tile_at(lon, 31.0, 16)}.mvt")).content)
        everything |= ids(tile.get("rain_pipes", {"features": []}))
    assert everything == {1, 2, 3, 4}
    overview = decode((await park_client.get(f"/tiles/rain_pipes/{tile_at(121.0, 31.0, 13)}.mvt")).content)
    assert ids(overview["rain_pipes"]) == {3, 4}  # >= 1000 mm only below zoom 14
    assert set(overview["rain_pipes"]["features"][0]["properties"]) == {"code", "diameter_mm"}
    middle = decode((await park_client.get(f"/tiles/rain_pipes/{tile_at(121.0, 31.0, 15)}.mvt")).content)
    assert ids(middle["rain_pipes"]) == {2}  # >= 600 mm below zoom 16: not the 400 mm pipe 1


async def test_stations_cluster_at_overview_zooms(park_client) -> None:
    layers = decode((await park_client.get(f"/tiles/stations/{tile_at(121.0, 31.0, 12)}.mvt")).content)
    (cluster,) = layers["stations"]["features"]
    assert cluster["properties"]["point_count"] == 3 and cluster["id"] == 1
    near = decode((await park_client.get(f"/tiles/stations/{tile_at(120.993, 31.005, 17)}.mvt")).content)
    assert ids(near["stations"]) == {1, 2}
    assert "point_count" not in near["stations"]["features"][0]["properties"]


async def test_a_composite_tile_has_one_layer_per_id_in_order(park_client) -> None:
    response = await park_client.get(f"/tiles/zones,rain_pipes,stations,zones/{tile_at(121.0, 31.0, 16)}.mvt")
    layers = decode(response.content)
    assert list(layers) == ["zones", "rain_pipes", "stations"]
    assert (
        ids(layers["zones"]) == {1} and ids(layers["rain_pipes"]) == {1, 2} and ids(layers["stations"]) == {3}
    )


async def test_a_tile_with_nothing_in_it_is_an_empty_200(park_client) -> None:
    for path in ("/tiles/rain_pipes/16/0/0.mvt", f"/tiles/rain_pipes/{tile_at(121.0, 31.0, 8)}.mvt"):
        response = await park_client.get(path)
        assert response.status_code == 200, path
        assert response.content == b"" and "content-encoding" not in response.headers


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/tiles/rain_pipes/3/8/0.mvt", 400),
        ("/tiles/rain_pipes/3/0/-1.mvt", 400),
        ("/tiles/rain_pipes/25/0/0.mvt", 400),
        ("/tiles/rain_pipes/x/0/0.mvt", 400),
        ("/tiles/sewers/3/0/0.mvt", 404),
        ("/tiles/rain_pipes,sewers/3/0/0.mvt", 404),
        ("/tiles/sewers.json", 404),
    ],
)
async def test_bad_tile_requests_get_the_json_error(park_client, path: str, status: int) -> None:
    response = await park_client.get(path)
    assert response.status_code == status
    assert set(response.json()) == {"error", "detail"}


async def test_gzip_only_for_clients_that_accept_it(park_client) -> None:
    path = f"/tiles/rain_pipes,zones/{tile_at(121.0, 31.0, 16)}.mvt"
    compressed = await park_client.get(path, headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["content-encoding"] == "gzip"
    plain = await park_client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    raw = b"".join(
        [chunk async for chunk in (await park_client.send(compressed.request, stream=True)).aiter_raw()]
    )
    assert gzip.decompress(raw) == plain.content
    assert compressed.headers["etag"] == plain.headers["etag"]


async def test_a_matching_etag_gets_304_and_the_cache_policy_is_stated(park_client) -> None:
    path = f"/tiles/outfalls/{tile_at(121.0102, 31.0, 16)}.mvt"
    first = await park_client.get(path)
    assert first.headers["cache-control"] == "public, max-age=0, must-revalidate"
    again = await park_client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = await park_client.get(path, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


async def test_a_current_version_in_the_url_may_be_kept(park_client) -> None:
    catalog = (await park_client.get("/layers")).json()
    version = next(entry["version"] for entry in catalog["layers"] if entry["id"] == "outfalls")
    current = await park_client.get(f"/tiles/outfalls/{tile_at(121.0102, 31.0, 16)}.mvt?v={version}")
    assert current.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = await park_client.get(f"/tiles/outfalls/{tile_at(121.0102, 31.0, 16)}.mvt?v=old")
    assert stale.headers["cache-control"].endswith("must-revalidate")


async def test_a_change_in_the_data_shows_in_the_next_tile(park_client, park_app, park_url) -> None:
    path = f"/tiles/rain_gates,rain_pipes/{tile_at(121.008, 31.0, 16)}.mvt"
    before = await park_client.get(path)
    assert decode(before.content)["rain_gates"]["features"][0]["properties"]["state"] == "closed"
    assert (await park_client.get(path)).headers["etag"] == before.headers["etag"]  # served from the cache
    conn = await asyncpg.connect(park_url)
    try:
        await conn.execute("UPDATE pipe_nodes SET state = 'open' WHERE code = 'TP-G1'")
        version = await conn.fetchval("SELECT version FROM layer_versions WHERE table_name = 'pipe_nodes'")
        async with asyncio.timeout(5):
            await park_app.state.tiles.versions.wait_for("pipe_nodes", version)
        after = await park_client.get(path, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        assert decode(after.content)["rain_gates"]["features"][0]["properties"]["state"] == "open"
    finally:
        await conn.execute("UPDATE pipe_nodes SET state = 'closed' WHERE code = 'TP-G1'")
        await conn.close()


async def test_a_change_to_a_volatile_column_keeps_the_tiles(park_client, park_app, park_url) -> None:
    before = park_app.state.tiles.versions.get("stations")
    conn = await asyncpg.connect(park_url)
    try:
        await conn.execute("UPDATE stations SET last_seen = now()")
        assert (
            await conn.fetchval("SELECT version FROM layer_versions WHERE table_name = 'stations'") == before
        )
    finally:
        await conn.close()


async def test_what_a_tile_holds_depends_on_who_asks(park_app) -> None:
    tiles = park_app.state.tiles
    where = zxy(120.9965, 30.9965, 16)
    public = decode(
        (await tiles.tile(tiles.request("enterprises", *where, Scope(role="public")), False)).body
    )
    manager = decode(
        (await tiles.tile(tiles.request("enterprises", *where, Scope(role="manager")), False)).body
    )
    assert "phone" not in public["enterprises"]["features"][0]["properties"]
    assert manager["enterprises"]["features"][0]["properties"]["phone"] == "13800000001"
    near = zxy(120.993, 31.005, 17)
    own_request = tiles.request("stations", *near, Scope(role="enterprise", enterprise_id=1))
    assert ids(decode((await tiles.tile(own_request, False)).body)["stations"]) == {2}
    assert own_request.etag != tiles.request("stations", *near, Scope(role="manager")).etag


async def test_tilejson_describes_the_layer_and_its_data(park_client) -> None:
    response = await park_client.get("/tiles/storage_units.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["tilejson"] == "3.0.0"
    assert doc["tiles"][0].startswith("http://parkmap.test/tiles/storage_units/{z}/{x}/{y}.mvt")
    assert doc["bounds"] == pytest.approx([120.9965, 30.9965, 121.0015, 30.9965])
    (layer,) = doc["vector_layers"]
    assert layer["id"] == "storage_units" and layer["minzoom"] == doc["minzoom"] == 13
    assert layer["fields"]["quantity_t"] == "Number" and layer["fields"]["hazard_group"] == "String"


async def test_the_catalog_is_what_the_map_reads(park_client) -> None:
    response = await park_client.get("/layers")
    assert response.status_code == 200
    catalog = response.json()
    entry = next(e for e in catalog["layers"] if e["id"] == "storage_units")
    assert {
        "id",
        "title",
        "group",
        "kind",
        "minzoom",
        "maxzoom",
        "tiles",
        "style",
        "legend",
        "popup",
        "live",
        "visible",
        "version",
    } <= set(entry)
    assert entry["kind"] == "circle" and entry["style"]["match"]["property"] == "hazard_group"
    assert entry["popup"][0] == {
        "field": "chemical_zh",
        "title": {"zh": "化学品", "en": "Chemical"},
        "unit": None,
        "values": None,
    }
    kind = next(p for p in entry["popup"] if p["field"] == "kind")
    assert kind["values"]["tank"] == {"zh": "储罐", "en": "Tank"}, "a coded value has its words"
    assert {"id": "safety", "title": {"zh": "安全生产", "en": "Safety"}} in catalog["groups"]


async def test_a_cached_tile_is_answered_like_any_other(park_client, park_app) -> None:
    path = f"/tiles/roads/{tile_at(121.004, 31.001, 15)}.mvt"
    first = await park_client.get(path)
    hits = park_app.state.tiles.cache.hits
    again = await park_client.get(path)
    assert park_app.state.tiles.cache.hits == hits + 1
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    for header in ("content-type", "content-encoding", "cache-control", "vary", "x-content-type-options"):
        assert again.headers[header] == first.headers[header], header


async def test_signed_in_viewers_get_tiles_for_their_role(park_client, park_url) -> None:  # noqa: F811
    names = create_role_accounts(park_url, ("TP-E1", "TP-E2"))
    token = (await login(park_client, names["manager"]))["Authorization"].split()[1]
    path = f"/tiles/enterprises/{tile_at(120.9965, 30.9965, 16)}.mvt"
    for _ in range(2):  # rendered, then answered from the cache
        response = await park_client.get(path, params={"access_token": token})
        assert decode(response.content)["enterprises"]["features"][0]["properties"]["phone"] == "13800000001"
        assert response.headers["cache-control"].startswith("private")
    public = await park_client.get(path)
    assert "phone" not in decode(public.content)["enterprises"]["features"][0]["properties"]
    assert public.headers["etag"] != response.headers["etag"]
    enterprise = await login(park_client, names["enterprise"])
    stations = f"/tiles/stations/{tile_at(120.993, 31.005, 17)}.mvt"
    for _ in range(2):
        assert ids(decode((await park_client.get(stations, headers=enterprise)).content)["stations"]) == {2}
    assert (await park_client.get(path, params={"access_token": "forged"})).status_code == 401
