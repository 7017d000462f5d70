"""Statistics inside polygons and change between two dates, against values known from the arrays."""

from __future__ import annotations

import datetime as dt

import morecantile
import numpy as np
import pytest
from rio_tiler.colormap import cmap
from shapely.geometry import shape

from gis.errors import InvalidInput
from gis.raster.catalog import add_scene
from gis.raster.change import Footprint, change_tile, rank_change
from gis.raster.indices import INDICES
from gis.raster.products import select_products
from gis.raster.reader import SceneReader
from gis.raster.zonal import parse_polygon, polygon_statistics
from tests.gis.raster.support import (
    CONSTRUCTION,
    PLOTS,
    SOIL,
    decode,
    direct_read,
    land,
    pixel_box,
    pixel_lonlat,
    with_block,
    write_tif,
)

TMS = morecantile.tms.get("WebMercatorQuad")
BEFORE = land()
AFTER = with_block(BEFORE, SOIL, *CONSTRUCTION)
AFTER[3, 40:70, 110:150] *= 0.9  # plant C's lawn a little drier


@pytest.fixture
def scenes(engine, settings, tmp_path):
    made = []
    for name, data, day in (
        ("before", BEFORE, dt.date(2023, 10, 14)),
        ("after", AFTER, dt.date(2024, 10, 8)),
    ):
        source = write_tif(tmp_path / f"{name}.tif", data)
        made.append(add_scene(engine, source, sensor="test", acquired=day, name=name, settings=settings))
    return made


def footprints() -> list[Footprint]:
    return [
        Footprint(i, code, code, code, shape(pixel_box(*plot)))
        for i, (code, plot) in enumerate(PLOTS.items(), 1)
    ]


def test_statistics_in_a_polygon_are_those_of_the_pixels_inside(scenes):
    col0, row0, col1, row1 = PLOTS["PLANT-A"]
    polygon = parse_polygon({"type": "Feature", "geometry": pixel_box(*PLOTS["PLANT-A"]), "properties": {}})
    with SceneReader(scenes[0]) as reader:
        products = select_products(reader.scene.bands, reader.stats, reader.count)
        stats = polygon_statistics(reader, polygon, products)
    inside = BEFORE[:, row0:row1, col0:col1].astype("float64")
    assert stats.pixels == (col1 - col0) * (row1 - row0)
    assert stats.area_m2 == pytest.approx(stats.pixels * 100, rel=0.01)
    nir = stats.values["nir"]
    assert nir.count == stats.pixels
    assert nir.mean == pytest.approx(inside[3].mean(), rel=1e-6)
    assert (nir.min, nir.max) == pytest.approx((inside[3].min(), inside[3].max()))
    ndvi = (inside[3] - inside[2]) / (inside[3] + inside[2])
    assert stats.values["ndvi"].mean == pytest.approx(ndvi.mean(), rel=1e-6)
    assert stats.values["thermal"].count == 0, "a plant's land has no water-surface anomaly"


def test_statistics_of_one_index_and_of_an_expression(scenes):
    polygon = parse_polygon(pixel_box(*PLOTS["PLANT-B"]))
    with SceneReader(scenes[1]) as reader:
        ndvi = polygon_statistics(
            reader, polygon, select_products(reader.scene.bands, reader.stats, 6, index="ndvi")
        )
        ratio = polygon_statistics(
            reader, polygon, select_products(reader.scene.bands, reader.stats, 6, expression="swir1 / nir")
        )
    assert list(ndvi.values) == ["ndvi"] and list(ratio.values) == ["expression"]
    soil_ndvi = (SOIL[3] - SOIL[2]) / (SOIL[3] + SOIL[2])
    assert ndvi.values["ndvi"].min == pytest.approx(soil_ndvi, abs=1e-6)
    assert ratio.values["expression"].max == pytest.approx(SOIL[4] / SOIL[3], abs=1e-5)


def test_polygons_are_checked(scenes):
    with pytest.raises(InvalidInput, match="Polygon or MultiPolygon"):
        parse_polygon({"type": "Point", "coordinates": [105.0, 28.7]})
    with pytest.raises(InvalidInput, match="longitude"):
        parse_polygon(
            {
                "type": "Polygon",
                "coordinates": [[[500000, 3000000], [500100, 3000000], [500100, 3000100], [500000, 3000000]]],
            }
        )
    bowtie = parse_polygon({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]})
    assert bowtie.is_valid and bowtie.area == pytest.approx(0.5)
    far = parse_polygon(
        {"type": "Polygon", "coordinates": [[[100, 20], [100.1, 20], [100.1, 20.1], [100, 20]]]}
    )
    with SceneReader(scenes[0]) as reader, pytest.raises(InvalidInput, match="does not overlap"):
        polygon_statistics(reader, far, select_products(reader.scene.bands, reader.stats, 6, index="ndvi"))


def test_ranking_puts_the_construction_site_first(scenes):
    with SceneReader(scenes[0]) as before, SceneReader(scenes[1]) as after:
        ranking = rank_change(before, after, "ndvi", footprints())
        greening = rank_change(before, after, "ndvi", footprints(), order="increase")
    assert [r.code for r in ranking] == ["PLANT-B", "PLANT-C", "PLANT-A"]
    site = ranking[0]
    assert site.delta < -0.2 and site.delta == pytest.approx(site.mean_b - site.mean_a)
    assert ranking[2].delta == pytest.approx(0.0, abs=1e-6), "plant A did not change"
    assert greening[0].code == "PLANT-A" and greening[-1].code == "PLANT-B"


def test_change_tile_is_after_minus_before_on_the_diverging_map(scenes):
    tile = TMS.tile(*pixel_lonlat(80, 60), 16)
    with SceneReader(scenes[0]) as before, SceneReader(scenes[1]) as after:
        image = change_tile(before, after, 16, tile.x, tile.y, "ndvi", "png")
        assert change_tile(before, after, 16, 0, 0, "ndvi", "png") is None
        with pytest.raises(InvalidInput, match="two different"):
            change_tile(before, before, 16, tile.x, tile.y, "ndvi", "png")
    rgb, alpha = decode(image.content)
    ndvi = [
        (direct_read(s.path, tile, 4) - direct_read(s.path, tile, 3))
        / (direct_read(s.path, tile, 4) + direct_read(s.path, tile, 3))
        for s in scenes
    ]
    diff = ndvi[1] - ndvi[0]
    legend = INDICES["ndvi"].change_legend
    level = np.clip(np.rint((diff - legend.min) / (legend.max - legend.min) * 255), 0, 255)
    table = cmap.get(legend.colormap_name)
    valid = np.isfinite(diff)
    expected = np.array([[table[int(v)][:3] for v in row] for row in np.where(valid, level, 0)])
    np.testing.assert_array_equal(np.moveaxis(rgb, 0, -1)[valid], expected[valid])
    assert (alpha[valid] == 255).all() and (diff[valid] < -0.3).any(), "the new bare soil shows"


def test_a_large_polygon_is_read_decimated_and_says_so(scenes):
    polygon = parse_polygon(pixel_box(0, 20, 160, 120))
    with SceneReader(scenes[0], max_polygon_pixels=1000) as reader:
        stats = polygon_statistics(
            reader, polygon, select_products(reader.scene.bands, reader.stats, 6, bidx=("nir",))
        )
    assert stats.decimation == 4 and stats.pixels == pytest.approx(16000 / 16, rel=0.05)
    assert stats.values["nir"].mean == pytest.approx(BEFORE[3, 20:, :].mean(), rel=0.02)
    assert stats.area_m2 == pytest.approx(160 * 100 * 100, rel=0.01), (
        "the area is the polygon's, not the sample's"
    )
