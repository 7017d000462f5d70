"""The demo scenes tell their story: a construction site, replanted shore and a warm plume."""

from __future__ import annotations

import json

import pytest
import rasterio
from shapely.geometry import box, shape
from sqlalchemy import text

from gis.io.demo import load_demo_park
from gis.raster.catalog import list_scenes
from gis.raster.change import Footprint, rank_change
from gis.raster.demo import load_demo_scenes
from gis.raster.point import point_values
from gis.raster.reader import SceneReader


@pytest.fixture
def demo(engine, settings, tmp_path):
    folder = tmp_path / "generated"
    scenes = load_demo_scenes(engine, folder, pixel_m=30.0, settings=settings)
    return scenes, json.loads((folder / "manifest.json").read_text())


def test_two_dates_registered_as_synthetic(demo, engine, settings):
    scenes, manifest = demo
    assert [s.acquired.isoformat() for s in scenes] == ["2023-10-14", "2024-10-08"]
    assert all(s.synthetic for s in scenes) and manifest["synthetic"] is True
    with rasterio.open(scenes[0].path) as cog:
        assert cog.tags()["PARKMAP_SYNTHETIC"] == "true"
        assert cog.descriptions == ("blue", "green", "red", "nir", "swir1", "tir")
    west, south, east, north = scenes[0].bounds
    assert west <= 105.03 and east >= 105.11 and south <= 28.70 and north >= 28.76


def test_loading_again_replaces_instead_of_duplicating(demo, engine, settings, tmp_path):
    load_demo_scenes(engine, tmp_path / "generated", settings=settings)
    assert len(list_scenes(engine, settings)) == 2
    assert len(list(settings.raster_folder().glob("*.tif"))) == 2


def test_the_changes_show_where_the_manifest_says(demo):
    scenes, manifest = demo
    features = manifest["features"]
    assert features["construction_site"]["enterprise"] == "JA-E020"
    plots = {
        "construction": box(*features["construction_site"]["bbox"]).buffer(-0.0002),
        "shore": box(*features["replanted_shore"]["bbox"]).buffer(-0.0001),
        "quiet": box(105.035, 28.705, 105.040, 28.710),
    }
    footprints = [Footprint(i, code, code, code, geom) for i, (code, geom) in enumerate(plots.items(), 1)]
    with SceneReader(scenes[0]) as before, SceneReader(scenes[1]) as after:
        ranking = {r.code: r for r in rank_change(before, after, "ndvi", footprints)}
        outfall_lon, outfall_lat = features["warm_discharge"]["lonlat"]
        downstream = point_values(after, outfall_lon + 0.002, outfall_lat + 0.0004).values["thermal"]
        upstream = point_values(after, outfall_lon - 0.01, outfall_lat + 0.003).values["thermal"]
        earlier = point_values(before, outfall_lon + 0.002, outfall_lat + 0.0004).values["thermal"]
    assert ranking["construction"].delta < -0.3, "grass became bare soil"
    assert ranking["shore"].delta > 0.3, "bare soil became vegetation"
    assert abs(ranking["quiet"].delta) < 0.05
    assert downstream > 2.0 and abs(upstream) < 1.0 and abs(earlier) < 1.0, "a warm plume on the second date"


def test_on_the_demo_park_the_construction_enterprise_ranks_first(demo, engine):
    load_demo_park(engine, replace=True)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, code, name_zh, name_en, ST_AsGeoJSON(geom) AS g FROM enterprises")
        ).all()
    footprints = [Footprint(r.id, r.code, r.name_zh, r.name_en, shape(json.loads(r.g))) for r in rows]
    scenes, _ = demo
    with SceneReader(scenes[0]) as before, SceneReader(scenes[1]) as after:
        ranking = rank_change(before, after, "ndvi", footprints, limit=3)
    assert ranking[0].code == "JA-E020" and ranking[0].delta < -0.3
    assert abs(ranking[1].delta) < abs(ranking[0].delta) / 3, "nothing else in the park changed as much"
