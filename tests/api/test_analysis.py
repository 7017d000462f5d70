"""Dispersion through the API on the demo park: threat zones, what lies inside them, the threat at
a receptor, the live weather, and who may ask."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from gis.analysis.geodesy import LocalFrame
from gis.analysis.slots import Slots
from tests.api.analysis_fixtures import analysis_client, execute, rows

CHLORINE = "7782-50-5"
AMMONIA = "7664-41-7"
BENZENE = "71-43-2"
HYDROGEN_CHLORIDE = "7647-01-0"
D_FROM_WEST = {"source": "entered", "wind_speed_m_s": 3.0, "wind_from_deg": 270.0, "stability": "D"}
LIVE_AT = dt.datetime(2025, 3, 10, 4, 0, tzinfo=dt.UTC)  # noon in Sichuan: daytime


@pytest.fixture(scope="module")
async def api(demo_app, demo_database_url):
    async with analysis_client(demo_app, demo_database_url) as client_and_headers:
        yield client_and_headers


def zones_of(collection: dict) -> dict[str, dict]:
    return {
        f["properties"]["level"]: f
        for f in collection["features"]
        if f["properties"]["kind"] == "threat_zone"
    }


def place_near(lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
    x, y = LocalFrame(lon, lat).to_lonlat(east_m, north_m)
    return float(x), float(y)


async def test_a_chlorine_tank_gives_nested_zones_downwind_at_its_sourced_aegls(api, demo_database_url):
    client, headers = api
    ((unit_id, quantity_t, lon, lat),) = rows(
        demo_database_url,
        "SELECT u.id, u.quantity_t, ST_X(u.geom), ST_Y(u.geom) FROM storage_units u "
        "JOIN chemicals c ON c.id = u.chemical_id WHERE c.cas = :cas ORDER BY u.quantity_t DESC LIMIT 1",
        cas=CHLORINE,
    )
    ((aegl1, aegl2, aegl3),) = rows(
        demo_database_url,
        "SELECT aegl1_ppm, aegl2_ppm, aegl3_ppm FROM chemicals WHERE cas = :cas",
        cas=CHLORINE,
    )
    response = await client.post(
        "/analysis/plume",
        json={"storage_unit_id": unit_id, "weather": D_FROM_WEST},
        headers=headers["responder"],
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    answer = response.json()
    props = answer["properties"]

    # the unit's whole content over ten minutes, from where the unit stands
    assert props["release"]["rate_g_s"] == pytest.approx(quantity_t * 1e6 / 600)
    assert props["release"]["duration_s"] == 600 and "40 CFR 68.25" in props["release"]["amount_basis"]
    assert props["release"]["amount_source"] == "worst_case", "a client words it in its own language"
    assert props["chemical"]["endpoints_source"] == "library"
    source = next(f for f in answer["features"] if f["properties"]["kind"] == "source")
    assert source["geometry"]["coordinates"] == pytest.approx([lon, lat])

    endpoints = {e["level"]: e for e in props["chemical"]["endpoints"]}
    assert {k: e["ppm"] for k, e in endpoints.items()} == {"AEGL-1": aegl1, "AEGL-2": aegl2, "AEGL-3": aegl3}
    assert all(e["sourced"] and "AEGL" in e["source"] for e in endpoints.values())

    zones = zones_of(answer)
    assert list(zones) == ["AEGL-3", "AEGL-2", "AEGL-1"]
    assert [zones[k]["properties"]["ppm"] for k in zones] == [aegl3, aegl2, aegl1]
    polygons = {k: shape(z["geometry"]) for k, z in zones.items()}
    assert polygons["AEGL-2"].buffer(1e-7).contains(polygons["AEGL-3"])
    assert polygons["AEGL-1"].buffer(1e-7).contains(polygons["AEGL-2"])
    reach = [zones[k]["properties"]["max_downwind_m"] for k in ("AEGL-3", "AEGL-2", "AEGL-1")]
    assert reach == sorted(reach) and reach[0] > 0

    # a wind from the west carries every zone east, as far as the zone says
    frame = LocalFrame(lon, lat)
    for level, polygon in polygons.items():
        east, north = frame.to_local(*np.asarray(polygon.exterior.coords).T)
        assert east.min() > -1.0, level
        assert east.max() == pytest.approx(zones[level]["properties"]["max_downwind_m"], rel=0.02)
        assert np.abs(north).max() <= zones[level]["properties"]["max_half_width_m"] * 1.01

    kinds = {f["properties"]["kind"] for f in answer["features"]}
    assert {"initial_isolation", "protective_action"} <= kinds
    isolation = next(f for f in answer["features"] if f["properties"]["kind"] == "initial_isolation")
    basis = isolation["properties"]["basis_facts"]
    assert basis == {"source": "model", "isolation": "AEGL-3", "protective": "AEGL-2"}
    assert {w["code"] for w in props["warnings"]} >= {"dense_gas"}  # chlorine is heavier than air
    dense = next(w for w in props["warnings"] if w["code"] == "dense_gas")
    assert dense["facts"]["molecular_weight"] == pytest.approx(70.9, abs=0.1), "the facts behind the words"
    for warning in props["warnings"]:
        if "zone" in warning["facts"]:
            assert warning["facts"]["zone"] in zones and warning["facts"]["zone"] in warning["message"]


async def test_a_chemical_without_sourced_aegls_says_so_and_takes_entered_endpoints(api):
    client, headers = api
    body = {"cas": AMMONIA, "lon": 105.07, "lat": 28.73, "release": {"mass_kg": 500}, "weather": D_FROM_WEST}
    refused = await client.post("/analysis/plume", json=body, headers=headers["manager"])
    assert refused.status_code == 400
    assert "no sourced AEGL" in refused.json()["detail"]

    body["endpoints"] = [{"label": "entered 300 mg/m3", "value": 300, "unit": "mg/m3"}]
    response = await client.post("/analysis/plume", json=body, headers=headers["manager"])
    assert response.status_code == 200, response.text
    chemical = response.json()["properties"]["chemical"]
    assert chemical["endpoints_basis"] == "entered"
    assert all(e["ppm"] is None and e["source"] == "no sourced value" for e in chemical["endpoints"])
    assert [z["properties"]["mg_m3"] for z in zones_of(response.json()).values()] == [300]
    assert response.json()["properties"]["release"]["kind"] == "instantaneous"


def ambient_limits(url: str, parameter: str) -> dict[str, float]:
    """The park's limits on the open air for ``parameter``, by the zone label they are drawn as."""
    where = {"voc": "in-plant", "air_boundary": "boundary"}
    averaging = {"instant": "single", "1h": "1-h"}
    found = rows(
        url,
        "SELECT applies_to, averaging, value FROM limits WHERE parameter = :p AND station_id IS NULL "
        "AND applies_to IN ('voc', 'air_boundary') AND bound = 'max' AND unit = 'mg/m3'",
        p=parameter,
    )
    return {f"{where[a]} {averaging[v]}": value for a, v, value in found}


async def test_a_benzene_tank_without_sourced_aegls_is_drawn_at_the_parks_boundary_limit(
    api, demo_database_url
):
    client, headers = api
    ((unit_id, weight),) = rows(
        demo_database_url,
        "SELECT u.id, c.molecular_weight FROM storage_units u JOIN chemicals c ON c.id = u.chemical_id "
        "WHERE c.cas = :cas ORDER BY u.quantity_t DESC LIMIT 1",
        cas=BENZENE,
    )
    limits = ambient_limits(demo_database_url, "benzene")
    assert limits, "the demo park judges benzene at its boundary"
    response = await client.post(
        "/analysis/plume",
        json={"storage_unit_id": unit_id, "weather": D_FROM_WEST},
        headers=headers["responder"],
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    chemical = answer["properties"]["chemical"]
    assert chemical["parameter"] == "benzene"
    assert "ambient-air limits" in chemical["endpoints_basis"] and chemical["endpoints_source"] == "ambient"
    ambient = [e for e in chemical["endpoints"] if e.get("kind") == "ambient_limit"]
    assert {e["level"]: e["mg_m3"] for e in ambient} == limits
    assert all(e["sourced"] and "GB" in e["source"] for e in ambient)
    zones = zones_of(answer)
    assert {k: z["properties"]["mg_m3"] for k, z in zones.items()} == limits
    assert all(z["properties"]["reached"] for z in zones.values())
    for level, zone in zones.items():
        assert zone["properties"]["ppm"] == pytest.approx(limits[level] * 24.465 / weight, rel=1e-3)
    # limits on the air are no health thresholds: nobody is told to evacuate by them
    kinds = {f["properties"]["kind"] for f in answer["features"]}
    assert not kinds & {"initial_isolation", "protective_action"}
    assert "ambient_limits" in {w["code"] for w in answer["properties"]["warnings"]}


async def test_hydrogen_chloride_by_cas_and_vocs_as_a_group_by_parameter(api, demo_database_url):
    client, headers = api
    release = {"rate_g_s": 200, "duration_min": 60}
    hcl = await client.post(
        "/analysis/plume",
        json={
            "cas": HYDROGEN_CHLORIDE,
            "lon": 105.07,
            "lat": 28.73,
            "release": release,
            "weather": D_FROM_WEST,
        },
        headers=headers["responder"],
    )
    assert hcl.status_code == 200, hcl.text
    assert {k: z["properties"]["mg_m3"] for k, z in zones_of(hcl.json()).items()} == ambient_limits(
        demo_database_url, "hcl"
    )

    nmhc = await client.post(
        "/analysis/plume",
        json={"parameter": "nmhc", "lon": 105.07, "lat": 28.73, "release": release, "weather": D_FROM_WEST},
        headers=headers["responder"],
    )
    assert nmhc.status_code == 200, nmhc.text
    answer = nmhc.json()
    chemical = answer["properties"]["chemical"]
    assert chemical["cas"] is None and chemical["molecular_weight"] is None
    assert chemical["parameter"] == "nmhc" and "NMHC" in chemical["name_en"]
    zones = zones_of(answer)
    limits = ambient_limits(demo_database_url, "nmhc")
    assert len(limits) >= 2, "in the plant (GB 37822) and at the boundary (GB 16297)"
    assert list(zones) == sorted(limits, key=limits.get, reverse=True), "highest limit, smallest zone first"
    assert all(z["properties"]["ppm"] is None for z in zones.values()), "a group has no molar mass"
    polygons = [shape(z["geometry"]) for z in zones.values()]
    for inner, outer in itertools.pairwise(polygons):
        assert outer.buffer(1e-7).contains(inner)

    both = await client.post(
        "/analysis/plume",
        json={"parameter": "nmhc", "cas": BENZENE, "lon": 105.07, "lat": 28.73, "release": release},
        headers=headers["responder"],
    )
    assert both.status_code == 400
    soil = await client.post(
        "/analysis/plume",
        json={"parameter": "cod", "lon": 105.07, "lat": 28.73, "release": release},
        headers=headers["responder"],
    )
    assert soil.status_code == 400 and "air" in soil.json()["detail"]


async def test_the_picker_says_which_chemicals_and_parameters_a_plume_can_be_drawn_for(api):
    client, headers = api
    answer = (await client.get("/analysis/chemicals", headers=headers["responder"])).json()
    modelled = {c["cas"]: c["modelled"] for c in answer["chemicals"]}
    assert modelled[BENZENE] and modelled[HYDROGEN_CHLORIDE] and modelled["108-88-3"], "at the park's limits"
    assert modelled[CHLORINE], "at its AEGLs"
    assert modelled[AMMONIA] is False, "no sourced AEGL and no limit of the park: endpoints must be given"
    parameters = {p["parameter"]: p for p in answer["parameters"]}
    assert parameters["nmhc"]["chemical_id"] is None and parameters["nmhc"]["molecular_weight"] is None
    assert parameters["benzene"]["cas"] == BENZENE and parameters["benzene"]["chemical_id"]
    assert "nh3" not in parameters


async def test_a_plume_beyond_the_servers_slots_is_refused_as_busy_not_queued(api, demo_app):
    client, headers = api
    body = {"cas": CHLORINE, "lon": 105.07, "lat": 28.73, "release": {"mass_kg": 50}, "weather": D_FROM_WEST}
    configured = demo_app.state.plume_slots
    demo_app.state.plume_slots = slots = Slots("plume computations", at_once=1, waiting=0)
    try:
        async with slots.slot():
            busy = await client.post("/analysis/plume", json=body, headers=headers["responder"])
        answered = await client.post("/analysis/plume", json=body, headers=headers["responder"])
    finally:
        demo_app.state.plume_slots = configured
    assert busy.status_code == 503 and busy.json()["error"] == "busy"
    assert answered.status_code == 200, answered.text


async def test_impact_lists_exactly_the_people_and_plants_inside_the_zones(api, demo_database_url):
    client, headers = api
    ((code, people, lon, lat),) = rows(
        demo_database_url,
        "SELECT code, people, ST_X(geom), ST_Y(geom) FROM population_points "
        "WHERE kind = 'dormitory' ORDER BY people DESC LIMIT 1",
    )
    src_lon, src_lat = place_near(lon, lat, -600.0, 0.0)
    body = {
        "cas": CHLORINE,
        "lon": src_lon,
        "lat": src_lat,
        "release": {"rate_kg_min": 60, "duration_min": 30},
        "weather": D_FROM_WEST,
        "impact": True,
    }
    response = await client.post("/analysis/plume", json=body, headers=headers["responder"])
    assert response.status_code == 200, response.text
    answer = response.json()
    impact = answer["properties"]["impact"]
    aegl1 = shape(zones_of(answer)["AEGL-1"]["geometry"])

    listed = {p["code"]: p for p in impact["inside"]["population"]}
    assert code in listed and "AEGL-1" in listed[code]["zones"] and listed[code]["wind"] == "downwind"
    everyone = rows(demo_database_url, "SELECT code, people, ST_X(geom), ST_Y(geom) FROM population_points")
    inside = {c: n for c, n, x, y in everyone if aegl1.intersects(shapely.Point(x, y))}
    assert {c for c, p in listed.items() if "AEGL-1" in p["zones"]} == set(inside)
    assert impact["totals"]["AEGL-1"]["people"] == sum(inside.values()) >= people

    plants = rows(demo_database_url, "SELECT code, ST_AsText(geom) FROM enterprises")
    touched = {c for c, wkt in plants if aegl1.intersects(shapely.from_wkt(wkt))}
    assert touched, "the zone crosses the park"
    assert {e["code"] for e in impact["inside"]["enterprise"] if "AEGL-1" in e["zones"]} == touched

    kinds = {r["kind"] for r in impact["nearest_resources"]}
    assert {"shelter", "fire_station", "hospital"} <= kinds
    assert all(r["wind"] in ("downwind", "crosswind", "upwind") for r in impact["nearest_resources"])
    distances = [r["distance_m"] for r in impact["nearest_resources"] if r["kind"] == "shelter"]
    assert distances == sorted(distances)

    again = await client.post(
        "/analysis/impact",
        json={"lon": src_lon, "lat": src_lat, "wind_from_deg": 270, "zones": answer},
        headers=headers["inspector"],
    )
    assert again.status_code == 200, again.text
    assert again.json()["inside"]["population"] == impact["inside"]["population"]


async def test_the_threat_at_a_receptor_arrives_with_the_wind_and_never_upwind(api):
    client, headers = api
    base = {
        "cas": CHLORINE,
        "lon": 105.07,
        "lat": 28.73,
        "release": {"rate_g_s": 1000, "duration_min": 20},
        "weather": D_FROM_WEST,
    }
    east = place_near(105.07, 28.73, 900.0, 0.0)
    response = await client.post(
        "/analysis/point-threat",
        json={**base, "receptor_lon": east[0], "receptor_lat": east[1]},
        headers=headers["responder"],
    )
    assert response.status_code == 200, response.text
    threat = response.json()
    assert threat["receptor"]["downwind_m"] == pytest.approx(900, abs=1)
    assert threat["arrival_s"] == pytest.approx(300, abs=1)
    assert {e["level"] for e in threat["exceeded"]} >= {"AEGL-1", "AEGL-2"}
    first = min(e["from_s"] for e in threat["exceeded"])
    assert first >= 300 - 10
    assert max(threat["series"]["mg_m3"]) == pytest.approx(threat["peak_mg_m3"], rel=1e-6)

    west = place_near(105.07, 28.73, -900.0, 0.0)
    upwind = await client.post(
        "/analysis/point-threat",
        json={**base, "receptor_lon": west[0], "receptor_lat": west[1]},
        headers=headers["responder"],
    )
    assert upwind.status_code == 200
    assert upwind.json()["arrival_s"] is None and upwind.json()["exceeded"] == []
    assert upwind.json()["peak_mg_m3"] == 0


@pytest.fixture
def live_wind(demo_database_url):
    """The met station reporting a 5 m/s east wind for the 15 minutes before ``LIVE_AT``."""
    ((station,),) = rows(demo_database_url, "SELECT id FROM stations WHERE kind = 'met'")
    samples = [
        {"s": station, "p": parameter, "t": LIVE_AT - dt.timedelta(minutes=minute), "v": value}
        for minute in range(15)
        for parameter, value in (("wind_speed", 5.0), ("wind_dir", 88.0 + minute % 5))
    ]
    execute(
        demo_database_url,
        "INSERT INTO readings (station_id, parameter, ts, value) VALUES (:s, :p, :t, :v)",
        samples,
    )
    yield station
    execute(
        demo_database_url,
        "DELETE FROM readings WHERE station_id = :s AND ts BETWEEN :a AND :b",
        s=station,
        a=LIVE_AT - dt.timedelta(hours=1),
        b=LIVE_AT,
    )


async def test_auto_weather_takes_the_live_wind_of_the_met_station(api, live_wind):
    client, headers = api
    body = {
        "cas": CHLORINE,
        "lon": 105.07,
        "lat": 28.73,
        "release": {"rate_g_s": 300},
        "weather": {"source": "auto", "at": LIVE_AT.isoformat()},
    }
    response = await client.post("/analysis/plume", json=body, headers=headers["responder"])
    assert response.status_code == 200, response.text
    weather = response.json()["properties"]["weather"]
    assert weather["wind_speed_m_s"] == pytest.approx(5.0)
    assert weather["wind_from_deg"] == pytest.approx(90.0, abs=0.5)  # the 10-minute vector mean
    assert weather["station"]["code"] == "JA-M01" and weather["station"]["samples"] == 10
    assert weather["stability"] == "D" and "day" in weather["stability_basis"]
    facts = weather["stability_facts"]
    assert facts["method"] == "pasquill" and facts["daytime"] and facts["cloud_oktas"] is None
    aegl1 = shape(zones_of(response.json())["AEGL-1"]["geometry"])
    assert aegl1.centroid.x < 105.07, "an east wind carries the plume west"

    stale = {**body, "weather": {"source": "auto", "at": (LIVE_AT + dt.timedelta(hours=2)).isoformat()}}
    missing = await client.post("/analysis/plume", json=stale, headers=headers["responder"])
    assert missing.status_code == 404 and "no live wind" in missing.json()["detail"]
    stale["weather"] |= {"wind_speed_m_s": 2.0, "wind_from_deg": 0.0}
    fallback = await client.post("/analysis/plume", json=stale, headers=headers["responder"])
    assert fallback.status_code == 200
    used = fallback.json()["properties"]["weather"]
    assert used["wind_from_deg"] == 0 and used["station"] is None and used["notes"]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/analysis/plume"),
        ("POST", "/analysis/point-threat"),
        ("POST", "/analysis/impact"),
        ("POST", "/analysis/trace/downstream"),
        ("POST", "/analysis/trace/upstream"),
        ("POST", "/analysis/sources"),
        ("GET", "/analysis/major-hazards"),
        ("GET", "/analysis/major-hazards.geojson"),
        ("GET", "/incidents"),
    ],
)
async def test_enterprise_and_screen_accounts_may_not_analyse(api, method, url):
    client, headers = api
    for role in ("enterprise", "screen"):
        response = await client.request(method, url, headers=headers[role], json={})
        assert response.status_code == 403, (role, response.text)


async def test_the_bureau_reads_but_does_not_run_analyses(api):
    client, headers = api
    body = {
        "cas": CHLORINE,
        "lon": 105.07,
        "lat": 28.73,
        "release": {"rate_g_s": 100},
        "weather": D_FROM_WEST,
    }
    assert (await client.post("/analysis/plume", json=body, headers=headers["bureau"])).status_code == 403
    assert (await client.post("/analysis/plume", json=body, headers=headers["inspector"])).status_code == 200
    assert (await client.get("/analysis/major-hazards", headers=headers["bureau"])).status_code == 200


async def test_the_chemical_picker_lists_the_library_with_what_the_park_holds(api, demo_database_url):
    client, headers = api
    response = await client.get("/analysis/chemicals", headers=headers["responder"])
    assert response.status_code == 200
    chemicals = response.json()["chemicals"]
    held = [c for c in chemicals if c["storage_units"]]
    assert held and chemicals[: len(held)] == held, "the chemicals the park holds come first"
    ((units, cas, tonnes),) = rows(
        demo_database_url,
        "SELECT count(*), c.cas, sum(u.quantity_t) FROM storage_units u JOIN chemicals c ON c.id = u.chemical_id "
        "GROUP BY c.cas ORDER BY sum(u.quantity_t) DESC LIMIT 1",
    )
    assert held[0]["cas"] == cas and held[0]["storage_units"] == units
    assert held[0]["held_t"] == pytest.approx(tonnes)
    chlorine = next(c for c in chemicals if c["cas"] == "7782-50-5")
    assert chlorine["modelled"] is True, "sourced molecular weight and AEGLs"
    assert len(chemicals) == rows(demo_database_url, "SELECT count(*) FROM chemicals")[0][0]
