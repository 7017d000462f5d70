"""Layer sources other than a plain table: a tile function of z/x/y, and scoped feature reads."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import httpx
import mapbox_vector_tile
import morecantile

from gis.auth import Scope
from gis.tiles.features import FeatureQuery, feature_page
from gis.tiles.settings import TileSettings
from tests.layers.crafted_park import park_app_fixture, park_url_fixture  # noqa: F401

TILE_FUNCTION = """
CREATE OR REPLACE FUNCTION outfall_tiles(z integer, x integer, y integer)
RETURNS TABLE (id integer, geom geometry, kind text, label text)
LANGUAGE sql STABLE AS $$
    SELECT o.id, o.geom_3857, o.kind::text, o.code || ' (' || o.receiving_water || ')'
      FROM outfalls AS o
     WHERE o.geom_3857 && ST_TileEnvelope(z, x, y)
$$
"""

LAYER = """
id: outfall_labels
title: {zh: 排口标注, en: Outfall labels}
group: water
kind: circle
source:
  function: outfall_tiles
  depends_on: [outfalls]
  geometry: geom
properties:
  kind: all
  label: all
minzoom: 10
maxzoom: 20
style: {color: "#000000", radius: 4}
"""


async def test_a_tile_function_of_z_x_y_is_a_layer(tmp_path: Path, park_url: str) -> None:
    from api.app import create_app
    from api.settings import AuthSettings

    (tmp_path / "outfall_labels.yaml").write_text(LAYER)
    conn = await asyncpg.connect(park_url)
    await conn.execute(TILE_FUNCTION)
    try:
        app = create_app(
            database_url=park_url,
            auth=AuthSettings(public_layers=["outfall_labels"]),
            tile=TileSettings(catalog_dir=tmp_path),
        )
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://parkmap.test") as http:
                tile = morecantile.tms.get("WebMercatorQuad").tile(121.0102, 31.0, 15)
                response = await http.get(f"/tiles/outfall_labels/{tile.z}/{tile.x}/{tile.y}.mvt")
                (outfall,) = mapbox_vector_tile.decode(response.content)["outfall_labels"]["features"]
                assert outfall["id"] == 1
                assert outfall["properties"] == {"kind": "rain", "label": "TP-OF1 (Test river)"}
                assert (await http.get("/collections/outfall_labels/items")).status_code == 404
                catalog = (await http.get("/layers")).json()
                assert catalog["layers"][0]["items"] is None
    finally:
        await conn.execute("DROP FUNCTION outfall_tiles(integer, integer, integer)")
        await conn.close()


async def test_features_hold_what_the_viewer_may_see(park_app) -> None:
    tiles = park_app.state.tiles
    enterprises, stations = tiles.layer("enterprises"), tiles.layer("stations")
    manager = await feature_page(
        tiles.pool, enterprises, Scope(role="manager"), FeatureQuery(equals={"phone": "13800000002"})
    )
    assert [f["id"] for f in manager.features] == [2]
    own = await feature_page(tiles.pool, stations, Scope(role="enterprise", enterprise_id=1), FeatureQuery())
    assert [f["properties"]["code"] for f in own.features] == ["TP-ST2"] and own.matched == 1
