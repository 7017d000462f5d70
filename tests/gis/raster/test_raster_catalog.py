"""Registering scenes: good files become COGs with the right footprint; bad ones leave nothing."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
import rasterio
from rio_cogeo.cogeo import cog_validate
from shapely.geometry import Point, box, shape

from gis.errors import Conflict, InvalidInput
from gis.raster.catalog import add_scene, list_scenes
from gis.raster.scene import STATISTICS_TAG, SceneStats
from tests.gis.raster.support import PIXEL, land, origin, to_lonlat, write_tif

DAY = dt.date(2024, 10, 8)


def register(engine, settings, path, **kwargs):
    kwargs.setdefault("sensor", "test-6band")
    kwargs.setdefault("acquired", DAY)
    return add_scene(engine, path, settings=settings, **kwargs)


def catalog_files(settings):
    folder = settings.raster_folder()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_geotiff_becomes_a_cog_with_its_bands_and_statistics(engine, settings, tmp_path):
    source = write_tif(tmp_path / "scene.tif", land())
    scene = register(engine, settings, source, name="s1", cloud_cover=3.5)

    assert scene.path.parent == settings.raster_folder()
    assert cog_validate(scene.path, quiet=True)[0]
    assert scene.bands.to_json() == {
        "1": "blue",
        "2": "green",
        "3": "red",
        "4": "nir",
        "5": "swir1",
        "6": "tir",
    }
    assert (scene.sensor, scene.acquired, scene.cloud_cover, scene.synthetic) == (
        "test-6band",
        DAY,
        3.5,
        False,
    )
    with rasterio.open(scene.path) as cog, rasterio.open(source) as src:
        assert cog.overviews(1) == [] or cog.profile["tiled"]
        np.testing.assert_array_equal(cog.read(), src.read())
        stats = SceneStats.from_tag(cog.tags()[STATISTICS_TAG])
    assert stats.water_temperature_k == pytest.approx(293.0)
    assert stats.bands[4].max == pytest.approx(0.40 + 16 * 0.005, abs=1e-6)
    assert [s.name for s in list_scenes(engine, settings)] == ["s1"]


def test_footprint_is_the_scene_outline_in_wgs84(engine, settings, tmp_path):
    scene = register(engine, settings, write_tif(tmp_path / "scene.tif", land(120, 160)), name="s1")
    x0, y0 = origin()
    corners = [
        to_lonlat(x, y) for x, y in [(x0, y0), (x0 + 1600, y0), (x0 + 1600, y0 - 1200), (x0, y0 - 1200)]
    ]
    footprint = shape(scene.footprint)
    for lon, lat in corners:
        assert footprint.exterior.distance(Point(lon, lat)) < 1e-7, "every corner lies on the outline"
    expected = box(*footprint.bounds)
    assert footprint.area == pytest.approx(expected.area, rel=0.02), "UTM 48N near 105°E is close to north-up"
    assert scene.bounds == pytest.approx(footprint.bounds)


def test_footprint_follows_the_valid_pixels(engine, settings, tmp_path):
    data = land(120, 160)
    data[:, :, 80:] = -9999.0  # the east half has no data
    scene = register(engine, settings, write_tif(tmp_path / "half.tif", data), name="half")
    x0, y0 = origin()
    west_half = [to_lonlat(x, y) for x in (x0, x0 + 80 * PIXEL) for y in (y0, y0 - 120 * PIXEL)]
    expected = (min(p[0] for p in west_half), min(p[1] for p in west_half))
    expected += (max(p[0] for p in west_half), max(p[1] for p in west_half))
    assert scene.bounds == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_text("not an image at all"), "not a TIFF"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)), "not a TIFF"),
        (lambda p: write_tif(p, land(), georeferenced=False), "not georeferenced"),
        (lambda p: p.write_bytes(write_tif(p, land()).read_bytes()[:5000]), "corrupt"),
        (lambda p: p.write_bytes(b"II*\x00" + bytes(64)), "corrupt"),
    ],
    ids=["text", "png", "no-georeference", "truncated", "empty-tiff"],
)
def test_bad_files_are_refused_and_nothing_is_registered(engine, settings, tmp_path, make, message):
    path = tmp_path / "bad.tif"
    make(path)
    with pytest.raises(InvalidInput, match=message):
        register(engine, settings, path, name="bad")
    assert list_scenes(engine, settings) == []
    assert catalog_files(settings) == []


def test_band_names_must_fit_the_file(engine, settings, tmp_path):
    source = write_tif(tmp_path / "scene.tif", land()[:3], descriptions=None)
    from gis.raster.bands import BandMap

    with pytest.raises(InvalidInput, match="3 band"):
        register(engine, settings, source, name="s", bands=BandMap.parse("blue,green,red,nir"))
    scene = register(engine, settings, source, name="s", bands=BandMap.parse("blue,green,red"))
    assert scene.bands.has("red", "green", "blue")


def test_a_name_is_taken_once_unless_replaced(engine, settings, tmp_path):
    first = register(engine, settings, write_tif(tmp_path / "a.tif", land()), name="same")
    with pytest.raises(Conflict):
        register(engine, settings, write_tif(tmp_path / "b.tif", land() * 1.01), name="same")
    second = register(
        engine, settings, tmp_path / "b.tif", name="same", replace=True, acquired=dt.date(2024, 11, 1)
    )
    assert second.version != first.version
    assert not first.path.exists(), "the replaced COG is deleted"
    assert catalog_files(settings) == [second.path.name]
    assert [s.acquired for s in list_scenes(engine, settings)] == [dt.date(2024, 11, 1)]


def test_synthetic_flag_is_read_from_the_file(engine, settings, tmp_path):
    source = write_tif(tmp_path / "syn.tif", land(), tags={"PARKMAP_SYNTHETIC": "true"})
    scene = register(engine, settings, source)
    assert scene.synthetic and scene.name == "syn"
    with rasterio.open(scene.path) as cog:
        assert cog.tags()["PARKMAP_SYNTHETIC"] == "true"
        assert json.loads(cog.tags()["PARKMAP_BANDS"])["6"] == "tir"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "change"}, "not usable"),
        ({"name": "../etc"}, "not usable"),
        ({"sensor": " "}, "sensor"),
        ({"acquired": dt.date.today() + dt.timedelta(days=30)}, "future"),
        ({"cloud_cover": 140.0}, "percentage"),
    ],
)
def test_bad_catalog_metadata_is_refused(engine, settings, tmp_path, kwargs, message):
    source = write_tif(tmp_path / "scene.tif", land())
    with pytest.raises(InvalidInput, match=message):
        register(engine, settings, source, **kwargs)
    assert list_scenes(engine, settings) == []
