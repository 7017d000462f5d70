"""Threat zones, threat at a point and protective-action areas, as a responder would read them."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from gis.analysis.dispersion import peak_concentration
from gis.analysis.meteorology import STABILITY_CLASSES, Weather
from gis.analysis.point_threat import threat_at_point
from gis.analysis.protective_action import (
    ErgDistances,
    ErgRow,
    protective_action_from_erg,
    protective_action_from_model,
    spill_size,
)
from gis.analysis.scenario import Endpoint, Release, ToxicChemical
from gis.analysis.threat_zones import threat_zones
from gis.errors import InvalidInput

GEOD = Geod(ellps="WGS84")
SOURCE = (118.80, 32.20)
# AEGL 60-min values, ppm: chlorine from the AEGL chlorine table (0.5 / 2.0 / 20), hydrogen
# sulfide from NRC via PMC5777517 Table 3 (0.51 / 27 / 50).
CHLORINE = ToxicChemical.from_aegl("chlorine", 70.906, 0.5, 2.0, 20.0)
HYDROGEN_SULFIDE = ToxicChemical.from_aegl("hydrogen sulfide", 34.08, 0.51, 27.0, 50.0)


def bearing_to(lon: float, lat: float) -> float:
    azimuth, _, _ = GEOD.inv(SOURCE[0], SOURCE[1], lon, lat)
    return azimuth % 360


def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


@pytest.mark.parametrize("kind", ["continuous", "instantaneous"])
@given(
    wind_from=st.floats(min_value=0.0, max_value=359.9),
    stability=st.sampled_from(STABILITY_CLASSES),
    speed=st.floats(min_value=1.0, max_value=12.0),
)
@settings(max_examples=15, deadline=None)
def test_zones_nest_and_point_downwind(kind, wind_from, stability, speed):
    release = Release(*SOURCE, rate_g_s=800.0) if kind == "continuous" else Release(*SOURCE, mass_kg=2000.0)
    result = threat_zones(release, Weather(speed, wind_from, stability), CHLORINE)
    aegl3, aegl2, aegl1 = (result.threat_zones.zone(label) for label in ("AEGL-3", "AEGL-2", "AEGL-1"))
    assert aegl1.reached and aegl2.reached and aegl3.reached
    # nested in metres exactly, and in degrees to well under a centimetre
    assert aegl2.local_geometry.buffer(1e-6).contains(aegl3.local_geometry)
    assert aegl1.local_geometry.buffer(1e-6).contains(aegl2.local_geometry)
    assert aegl2.geometry.buffer(1e-9).contains(aegl3.geometry)
    assert aegl1.geometry.buffer(1e-9).contains(aegl2.geometry)
    assert aegl3.downwind_m <= aegl2.downwind_m <= aegl1.downwind_m
    assert aegl3.area_m2 < aegl2.area_m2 < aegl1.area_m2
    downwind = (wind_from + 180) % 360
    for zone in (aegl3, aegl2, aegl1):
        assert zone.geometry.is_valid
        centroid = zone.geometry.centroid
        assert angle_between(bearing_to(centroid.x, centroid.y), downwind) < 1.0


def test_zone_tip_is_where_the_centreline_falls_to_the_endpoint():
    weather = Weather(3.0, 270.0, "D")
    release = Release(*SOURCE, rate_g_s=500.0)
    result = threat_zones(release, weather, CHLORINE)
    for zone in result.threat_zones.zones:
        tip = float(peak_concentration(release, weather, zone.downwind_m, 0.0))
        assert tip == pytest.approx(zone.threshold_mg_m3, rel=1e-6)
        # the far tip lies due east of the source (the wind is from the west)
        lon, lat, _ = GEOD.fwd(SOURCE[0], SOURCE[1], 90.0, zone.downwind_m)
        assert (
            zone.geometry.buffer(1e-7).contains(type(zone.geometry.centroid)(lon, lat))
            or zone.geometry.distance(type(zone.geometry.centroid)(lon, lat)) < 1e-6
        )
    aegl3 = result.threat_zones.zone("AEGL-3")
    assert aegl3.threshold_mg_m3 == pytest.approx(20 * 70.906 / 24.4654, rel=1e-4)


def test_zone_width_matches_the_crosswind_profile():
    """At the distance of its widest point, the zone's edge sits where C(x, y) = endpoint."""
    weather = Weather(2.0, 0.0, "C", "pasquill_gifford")
    release = Release(*SOURCE, rate_g_s=300.0)
    zone = threat_zones(release, weather, HYDROGEN_SULFIDE).threat_zones.zone("AEGL-2")
    minx, miny, maxx, maxy = zone.local_geometry.bounds  # wind from the north: plume runs south
    assert maxy <= 1e-6 and miny == pytest.approx(-zone.downwind_m, rel=1e-9)
    half_width = (maxx - minx) / 2
    assert half_width == pytest.approx(zone.max_half_width_m, rel=1e-9)
    ys = np.linspace(-zone.downwind_m, 0, 20001)
    xs = np.array([zone.local_geometry.intersection(_line_at(y)).length / 2 for y in ys[::400]])
    i = int(np.argmax(xs))
    at = -ys[::400][i]
    edge = float(peak_concentration(release, weather, at, xs[i]))
    assert edge == pytest.approx(zone.threshold_mg_m3, rel=0.02)


def _line_at(north: float):
    from shapely.geometry import LineString

    return LineString([(-1e5, north), (1e5, north)])


def test_elevated_release_touches_down_downwind():
    weather = Weather(4.0, 90.0, "D")
    release = Release(*SOURCE, rate_g_s=2000.0, height_m=30.0, plume_rise_m=10.0)
    zone = threat_zones(release, weather, CHLORINE).threat_zones.zone("AEGL-2")
    assert zone.reached and zone.starts_at_m > 100.0
    assert not zone.local_geometry.buffer(1.0).contains(type(zone.local_geometry.centroid)(0.0, 0.0))


def test_warnings_state_the_model_limits():
    low_wind = threat_zones(Release(*SOURCE, rate_g_s=50.0), Weather(0.7, 10.0, "F"), CHLORINE)
    codes = {w.code for w in low_wind.warnings}
    assert {"low_wind", "very_stable", "dense_gas"} <= codes
    small = threat_zones(Release(*SOURCE, rate_g_s=0.05), Weather(5.0, 10.0, "D"), HYDROGEN_SULFIDE)
    assert "near_source" in {w.code for w in small.warnings}
    assert "dense_gas" in {w.code for w in small.warnings}  # H2S (34.08) is heavier than air
    light = ToxicChemical("ammonia vapour", 17.03, (Endpoint("PAC-2", 160.0, "ppm"),))
    calm = threat_zones(Release(*SOURCE, rate_g_s=500.0), Weather(6.0, 10.0, "C"), light)
    assert {w.code for w in calm.warnings} == set()
    huge = threat_zones(Release(*SOURCE, rate_g_s=20_000.0), Weather(2.0, 10.0, "F"), CHLORINE)
    assert huge.threat_zones.zone("AEGL-1").truncated
    assert {"beyond_range", "beyond_an_hour"} <= {w.code for w in huge.warnings}
    brief = threat_zones(
        Release(*SOURCE, rate_g_s=500.0, duration_s=120.0), Weather(3.0, 10.0, "D"), CHLORINE
    )
    assert "short_release" in {w.code for w in brief.warnings}


def test_result_is_geojson_ready():
    result = threat_zones(Release(*SOURCE, mass_kg=500.0), Weather(3.0, 200.0, "E"), CHLORINE)
    collection = json.loads(json.dumps(result.to_geojson()))
    assert [f["properties"]["level"] for f in collection["features"]] == ["AEGL-3", "AEGL-2", "AEGL-1"]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in collection["features"])
    lon, lat = collection["features"][0]["geometry"]["coordinates"][0][0]
    assert abs(lon - SOURCE[0]) < 0.1 and abs(lat - SOURCE[1]) < 0.1
    grid = result.grid
    assert grid.values.shape == (grid.north_m.size, grid.east_m.size) and grid.values.max() > 0
    cells = grid.to_geojson(min_value=CHLORINE.mg_m3(CHLORINE.endpoint("AEGL-1")))
    assert cells["features"] and json.dumps(cells)


def test_grid_agrees_with_the_zones():
    result = threat_zones(Release(*SOURCE, rate_g_s=400.0), Weather(3.0, 135.0, "D"), CHLORINE)
    zone = result.threat_zones.zone("AEGL-2")
    region = result.grid.region_at_least(zone.threshold_mg_m3)
    overlap = region.intersection(zone.geometry).area / region.union(zone.geometry).area
    assert overlap > 0.8


def test_endpoint_given_in_mg_m3_and_missing_levels():
    sulfur_dioxide = ToxicChemical.from_aegl("sulfur dioxide", 64.066, 0.2, 0.75, None)
    assert [e.label for e in sulfur_dioxide.by_severity()] == ["AEGL-2", "AEGL-1"]
    erpg = ToxicChemical("chlorine (ERPG)", 70.906, (Endpoint("ERPG-3", 58.0, "mg/m3"),))
    zones = threat_zones(Release(*SOURCE, rate_g_s=500.0), Weather(3.0, 0.0, "D"), erpg).threat_zones
    assert zones.zone("ERPG-3").threshold_ppm == pytest.approx(58.0 * 24.4654 / 70.906, rel=1e-4)
    with pytest.raises(InvalidInput):
        ToxicChemical("nothing", 30.0, ())
    with pytest.raises(InvalidInput):
        Release(*SOURCE, rate_g_s=1.0, mass_kg=1.0)


def test_threat_at_point_for_a_plume():
    weather = Weather(2.0, 270.0, "D")
    release = Release(*SOURCE, rate_g_s=500.0, duration_s=900.0)
    lon, lat, _ = GEOD.fwd(SOURCE[0], SOURCE[1], 90.0, 1200.0)
    threat = threat_at_point(release, weather, CHLORINE, lon, lat)
    assert threat.downwind_m == pytest.approx(1200.0, abs=0.5)
    assert abs(threat.crosswind_m) < 0.5
    assert threat.arrival_s == pytest.approx(600.0, abs=0.3)
    steady = float(peak_concentration(release, weather, threat.downwind_m, threat.crosswind_m))
    assert threat.peak_mg_m3 == pytest.approx(steady)
    before = threat.times_s < 590
    during = (threat.times_s > 610) & (threat.times_s < 1490)
    after = threat.times_s > 1510
    assert np.all(threat.concentration_mg_m3[before] == 0)
    assert np.allclose(threat.concentration_mg_m3[during], steady)
    assert np.all(threat.concentration_mg_m3[after] == 0)
    reached = {e.label: e for e in threat.exceeded}
    assert set(reached) == {"AEGL-1", "AEGL-2"}  # about 9.4 mg/m3 there: above 5.8, below 58
    assert reached["AEGL-2"].from_s == pytest.approx(600.0, abs=10.0)
    assert reached["AEGL-2"].until_s == pytest.approx(1500.0, abs=10.0)


def test_threat_at_point_for_a_puff_and_upwind():
    weather = Weather(4.0, 0.0, "D")
    release = Release(*SOURCE, mass_kg=1000.0)
    lon, lat, _ = GEOD.fwd(SOURCE[0], SOURCE[1], 180.0, 2000.0)
    threat = threat_at_point(release, weather, CHLORINE, lon, lat)
    assert threat.arrival_s == pytest.approx(500.0, abs=0.5)
    peak_time = threat.times_s[int(threat.concentration_mg_m3.argmax())]
    assert peak_time == pytest.approx(500.0, rel=0.05)
    assert threat.concentration_mg_m3.max() == pytest.approx(threat.peak_mg_m3, rel=0.01)
    assert threat.concentration_mg_m3[threat.times_s < 300].max() < 1e-6 * threat.peak_mg_m3
    upwind_lon, upwind_lat, _ = GEOD.fwd(SOURCE[0], SOURCE[1], 0.0, 500.0)
    upwind = threat_at_point(release, weather, CHLORINE, upwind_lon, upwind_lat)
    assert upwind.arrival_s is None and upwind.peak_mg_m3 == 0 and upwind.exceeded == ()


def test_protective_action_from_the_model():
    result = threat_zones(Release(*SOURCE, rate_g_s=800.0), Weather(3.0, 45.0, "D"), CHLORINE)
    action = protective_action_from_model(result)
    aegl3 = result.threat_zones.zone("AEGL-3")
    aegl2 = result.threat_zones.zone("AEGL-2")
    assert action.isolation_radius_m == aegl3.downwind_m
    assert action.protective_distance_m == aegl2.downwind_m
    assert action.protective_half_width_m == aegl2.max_half_width_m
    assert action.protective_area.buffer(1e-7).contains(aegl2.geometry)
    assert action.isolation_zone.buffer(1e-7).contains(aegl3.geometry)
    _, _, radius = GEOD.inv(SOURCE[0], SOURCE[1], *action.isolation_zone.exterior.coords[0])
    assert radius == pytest.approx(aegl3.downwind_m, rel=1e-3)
    assert len(json.loads(json.dumps(action.to_geojson()))["features"]) == 2
    with pytest.raises(InvalidInput):
        protective_action_from_model(result, protective_level="ERPG-2")


def test_protective_action_from_an_erg_row():
    """The row's numbers only exercise the structure (chlorine, ERG 2008 edition, as found in
    the reference notes; not the current edition's values)."""
    row = ErgRow(
        un_number="1017",
        name="Chlorine",
        edition="ERG2008",
        small_spill=ErgDistances(isolate_m=60, day_km=0.4, night_km=1.6),
        large_spill=ErgDistances(isolate_m=600, day_km=3.5, night_km=8.0),
    )
    action = protective_action_from_erg(
        row, lon=SOURCE[0], lat=SOURCE[1], wind_from_deg=270.0, spill="small", period="night"
    )
    assert action.isolation_radius_m == 60 and action.protective_distance_m == 1600.0
    assert GEOD.geometry_length(action.protective_area) == pytest.approx(4 * 1600.0, rel=1e-3)
    assert abs(GEOD.geometry_area_perimeter(action.protective_area)[0]) == pytest.approx(1600.0**2, rel=2e-3)
    far_lon, far_lat, _ = GEOD.fwd(SOURCE[0], SOURCE[1], 90.0, 1500.0)
    near_upwind = GEOD.fwd(SOURCE[0], SOURCE[1], 270.0, 100.0)
    assert action.protective_area.contains(type(action.isolation_zone.centroid)(far_lon, far_lat))
    assert not action.protective_area.contains(type(action.isolation_zone.centroid)(*near_upwind[:2]))
    day_large = protective_action_from_erg(
        row, lon=SOURCE[0], lat=SOURCE[1], wind_from_deg=0.0, spill="large", period="day"
    )
    assert day_large.isolation_radius_m == 600 and day_large.protective_distance_m == 3500.0
    assert "ERG2008" in day_large.basis and "large spill, day" in day_large.basis
    assert math.isclose(
        day_large.isolation_zone.area,
        math.pi * (600 / 111_000) ** 2 / math.cos(math.radians(32.2)),
        rel_tol=0.02,
    )


def test_spill_size_follows_the_erg_208_litre_rule():
    assert spill_size(207.9) == "small"
    assert spill_size(208.0) == "large"
    with pytest.raises(InvalidInput):
        spill_size(-1.0)


def test_a_group_of_substances_is_drawn_in_mg_m3_with_no_ppm_and_no_dense_gas_guess():
    nmhc = ToxicChemical("NMHC", None, (Endpoint("boundary 1-h", 4.0, "mg/m3"),))
    result = threat_zones(Release(*SOURCE, rate_g_s=100.0), Weather(3.0, 270.0, "D"), nmhc)
    (zone,) = result.threat_zones.zones
    assert zone.reached and zone.threshold_mg_m3 == 4.0 and zone.threshold_ppm is None
    assert "dense_gas" not in {w.code for w in result.warnings}
    with pytest.raises(InvalidInput, match="mg/m3"):
        ToxicChemical("NMHC", None, (Endpoint("AEGL-1", 1.0, "ppm"),))
