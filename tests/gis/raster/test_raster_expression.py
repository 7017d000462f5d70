"""Band names and band math: what a user types must mean what they think, and nothing else."""

from __future__ import annotations

import numpy as np
import pytest

from gis.errors import InvalidInput
from gis.raster.bands import BandMap
from gis.raster.expression import compile_expression
from gis.raster.indices import INDICES, legend
from gis.raster.scene import SceneStats

BANDS = BandMap.from_json({"1": "blue", "2": "green", "3": "red", "4": "nir", "5": "swir1", "6": "thermal"})


def test_band_map_folds_synonyms_and_reads_both_forms():
    assert BANDS.index_of("tir") == 6
    assert BandMap.parse("blue, green,red").names == {1: "blue", 2: "green", 3: "red"}
    assert BandMap.parse("4=nir,3=red").names == {3: "red", 4: "nir"}
    with pytest.raises(InvalidInput, match="both called"):
        BandMap.parse("red,red")
    with pytest.raises(InvalidInput, match="not usable"):
        BandMap.parse("b2,green")


def test_ndvi_by_names_and_by_indexes_on_known_pixels():
    nir = np.array([0.40, 0.25, 0.02, 0.0])
    red = np.array([0.04, 0.20, 0.04, 0.0])
    expected = [(0.40 - 0.04) / 0.44, (0.25 - 0.20) / 0.45, (0.02 - 0.04) / 0.06]
    for text in ("(nir - red) / (nir + red)", "(b4-b3)/(b4+b3)", "(NIR - Red) / (NIR + Red)"):
        expression = compile_expression(text, BANDS, 6)
        assert expression.bands == (3, 4)
        result = expression.evaluate({3: red, 4: nir})
        np.testing.assert_allclose(result[:3], expected)
        assert np.isnan(result[3]), "0/0 is no value, not 0"


def test_masked_input_gives_masked_output():
    expression = compile_expression("sqrt(abs(b1)) * 2 - b2 ** 2", BANDS, 6)
    result = expression.evaluate({1: np.array([4.0, np.nan]), 2: np.array([1.0, 1.0])})
    assert result[0] == pytest.approx(3.0)
    assert np.isnan(result[1])


@pytest.mark.parametrize(
    "text, message",
    [
        ("__import__('os').system('true')", "only"),
        ("b1.real", "Attribute"),
        ("nri - red", "unknown band 'nri'"),
        ("b7 + 1", "unknown band 'b7'"),
        ("b1 if b2 else b3", "IfExp"),
        ("[b1]", "List"),
        ("b1 // 2", "operator FloorDiv"),
        ("'red'", "only numbers"),
        ("2 + 3", "reads no band"),
        ("(b1", "not valid"),
        ("", "empty"),
        ("b1+" * 100 + "b1", "longer than"),
    ],
)
def test_anything_but_band_math_is_refused(text, message):
    with pytest.raises(InvalidInput, match=message):
        compile_expression(text, BANDS, 6)


def test_named_indices_follow_their_published_formulas():
    bands = {"red": np.array([0.04]), "nir": np.array([0.40]), "green": np.array([0.06])}
    stats = SceneStats()
    assert INDICES["ndvi"].compute(bands, stats)[0] == pytest.approx(0.36 / 0.44)
    assert INDICES["ndwi"].compute(bands, stats)[0] == pytest.approx((0.06 - 0.40) / 0.46)


def test_thermal_anomaly_is_relative_to_water_and_masks_land():
    stats = SceneStats(water_temperature_k=293.0)
    bands = {
        "tir": np.array([299.0, 293.5, 304.0]),
        "green": np.array([0.06, 0.06, 0.14]),
        "nir": np.array([0.02, 0.02, 0.25]),  # water, water, soil
    }
    anomaly = INDICES["thermal"].compute(bands, stats)
    assert anomaly[0] == pytest.approx(6.0)
    assert anomaly[1] == pytest.approx(0.5)
    assert np.isnan(anomaly[2])


def test_legend_runs_from_min_to_max_in_the_colour_map():
    ndvi = legend("植被", "NDVI", "", "rdylgn", -0.2, 0.8)
    assert ndvi.stops[0].value == pytest.approx(-0.2) and ndvi.stops[-1].value == pytest.approx(0.8)
    assert ndvi.stops[0].color != ndvi.stops[-1].color
    red, green = int(ndvi.stops[0].color[1:3], 16), int(ndvi.stops[-1].color[3:5], 16)
    assert red > 150 and green > 100, "RdYlGn: red for bare, green for vegetation"
