"""The incident report: what it shows, and that a browser opens it with no network at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gis.analysis.chemical_library import LibraryChemical
from gis.analysis.geodesy import LocalFrame
from gis.analysis.meteorology import Weather
from gis.analysis.plume_answer import plume_answer
from gis.analysis.release_scenario import ReleaseScenario
from gis.analysis.scenario import Release
from gis.analysis.weather import ResolvedWeather
from gis.incidents.report import render_report
from tests.gis.incidents.offline import leaflet_free, loading_references

AT = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
LON, LAT = 105.07, 28.73
ROAD_NAME = "经一路 <b>`${x}`</b>"


def at(east: float, north: float) -> list[float]:
    lon, lat = LocalFrame(LON, LAT).to_lonlat(east, north)
    return [float(lon), float(lat)]


@pytest.fixture(scope="module")
def incident() -> dict:
    chlorine = LibraryChemical(
        1,
        "7782-50-5",
        "1017",
        "氯",
        "chlorine",
        70.906,
        {"AEGL-1": 0.5, "AEGL-2": 2.0, "AEGL-3": 20.0},
        {"aegl1_ppm": "AEGL 60 min (NRC)", "aegl2_ppm": "AEGL 60 min (NRC)", "molecular_weight": "IUPAC"},
    )
    weather = ResolvedWeather(Weather(3.0, 270.0, "D"), AT, "entered", "entered", None, ())
    scenario = ReleaseScenario(
        Release(LON, LAT, rate_g_s=800.0, duration_s=1800.0),
        chlorine.toxic(),
        chlorine,
        weather,
        None,
        "entered",
        "AEGL 60-min values of the chemical library",
    )
    gate = {
        "id": 11,
        "code": "JA-RG-1",
        "kind": "rain_gate",
        "state": "open",
        "action": "close",
        "distance_m": 240.0,
        "travel_time_s": 240.0,
        "lon": at(200, 60)[0],
        "lat": at(200, 60)[1],
    }
    outfall = {
        "id": 12,
        "code": "JA-OUT-1",
        "outfall_code": "JA-YS009",
        "distance_m": 300.0,
        "travel_time_s": 300.0,
        "lon": at(260, 60)[0],
        "lat": at(260, 60)[1],
        "outfall": {"code": "JA-YS009", "name_zh": "九号雨水排口", "receiving_water": "长江"},
    }
    downstream = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [at(0, 0), at(200, 60), at(260, 60)]},
                "properties": {"role": "pipe", "id": 1, "code": "P1"},
            },
        ],
        "properties": {"rain_gates": [gate], "outfalls": [outfall], "plant_inlets": []},
    }
    return {
        "id": 7,
        "title": "演练",
        "occurred_at": AT,
        "place": "储罐区",
        "lon": LON,
        "lat": LAT,
        "created_by": "responder",
        "release": {},
        "weather": {},
        "results": {"plume": plume_answer(scenario).to_geojson(), "downstream": downstream},
    }


@pytest.fixture(scope="module")
def html(incident) -> str:
    context = [
        {
            "kind": "road",
            "code": "R1",
            "name": ROAD_NAME,
            "geometry": {"type": "LineString", "coordinates": [at(-500, -100), at(1500, -100)]},
        }
    ]
    return render_report(incident, context, AT)


def test_the_report_lists_zones_gates_outfalls_and_the_sources_of_its_values(html):
    for level in ("AEGL-3", "AEGL-2", "AEGL-1"):
        assert f"<td>{level}</td>" in html
    assert "JA-RG-1" in html and "<strong>立即关闭</strong>" in html, "the gate to close, in the map's words"
    assert "<td>开启</td>" in html, "the gate's state, in the map's words"
    assert "JA-YS009" in html and "长江" in html
    assert "AEGL 60 min (NRC)" in html
    assert "<em>no sourced value</em>" in html  # AEGL-3's source is missing in this library row
    assert "2026-03-01 16:00 +0800" in html  # the park's time


def test_text_from_the_records_cannot_break_out_of_the_page(html):
    assert "<b>`${x}`</b>" not in html
    assert "&lt;b&gt;&#96;&#36;{x}&#96;&lt;/b&gt;" in html


def test_nothing_in_the_report_is_fetched_from_anywhere(html):
    assert loading_references(html) == []
    assert "http://" not in leaflet_free(html) and "https://" not in leaflet_free(html)


@pytest.mark.browser
def test_chromium_opens_the_report_with_no_network_and_draws_the_map(html, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.frontend.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed")
    page_file = tmp_path / "report.html"
    page_file.write_text(html, encoding="utf-8")
    requested, errors = [], []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            page.on("pageerror", lambda e: errors.append(str(e)))

            def refuse_the_network(route):
                if route.request.url == page_file.as_uri():
                    route.continue_()
                else:
                    requested.append(route.request.url)
                    route.abort()

            page.route("**/*", refuse_the_network)
            page.goto(page_file.as_uri())
            page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length >= 6")
            drawn = page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length")
            size = page.evaluate(
                "[document.querySelector('.folium-map').clientWidth, document.querySelector('.folium-map').clientHeight]"
            )
        finally:
            browser.close()
    assert requested == [] and errors == []
    assert drawn >= 6  # three zones, isolation, protective action, road, pipe
    assert size[0] > 500 and size[1] > 300


def test_the_release_the_weather_and_what_the_zones_rest_on_are_said_in_the_map_s_words(html):
    assert "持续泄漏 48 kg/min，持续 30 分钟，释放高度" in html
    assert "风速 3 m/s，风从 270° 吹来，大气稳定度 D" in html
    assert "人工输入 · 大气稳定度为人工输入" in html, "whose wind, and how the stability class was chosen"
    assert "按模型：持续泄漏氯，初始隔离取 AEGL-" in html
    assert "化学品库中的 AEGL 60 分钟值" in html
    for label in ("氯 分子量", "泄漏量", "扩散模型", "管网"):
        assert f"<th>{label}" in html or f"、{label}" in html, label
    assert "ParkMap 事件 7 · 报告生成于 2026-03-01 16:00 +0800" in html
    for english in ("molecular weight", "dispersion model", "kg at once", "report generated", "stability D"):
        assert english not in html, english
