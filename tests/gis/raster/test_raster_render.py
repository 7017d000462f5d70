"""Tiles show the file's values: same pixels as a direct rasterio warp, indices computed right."""

from __future__ import annotations

import datetime as dt
import time

import morecantile
import numpy as np
import pytest

from gis.errors import InvalidInput
from gis.raster.catalog import add_scene
from gis.raster.point import point_values
from gis.raster.reader import SceneReader
from gis.raster.render import RenderParams, render_tile
from tests.gis.raster.support import SOIL, decode, direct_read, land, pixel_lonlat, with_block, write_tif

TMS = morecantile.tms.get("WebMercatorQuad")


@pytest.fixture
def scene(engine, settings, tmp_path):
    data = with_block(land(), SOIL, slice(60, 90), slice(40, 80))
    source = write_tif(tmp_path / "scene.tif", data)
    return add_scene(engine, source, sensor="test", acquired=dt.date(2024, 1, 2), name="t", settings=settings)


def stretch(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.clip(np.rint((values - lo) / (hi - lo) * 255), 0, 255)


@pytest.mark.parametrize("zoom", [14, 15, 17])
def test_band_tile_matches_a_direct_read(scene, zoom):
    """From the native zoom (14 for 10 m pixels at 28.7° N) inwards; coarser zooms read overviews."""
    tile = TMS.tile(*pixel_lonlat(60, 70), zoom)
    with SceneReader(scene) as reader:
        image = render_tile(reader, zoom, tile.x, tile.y, RenderParams.parse(bidx=["nir"], rescale=["0,0.5"]))
    grey, alpha = decode(image.content)
    expected = direct_read(scene.path, tile, 4)
    valid = np.isfinite(expected)
    assert valid.any() and (alpha[valid] == 255).all() and (alpha[~valid] == 0).all()
    np.testing.assert_array_equal(grey[0][valid], stretch(expected[valid], 0, 0.5))


def test_zoomed_out_tiles_show_the_scene_small_and_fast(scene):
    """A tile many times the scene's size warps only its pixels over the scene.

    Below the native zoom tiles are decimated reads (from overviews where there are any),
    so a tile pixel may show a neighbour of the pixel a direct warp picks: the outline and
    the spread of values must agree, not every pixel.
    """
    tile = TMS.tile(*pixel_lonlat(60, 70), 12)
    params = RenderParams.parse(bidx=["nir"], rescale=["0,0.5"])
    with SceneReader(scene) as reader:
        grey, alpha = decode(render_tile(reader, 12, tile.x, tile.y, params).content)
        started = time.perf_counter()
        for zoom in range(0, 12):
            far = TMS.tile(*pixel_lonlat(60, 70), zoom)
            render_tile(reader, zoom, far.x, far.y, params)
        elapsed = time.perf_counter() - started
    expected = direct_read(scene.path, tile, 4)
    valid = np.isfinite(expected)
    assert 100 < valid.sum() < 0.1 * valid.size
    assert np.mean((alpha == 255) == valid) > 0.99
    shown = grey[0][alpha == 255].astype(float)
    reference = stretch(expected[valid], 0, 0.5)
    assert reference.min() <= shown.min() and shown.max() <= reference.max()
    assert shown.mean() == pytest.approx(reference.mean(), rel=0.02)
    assert elapsed < 10, f"zooms 0-11 took {elapsed:.1f} s"


def test_ndvi_tile_is_computed_from_the_read_bands(scene):
    tile = TMS.tile(*pixel_lonlat(60, 75), 16)
    params = RenderParams.parse(expression="(nir-red)/(nir+red)", rescale=["-1,1"])
    with SceneReader(scene) as reader:
        grey, alpha = decode(render_tile(reader, 16, tile.x, tile.y, params).content)
    nir, red = direct_read(scene.path, tile, 4), direct_read(scene.path, tile, 3)
    ndvi = (nir - red) / (nir + red)
    valid = np.isfinite(ndvi)
    np.testing.assert_array_equal(grey[0][valid], stretch(ndvi[valid], -1, 1))
    soil, vegetation = (
        stretch(np.array([(0.25 - 0.20) / 0.45]), -1, 1),
        stretch(np.array([0.36 / 0.44]), -1, 1),
    )
    assert soil[0] in grey[0] and (grey[0] > vegetation[0] - 3).any(), "both covers appear"


def test_named_index_uses_its_legend_colours(scene):
    tile = TMS.tile(*pixel_lonlat(60, 75), 16)
    with SceneReader(scene) as reader:
        rgb, alpha = decode(render_tile(reader, 16, tile.x, tile.y, RenderParams.parse(index="ndvi")).content)
    assert rgb.shape[0] == 3 and (alpha == 255).any()
    green_minus_red = rgb[1].astype(int) - rgb[0].astype(int)
    assert green_minus_red.max() > 50 and green_minus_red.min() < -50, "vegetation green, soil red"


def test_default_is_true_colour_and_webp_works(scene):
    tile = TMS.tile(*pixel_lonlat(80, 80), 15)
    with SceneReader(scene) as reader:
        png = render_tile(reader, 15, tile.x, tile.y, RenderParams.parse())
        webp = render_tile(reader, 15, tile.x, tile.y, RenderParams.parse(format="webp"))
    rgb, _ = decode(png.content)
    assert png.media_type == "image/png" and rgb.shape[0] == 3
    assert webp.media_type == "image/webp" and webp.content[8:12] == b"WEBP"


def test_tiles_outside_the_scene_are_none(scene):
    with SceneReader(scene) as reader:
        assert render_tile(reader, 15, 0, 0, RenderParams.parse()) is None
        far = TMS.tile(*pixel_lonlat(-3000, 60), 15)
        assert render_tile(reader, 15, far.x, far.y, RenderParams.parse(index="ndvi")) is None


def test_tile_at_the_edge_is_transparent_beyond_it(scene):
    tile = TMS.tile(*pixel_lonlat(0, 0), 14)
    with SceneReader(scene) as reader:
        _, alpha = decode(render_tile(reader, 14, tile.x, tile.y, RenderParams.parse(bidx=["1"])).content)
    assert (alpha == 0).any() and (alpha == 255).any()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"bidx": ["1", "2"]}, "one band"),
        ({"bidx": ["9"]}, "no band '9'"),
        ({"bidx": ["1"], "index": "ndvi"}, "only one"),
        ({"index": "evi"}, "unknown index"),
        ({"rescale": ["1"]}, "min,max"),
        ({"rescale": ["2,1"]}, "min < max"),
        ({"colormap_name": "nope"}, "colormap_name"),
        ({"bidx": ["1", "2", "3"], "colormap_name": "viridis"}, "composite"),
        ({"format": "jpg"}, "format"),
        ({"colormap_name": "viridis"}, "one band"),
        ({"expression": "nir-"}, "not valid"),
    ],
)
def test_bad_parameters_are_refused(scene, params, message):
    with pytest.raises(InvalidInput, match=message), SceneReader(scene) as reader:
        render_tile(reader, 16, 0, 0, RenderParams.parse(**params))


def test_point_gives_bands_and_indices(scene):
    with SceneReader(scene) as reader:
        soil = point_values(reader, *pixel_lonlat(50.5, 70.5))
        water = point_values(reader, *pixel_lonlat(30.5, 5.5))
        with pytest.raises(InvalidInput, match="outside"):
            point_values(reader, 100.0, 20.0)
    assert soil.values["red"] == pytest.approx(0.20, abs=1e-6)
    assert soil.values["ndvi"] == pytest.approx(0.05 / 0.45, abs=1e-5)
    assert soil.values["thermal"] is None, "land has no water-surface anomaly"
    assert water.values["thermal"] == pytest.approx(0.0, abs=1e-4)
    assert water.values["ndwi"] > 0
