"""The map as people use it, in a real chromium against the real app and a crafted park.

Every test records every request the page makes and fails if one leaves the app's origin:
a control room on an isolated network must get a working map.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text

from gis.db.engine import make_engine
from tests.frontend.browser import PASSWORD

pytestmark = pytest.mark.browser

# the crafted park (tests/frontend/park.sql)
EAST_CHINA_PETROCHEMICAL = (31.9462, 120.5905)  # inside the footprint, clear of its tank
EAST_STATION = (31.9550, 120.6150)
CHLORINE_TANK = (31.9480, 120.5880)


def notify(park_url: str, channel: str, message: dict) -> None:
    """Send ``message`` on a live channel, as the gateway or the rules would."""
    engine = make_engine(park_url)
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": channel, "p": json.dumps(message)})
    engine.dispose()


def searching_on_respond(open_page, words: str):
    """A manager's responder map at 1440 × 900 with ``words`` typed into its search."""
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.page.fill(".search-input", words)
    return page


def responder_at_the_east_station(open_page):
    """The manager's respond map, zoomed to the east air station, its tiles in."""
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.page.evaluate("() => window.parkmap.map.setView([31.955, 120.615], 16, { animate: false })")
    page.wait_for_tiles()
    return page


def test_sign_in_page_leads_to_the_map(open_page, site):
    page = open_page(1440, 900)
    page.page.goto(f"{site.origin}/respond")
    page.page.wait_for_url(re.compile(r"/login\?next="))
    page.page.fill("input[name=username]", "responder")
    page.page.fill("input[name=password]", PASSWORD)
    page.page.click("form.login button[type=submit]")
    page.page.wait_for_url(re.compile(r"/respond$"))
    page.page.wait_for_function("() => performance.getEntriesByName('parkmap:first-map').length > 0")
    assert page.page.locator(".topbar .username").inner_text() == "responder"


def test_wrong_password_is_refused_on_the_page(open_page, site):
    page = open_page(1440, 900)
    page.page.goto(f"{site.origin}/login")
    page.page.fill("input[name=username]", "responder")
    page.page.fill("input[name=password]", "not-the-password")
    page.page.click("form.login button[type=submit]")
    page.page.wait_for_selector("form.login .form-status:not(:empty)")
    assert "/login" in page.page.url


def test_respond_mode_draws_the_park(open_page, artifacts):
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.wait_for_tiles()
    drawn = page.page.locator(".leaflet-tile-container path.leaflet-interactive").count()
    assert drawn > 5, "the park's features are drawn from vector tiles"
    assert page.page.locator(".layer-tree .layer-row").count() >= 10
    page.screenshot(artifacts, "respond-1440x900")


def test_clicking_an_enterprise_opens_its_card(open_page, artifacts):
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.wait_for_tiles()
    page.page.mouse.click(*page.point_of(*EAST_CHINA_PETROCHEMICAL))
    card = page.page.locator(".feature-panel")
    card.wait_for(state="visible")
    assert "华东石化有限公司" in card.locator(".feature-name").inner_text()
    card.get_by_text("91320000TEST00001A").wait_for()  # the full record, not only the tile's fields
    assert card.locator('tr[data-field="industry"] td').inner_text() == "氯碱化工", "codes read as words"
    page.screenshot(artifacts, "respond-enterprise-card")


def test_the_layer_tree_hides_and_shows_a_layer(open_page):
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.wait_for_tiles()
    stations = "() => document.querySelectorAll('.leaflet-tile-container circle[pointer-events=auto]').length"
    shown = page.page.evaluate(stations)
    box = page.page.locator('.layer-tree input[data-layer="stations"]')
    box.uncheck()
    assert page.page.evaluate("() => window.parkmap.tiles.isVisible('stations')") is False
    assert page.page.evaluate(stations) < shown
    page.page.mouse.click(*page.point_of(*EAST_STATION))
    assert page.page.locator(".feature-panel").is_hidden(), "a hidden station cannot be clicked"
    box.check()
    page.page.wait_for_function(f"() => ({stations})() >= {shown}")


ENTERPRISE_FILLS = {"enterprises", "enterprises_health", "enterprises_risk"}
FILLS_DRAWN = (
    "() => [...new Set([...document.querySelectorAll('.leaflet-tile-container path[pointer-events=auto]')]"
    ".map((p) => p.getAttribute('fill')))]"
)


def test_the_enterprise_fills_are_one_choice_and_the_legend_is_what_is_drawn(open_page, artifacts):
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.wait_for_tiles()
    shown = lambda: set(page.page.evaluate("() => window.parkmap.tiles.visibleIds()")) & ENTERPRISE_FILLS  # noqa: E731
    assert shown() == {"enterprises"}, "the map opens with one enterprise fill: by industry"
    choice = page.page.locator('.layer-tree fieldset[data-choice="enterprise_fill"]')
    assert choice.locator("input[type=radio]").count() == 4, "industry, risk, health code, or none"
    assert choice.locator("ul.legend").count() == 1
    assert "氯碱化工" in choice.locator("ul.legend").inner_text()
    industry, health = "#e53935", {"#2e7d32", "#fbc02d", "#c62828"}  # E-HDSH chlor-alkali; the three codes
    drawn = set(page.page.evaluate(FILLS_DRAWN))
    assert industry in drawn and not drawn & health, "only the industry colours are drawn"

    choice.locator('input[data-layer="enterprises_health"]').check()
    page.page.wait_for_function(f"() => ({FILLS_DRAWN})().includes('#c62828')")
    page.wait_for_tiles()
    assert shown() == {"enterprises_health"}
    drawn = set(page.page.evaluate(FILLS_DRAWN))
    assert health <= drawn and industry not in drawn, "the health codes replace the industries"
    legend = choice.locator("ul.legend")
    assert legend.count() == 1 and "红码" in legend.inner_text() and "氯碱化工" not in legend.inner_text()
    page.screenshot(artifacts, "respond-enterprises-by-health-code")

    choice.locator('input[data-choice="enterprise_fill"][value=""]').check()
    assert shown() == set() and choice.locator("ul.legend").count() == 0


def test_search_lists_each_place_once_and_a_tank_by_chemical_and_enterprise(open_page, artifacts):
    page = searching_on_respond(open_page, "华东石化")
    page.page.locator(".search-hit").first.wait_for()
    enterprises = page.page.locator('.search-hit[data-kind="enterprise"]')
    assert enterprises.count() == 1, "one enterprise, not once per enterprise layer"
    assert "华东石化有限公司" in enterprises.inner_text() and "企业" in enterprises.inner_text()

    page.page.fill(".search-input", "氯")
    tank = page.page.locator('.search-hit[data-kind="storage_unit"]')
    tank.first.wait_for()
    assert tank.count() == 1
    words = tank.inner_text()
    assert "氯" in words and "HDSH-T01" in words and "华东石化有限公司" in words, words
    page.screenshot(artifacts, "respond-search-chlorine-zh")
    tank.click()
    card = page.page.locator(".feature-panel")
    assert "氯" in card.locator(".feature-name").inner_text()
    card.locator('tr[data-field="cas"]').get_by_text("7782-50-5").wait_for()

    page.page.click(".topbar .lang")
    page.page.fill(".search-input", "chlorine")
    tank.first.wait_for()
    words = tank.inner_text()
    assert "Chlorine" in words and "East China Petrochemical Co." in words, words


def test_search_flies_to_a_station_with_its_chart(open_page, artifacts):
    page = searching_on_respond(open_page, "东界")
    hit = page.page.locator('.search-hit[data-collection="stations"]').first
    hit.wait_for()
    hit.click()
    page.page.wait_for_function(
        """([lat, lng]) => {
            const c = window.parkmap.map.getCenter();
            return Math.abs(c.lat - lat) < 0.0005 && Math.abs(c.lng - lng) < 0.0005 && window.parkmap.map.getZoom() >= 17;
        }""",
        arg=list(EAST_STATION),
    )
    card = page.page.locator(".feature-panel")
    assert "园区东界空气站" in card.locator(".feature-name").inner_text()
    card.locator(".station-chart canvas").wait_for()  # a day of SO2 is in the park
    page.screenshot(artifacts, "respond-station-chart")


def test_the_station_chart_keeps_spikes_and_draws_the_limit(open_page, site, park_url, artifacts):
    """A day of 4,000 NMHC readings comes in 1-minute bins, yet its one spike stays on the chart;
    a day of a hundred HCl readings is drawn value by value; each with its limits as lines.
    (``site`` first: the app installs the standards' limits into an empty table as it starts.)"""
    engine = make_engine(park_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO readings (station_id, parameter, ts, value, flag) "
                "SELECT 1, 'nmhc', now() - i * interval '21 seconds', CASE WHEN i = 1234 THEN 9.5 ELSE 0.6 END, 'N' "
                "FROM generate_series(1, 4000) AS i"
            )
        )
        conn.execute(
            text(
                "INSERT INTO readings (station_id, parameter, ts, value, flag) "
                "SELECT 1, 'hcl', now() - i * interval '13 minutes', CASE WHEN i = 40 THEN 0.35 ELSE 0.05 END, 'N' "
                "FROM generate_series(1, 100) AS i"
            )
        )
        conn.execute(
            text(
                "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) VALUES "
                "(1, 'nmhc', '1h', 'max', 4, 'mg/m3', 'GB 37822-2019', 'A.1'), "
                "(1, 'hcl', 'instant', 'max', 0.3, 'mg/m3', 'GB 16297-1996', 'table 2')"
            )
        )
    try:
        page = responder_at_the_east_station(open_page)
        page.page.mouse.click(*page.point_of(*EAST_STATION))
        chart = page.page.locator(".feature-panel .station-chart")
        chart.locator('.chart-tabs button[data-parameter="nmhc"]').click()
        page.page.wait_for_selector('.station-chart[data-source="binned"] canvas')
        assert "1 分钟均值" in chart.locator(".chart-source").inner_text()
        assert chart.locator(".chart-peak").get_attribute("data-value") == "9.5", (
            "the spike is not averaged away"
        )
        limits = chart.locator(".chart-limit")
        assert limits.count() == 1 and limits.get_attribute("data-value") == "4"
        assert "限值 ≤ 4" in limits.inner_text() and "小时均值" in limits.inner_text()
        chart.scroll_into_view_if_needed()
        page.screenshot(artifacts, "respond-station-chart-binned-with-limit")

        chart.locator('.chart-tabs button[data-parameter="hcl"]').click()
        page.page.wait_for_selector('.station-chart[data-source="raw"] canvas')
        assert "原始值" in chart.locator(".chart-source").inner_text()
        assert chart.locator(".chart-peak").get_attribute("data-value") == "0.35"
        # its own instantaneous limit, and the hourly one of boundary air stations
        assert limits.evaluate_all("(ls) => ls.map((l) => l.dataset.value).sort()") == ["0.2", "0.3"]
        assert "瞬时值" in chart.locator('.chart-limit[data-value="0.3"]').inner_text()
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM readings WHERE station_id = 1 AND parameter IN ('nmhc', 'hcl')"))
            conn.execute(text("DELETE FROM limits WHERE station_id = 1 AND parameter IN ('nmhc', 'hcl')"))
        engine.dispose()


def test_live_readings_restyle_stations_in_place(open_page, park_url):
    page = responder_at_the_east_station(open_page)
    page.page.wait_for_selector(".live-dot.up")
    tiles_before = sum(1 for url in page.requests if ".mvt" in url)
    reading = {
        "station_id": 1,
        "parameter": "so2",
        "value": 0.512,
        "flag": "N",
        "ts": "2030-01-01T00:00:00Z",
        "level": "exceedance",
    }
    notify(park_url, "parkmap_readings", reading)
    label = page.page.locator('.station-label[data-station="1"]')
    # the label may already show the station's last stored value: wait for the pushed one
    page.page.wait_for_function(
        """() => document.querySelector('.station-label[data-station="1"]')?.textContent.includes("0.512")"""
    )
    assert "二氧化硫" in label.inner_text() and "0.512" in label.inner_text(), (
        "the parameter's name, not its code"
    )
    assert page.page.locator(".leaflet-tile-container circle[fill='#e0312b']").count() >= 1
    assert sum(1 for url in page.requests if ".mvt" in url) == tiles_before, "no tile was reloaded"


def test_without_websockets_the_map_lives_on_server_sent_events(open_page, park_url):
    """A browser (or a proxy's kiosk) without WebSocket: the live feed comes over /live/sse."""
    page = open_page(1440, 900)
    page.page.context.add_init_script("delete window.WebSocket")
    page.sign_in("manager")
    page.open("/respond")
    page.page.evaluate("() => window.parkmap.map.setView([31.955, 120.615], 16, { animate: false })")
    page.wait_for_tiles()
    page.page.wait_for_selector(".live-dot.up")
    reading = {"station_id": 1, "parameter": "so2", "value": 0.733, "flag": "N",
               "ts": "2030-01-01T00:00:00Z", "level": "exceedance"}  # fmt: skip
    notify(park_url, "parkmap_readings", reading)
    page.page.wait_for_function(
        """() => document.querySelector('.station-label[data-station="1"]')?.textContent.includes("0.733")"""
    )
    assert any("/live/sse" in url for url in page.requests)


def test_the_time_slider_replays_a_past_moment(open_page, park_url, artifacts):
    """An NO2 exceedance three hours ago, with its alarm, seen again by dragging the slider back."""
    engine = make_engine(park_url)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL parkmap.limits_since = '-infinity'"))  # in force three hours ago too
        conn.execute(
            text(
                "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) "
                "VALUES (1, 'no2', '1h', 'max', 0.25, 'mg/m3', 'GB 16297-1996', 'table 2')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO readings (station_id, parameter, ts, value, flag) "
                "VALUES (1, 'no2', now() - interval '190 minutes', 0.333, 'N')"
            )
        )
        alarm = conn.execute(
            text(
                "INSERT INTO alarms (station_id, parameter, rule, severity, value, limit_value, opened_at, closed_at) "
                "VALUES (1, 'no2', 'limit_1h', 'exceedance', 0.333, 0.25, now() - interval '200 minutes', "
                "now() - interval '100 minutes') RETURNING id"
            )
        ).scalar_one()
    try:
        page = responder_at_the_east_station(open_page)
        slider = page.page.locator(".time-slider")
        assert slider.get_attribute("data-state") == "live"
        assert page.page.locator(".replay-banner").is_hidden()
        # drag the slider three hours back
        slider.locator(".time-range").evaluate(
            "(range) => { range.value = '-180'; range.dispatchEvent(new Event('input', { bubbles: true })); }"
        )
        page.page.wait_for_selector('.time-slider[data-state="replay"]')
        banner = page.page.locator(".replay-banner")
        assert banner.is_visible() and "历史回放" in banner.inner_text()
        label = page.page.locator('.station-label[data-station="1"]')
        # the live label stands until the past moment's values have come
        page.page.wait_for_function(
            """() => document.querySelector('.station-label[data-station="1"]')?.textContent.includes("0.333")"""
        )
        assert "二氧化氮" in label.inner_text() and "0.333" in label.inner_text(), (
            "the worst value of that moment"
        )
        assert page.page.locator(".leaflet-tile-container circle[fill='#e0312b']").count() >= 1
        listed = slider.locator(f'.time-alarms li[data-alarm="{alarm}"]')
        assert "园区东界空气站" in listed.inner_text()
        listed.locator("button").click()
        card = page.page.locator(".feature-panel")
        card.locator(".latest.replay").wait_for()
        assert "回放" in card.locator(".latest h3").inner_text()
        assert "0.333" in card.locator(".latest-values").inner_text()
        page.screenshot(artifacts, "respond-time-slider-replay")
        # back to live: the banner goes and the past value leaves the map and the card
        slider.locator(".time-live").click()
        page.page.wait_for_selector('.time-slider[data-state="live"]')
        assert banner.is_hidden()
        assert "0.333" not in (label.inner_text() if label.count() else "")
        assert card.locator(".latest.replay").count() == 0
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM alarms WHERE id = :a"), {"a": alarm})
            conn.execute(text("DELETE FROM readings WHERE station_id = 1 AND parameter = 'no2'"))
            conn.execute(text("DELETE FROM limits WHERE station_id = 1 AND parameter = 'no2'"))
        engine.dispose()


CLUSTER_CENTRE = (31.9500, 120.6050)  # open ground between the works and the stations
SHOWN_LABELS = """() => [...document.querySelectorAll('.station-label')]
    .filter((e) => getComputedStyle(e).visibility === 'visible' && !e.closest('[hidden], .too-far'))
    .map((e) => ({ id: e.dataset.station, ...e.getBoundingClientRect().toJSON() }))"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


@pytest.fixture
def station_cluster(park_url):
    """Ten stations within 15 m of one another, each with a value a minute old."""
    ids = list(range(101, 111))
    engine = make_engine(park_url)
    with engine.begin() as conn:
        for n, station_id in enumerate(ids):
            lat = CLUSTER_CENTRE[0] + 0.00005 * (n % 3)
            lon = CLUSTER_CENTRE[1] + 0.00005 * (n // 3)
            conn.execute(
                text(
                    "INSERT INTO stations (id, code, mn, name_zh, name_en, kind, parameters, geom) "
                    "VALUES (:id, :code, :mn, :zh, :en, 'voc', '{VOCs}', ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))"
                ),
                {
                    "id": station_id,
                    "code": f"ST-VOC-{n}",
                    "mn": f"MN00000000000001{n:02d}",
                    "zh": f"密集点{n}",
                    "en": f"Cluster point {n}",
                    "lon": lon,
                    "lat": lat,
                },
            )
            conn.execute(
                text(
                    "INSERT INTO readings (station_id, parameter, ts, value, flag) "
                    "VALUES (:id, 'VOCs', now() - interval '1 minute', :value, 'N')"
                ),
                {"id": station_id, "value": 1.25 + n},
            )
    yield ids
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM readings WHERE station_id = ANY(:ids)"), {"ids": ids})
        conn.execute(text("DELETE FROM stations WHERE id = ANY(:ids)"), {"ids": ids})
    engine.dispose()


def test_crowded_station_labels_make_way_for_one_another(open_page, station_cluster, artifacts):
    """Ten stations a few metres apart: at every zoom no shown label covers another, the rest
    are left out, and zooming in shows more of them."""
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    shown = {}
    for zoom in (15, 19):
        page.page.evaluate(
            "([centre, zoom]) => window.parkmap.map.setView(centre, zoom, { animate: false })",
            [list(CLUSTER_CENTRE), zoom],
        )
        page.page.wait_for_function(
            '(ids) => ids.every((id) => document.querySelector(`.station-label[data-station="${id}"]`))',
            arg=[str(i) for i in station_cluster],
        )
        page.page.wait_for_timeout(300)  # the layout runs on the next frame
        boxes = page.page.evaluate(SHOWN_LABELS)
        assert overlapping(boxes) == [], f"labels pile up at zoom {zoom}"
        shown[zoom] = {box["id"] for box in boxes} & {str(i) for i in station_cluster}
        page.screenshot(artifacts, f"respond-crowded-labels-z{zoom}")
    assert 1 <= len(shown[15]) < len(station_cluster), "where stations crowd, some labels wait"
    assert len(shown[19]) > len(shown[15]), "a closer zoom makes room for more"


def test_station_labels_stay_out_from_under_panels_and_the_map_edge(open_page, artifacts):
    """The east boundary station beside the open card's panel: its label turns to the left
    instead of sliding under the panel; under the panel it is not shown; at the map's right
    edge it stays on the map."""
    page = searching_on_respond(open_page, "东界")
    page.page.locator('.search-hit[data-collection="stations"]').first.click()
    card = page.page.locator(".feature-panel")
    card.wait_for()
    page.page.wait_for_function(
        """([lat, lng]) => {
            const map = window.parkmap.map;
            const c = map.getCenter();
            return Math.abs(c.lat - lat) < 0.0005 && Math.abs(c.lng - lng) < 0.0005 && !map._animatingZoom;
        }""",
        arg=list(EAST_STATION),
    )
    # the search's fly-to may still be easing in: wait until the map has not moved for 600 ms
    page.page.evaluate(
        """() => new Promise((resolve) => {
            const map = window.parkmap.map;
            let timer = setTimeout(done, 600);
            function done() { map.off("move", again); resolve(); }
            function again() { clearTimeout(timer); timer = setTimeout(done, 600); }
            map.on("move", again);
        })"""
    )
    label = page.page.locator('.station-label[data-station="1"]')
    label.wait_for()

    def put_station_at(x: float) -> None:
        """Pan so the station sits ``x`` px from the map's left edge, then let the labels settle."""
        page.page.evaluate(
            """([lat, lng, x]) => {
                const map = window.parkmap.map;
                const at = map.latLngToContainerPoint([lat, lng]);
                map.panBy([at.x - x, 0], { animate: false });
            }""",
            [*EAST_STATION, x],
        )
        page.page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        at = page.page.evaluate(
            "([lat, lng]) => window.parkmap.map.latLngToContainerPoint([lat, lng]).x", list(EAST_STATION)
        )
        assert abs(at - x) < 2, "the map stayed where it was put"

    map_box = page.page.locator("main.map").bounding_box()
    panel = card.bounding_box()
    put_station_at(panel["x"] - map_box["x"] - 20)
    box = label.bounding_box()
    assert label.is_visible()
    assert box["x"] + box["width"] <= panel["x"], "the label turned away from the panel"
    assert box["x"] >= map_box["x"]
    page.screenshot(artifacts, "respond-label-beside-panel")
    put_station_at(panel["x"] - map_box["x"] + 60)
    page.page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.station-label[data-station=\"1\"]')).visibility === 'hidden'"
    )
    card.locator("button.close").click()
    # the map does not move: the panel going is enough for the label to come back
    page.page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.station-label[data-station=\"1\"]')).visibility === 'visible'"
    )
    put_station_at(map_box["width"] - 12)
    page.page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.station-label[data-station=\"1\"]')).visibility === 'visible'"
    )
    box = label.bounding_box()
    assert box["x"] + box["width"] <= map_box["x"] + map_box["width"], "the label stays on the map"


def drag_slider(page, minutes: int) -> None:
    """Move the time slider ``minutes`` before its right end, as a drag does."""
    page.page.locator(".time-slider .time-range").evaluate(
        "(range, value) => { range.value = String(value); range.dispatchEvent(new Event('input', { bubbles: true })); }",
        -minutes,
    )


LIVE_MARK = "(panel) => getComputedStyle(panel, '::before').content"


def test_the_wall_stays_live_and_says_so_while_the_map_replays(open_page, park_url, artifacts):
    """Replaying the past on the big screen: the map is framed and bannered as replay, the
    indicators and the alarm ticker are marked live, and a new alarm still reaches the ticker."""
    page = open_page(1920, 1080)
    page.sign_in("screen")
    page.open("/screen")
    kpis = page.page.locator(".kpis:not(.program-kpis)")
    ticker = page.page.locator(".alarm-ticker")
    kpis.wait_for()
    page.page.wait_for_selector(".live-dot.up")
    assert page.page.locator(".live-during-replay").count() == 0, "nothing is marked while all is live"
    drag_slider(page, 180)
    page.page.wait_for_selector('.time-slider[data-state="replay"]')
    assert "replaying" in page.page.locator("main.map").get_attribute("class")
    for panel in (kpis, ticker):
        assert "live-during-replay" in panel.get_attribute("class")
        assert "实时" in panel.evaluate(LIVE_MARK), "the panel says it shows the present"
    alarm = {
        "id": 990001,
        "station_id": 1,
        "parameter": "SO2",
        "rule": "instant_limit",
        "severity": "exceedance",
        "value": 0.9,
        "opened_at": "2030-01-01T00:00:00Z",
        "status": "open",
    }
    notify(park_url, "parkmap_alarms", alarm)
    page.page.locator('li.alarm[data-alarm="990001"]').wait_for()
    assert page.page.locator(".time-slider").get_attribute("data-state") == "replay"
    page.screenshot(artifacts, "screen-replay-live-panels")
    page.page.click("button.lang")
    assert "Live" in kpis.evaluate(LIVE_MARK)
    page.page.locator(".time-slider .time-live").click()
    page.page.wait_for_selector('.time-slider[data-state="live"]')
    assert page.page.locator(".live-during-replay").count() == 0
    assert "replaying" not in page.page.locator("main.map").get_attribute("class")


@pytest.mark.parametrize("lang,words", [("zh", "此时刻无监测数据"), ("en", "No readings at this time")])
def test_a_replayed_moment_without_readings_says_so(open_page, artifacts, lang, words):
    """Three days back the crafted park has no reading: the slider and the banner say so, and
    the message goes once a moment with readings is shown."""
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    if not page.page.evaluate("document.documentElement.lang").startswith(lang):
        page.page.click("button.lang")
    slider = page.page.locator(".time-slider")
    silent = slider.locator(".time-silent")
    assert silent.is_hidden()
    slider.locator(".time-day").fill(
        page.page.evaluate(
            "() => { const d = new Date(Date.now() - 3 * 86400000); d.setMinutes(d.getMinutes() - d.getTimezoneOffset());"
            " return d.toISOString().slice(0, 16); }"
        )
    )
    page.page.wait_for_selector('.time-slider[data-state="replay"]')
    silent.wait_for()
    assert silent.inner_text() == words
    assert words in page.page.locator(".replay-banner").inner_text()
    page.screenshot(artifacts, f"respond-replay-no-readings-{lang}")
    slider.locator(".time-live").click()
    drag_slider(page, 60)
    page.page.wait_for_selector('.time-slider[data-state="replay"]')
    page.page.locator('.station-label[data-station="1"]').wait_for()
    assert silent.is_hidden(), "an hour ago there were readings"
    assert words not in page.page.locator(".replay-banner").inner_text()


@pytest.mark.parametrize("width,height", [(1920, 1080), (3840, 2160)])
def test_screen_mode_fills_a_control_room_screen(open_page, artifacts, width, height):
    page = open_page(width, height)
    page.sign_in("screen")
    page.open("/screen")
    page.wait_for_tiles()
    assert page.page.locator("nav.modes").count() == 0, "the screen account has one mode"
    assert page.page.locator(".incident-start").count() == 0
    page.page.locator(".kpis:not(.program-kpis)").wait_for()
    page.page.locator(".alarm-ticker").wait_for()
    boxes = {
        name: page.page.locator(selector).bounding_box()
        for name, selector in {"left": ".column.left", "map": "main.map", "right": ".column.right"}.items()
    }
    assert boxes["left"]["x"] + boxes["left"]["width"] <= boxes["map"]["x"] + 1
    assert boxes["map"]["x"] + boxes["map"]["width"] <= boxes["right"]["x"] + 1
    assert boxes["map"]["width"] >= width * 0.5
    font = page.page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.kpis:not(.program-kpis)')).fontSize)"
    )
    assert font >= 16 * width / 1920, "type grows with the screen"
    background = page.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(7, 17, 28)", "the control room is dark"
    page.screenshot(artifacts, f"screen-{width}x{height}")


SLIDER_AND_SCALE = """() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    const line = document.querySelector('.leaflet-control-scale-line');
    return {
        type: parseFloat(getComputedStyle(document.querySelector('.kpis')).fontSize),
        range: box('.time-slider .time-range').height,
        day: box('.time-slider .time-day').height,
        live: box('.time-slider .time-live').height,
        margin: box('.time-slider').left - box('main.map').left,
        scale: box('.leaflet-control-scale-line').width,
        scaleBorder: parseFloat(getComputedStyle(line).borderLeftWidth),
        scaleText: line.scrollWidth <= line.clientWidth,
    };
}"""


def test_the_time_slider_and_scale_bar_grow_with_a_4k_wall(open_page, artifacts):
    """On a 3840 px wall the slider (its track and thumb too) and the scale bar are twice their
    1920 px size, as the type is; a scale bar still reads its distance inside its line."""
    sizes = {}
    for width, height in ((1920, 1080), (3840, 2160)):
        page = open_page(width, height)
        page.sign_in("screen")
        page.open("/screen")
        page.page.locator(".kpis:not(.program-kpis)").wait_for()
        sizes[width] = page.page.evaluate(SLIDER_AND_SCALE)
        page.page.locator(".time-slider").screenshot(path=str(artifacts / f"screen-time-slider-{width}.png"))
    small, big = sizes[1920], sizes[3840]
    grown = big["type"] / small["type"]
    assert grown >= 1.9, "the wall's type doubles from 1920 to 3840 px"
    for part in ("range", "day", "live", "margin", "scaleBorder"):
        assert big[part] >= 0.85 * grown * small[part], f"{part}: {small[part]} px → {big[part]} px"
    # Leaflet's bar is between half and all of its maximum width: 100 px unless scaled
    assert big["scale"] > 50 * grown, f"the scale bar is {big['scale']} px wide on the wall"
    assert small["scaleText"] and big["scaleText"], "the distance fits its scale bar"


def test_the_screen_runs_for_days_without_growing(open_page, park_url):
    """Tile refreshes, readings and alarms by the hundred leave the page the size it was."""
    page = open_page(1920, 1080)
    page.sign_in("screen")
    page.open("/screen")
    page.page.evaluate("() => window.parkmap.map.setZoom(16, { animate: false })")
    page.wait_for_tiles()
    page.page.wait_for_selector(".live-dot.up")
    size = "() => document.getElementsByTagName('*').length"
    before = None
    engine = make_engine(park_url)
    for day in range(8):
        if day == 2:  # the ticker is full and every label exists: from here on nothing may grow
            page.wait_for_tiles()
            before = page.page.evaluate(size)
        page.page.evaluate(
            """() => new Promise((resolve) => {
                window.parkmap.tiles.once('load', resolve);
                window.parkmap.tiles.refresh(String(Math.random()));
            })"""
        )
        with engine.begin() as conn:
            for i in range(60):
                level = ("normal", "warning", "exceedance")[i % 3]
                reading = {
                    "station_id": 1 + i % 2,
                    "parameter": f"P{i % 4}",
                    "value": i,
                    "ts": f"2030-01-{day + 1:02d}T00:{i:02d}:00Z",
                    "level": level,
                }
                conn.execute(text("SELECT pg_notify('parkmap_readings', :p)"), {"p": json.dumps(reading)})
            for i in range(20):
                alarm = {
                    "id": day * 100 + i,
                    "station_id": 1,
                    "parameter": "so2",
                    "rule": "instant_limit",
                    "severity": "exceedance",
                    "value": i,
                    "opened_at": f"2030-01-{day + 1:02d}T01:{i:02d}:00Z",
                    "status": "open",
                }
                conn.execute(text("SELECT pg_notify('parkmap_alarms', :p)"), {"p": json.dumps(alarm)})
        shown = min(30, (day + 1) * 20)
        page.page.wait_for_function(
            "([shown]) => document.querySelector('.station-label[data-station=\"2\"]')?.textContent.includes('59')"
            " && document.querySelectorAll('li.alarm').length === shown",
            arg=[shown],
        )
    engine.dispose()
    page.wait_for_tiles()
    after = page.page.evaluate(size)
    tile_layers = page.page.evaluate(
        "() => document.querySelectorAll('.leaflet-park-pane > .leaflet-layer').length"
    )
    assert tile_layers == 1, "refreshed tiles replace the old ones"
    assert page.page.locator("li.alarm").count() == 30, "the ticker keeps the newest 30"
    assert page.page.locator(".station-label").count() == 2
    assert after <= before + 5, f"the page grew from {before} to {after} elements"


def inspector_phone(open_page, width: int, height: int, latitude: float, longitude: float):
    """The field layout on an inspector's phone standing at a place."""
    page = open_page(
        width,
        height,
        geolocation={"latitude": latitude, "longitude": longitude, "accuracy": 8},
        permissions=["geolocation"],
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page.sign_in("inspector")
    page.open("/field")
    return page


def test_field_mode_on_a_phone(open_page, artifacts):
    page = inspector_phone(open_page, 375, 812, 31.9440, 120.5890)
    page.page.click("button.locate")
    nearest = page.page.locator("button.near").first
    nearest.wait_for()
    assert "华东石化有限公司" in nearest.inner_text()
    assert re.search(r"\d+ m", nearest.inner_text())
    page.page.wait_for_function(
        "() => window.parkmap.map.getZoom() >= 16 && !window.parkmap.map._animatingZoom"
    )
    page.wait_for_tiles()
    page.screenshot(artifacts, "field-375x812")
    small = page.page.evaluate(
        """() => [...document.querySelectorAll('.sheet button, .topbar button, .map-button')]
            .filter((b) => b.offsetParent !== null)
            .map((b) => b.getBoundingClientRect())
            .filter((r) => r.height < 44 || r.width < 44).length"""
    )
    assert small == 0, "every touch target is at least 44 px"
    nearest.click()
    page.page.locator("button.inspect").click()
    form = page.page.locator("form.inspection-form")
    camera = form.locator("input[type=file]")
    assert camera.get_attribute("capture") == "environment"
    assert camera.get_attribute("accept") == "image/*"
    assert "31.944000" in form.locator(".position").inner_text()
    form.locator("textarea[name=findings]").fill("雨水排口有油膜 / oil sheen at the rain outfall")
    camera.set_input_files([{"name": "site.png", "mimeType": "image/png", "buffer": PNG_1PX}])
    page.screenshot(artifacts, "field-inspection-form")
    with page.page.expect_response(
        lambda r: r.url.endswith("/inspections") and r.request.method == "POST"
    ) as sent:
        form.locator("button[type=submit]").click()
    assert sent.value.status == 201, sent.value.text()
    page.page.locator(".toast-ok").wait_for()
    stored = sent.value.json()
    assert stored["findings"].startswith("雨水排口有油膜")
    assert len(stored.get("photos", [])) == 1


def test_field_mode_lists_the_nearest_stations_with_their_values(open_page, park_url, artifacts):
    """Between the petrochemical works and both stations, the inspector's list names places and
    stations, each station with the value and state it shows now, kept current as it reports."""
    page = inspector_phone(open_page, 390, 844, 31.9500, 120.6050)
    assert "监测站" in page.page.locator("ol.nearest .empty").inner_text()
    page.page.click("button.locate")
    air = page.page.locator('button.near[data-collection="stations"][data-id="1"]')
    air.wait_for()
    assert "园区东界空气站" in air.inner_text()
    page.page.wait_for_function(
        "() => /二氧化硫 \\d/.test(document.querySelector('button.near[data-id=\"1\"] .near-value')?.textContent)"
    )
    water = page.page.locator('button.near[data-collection="stations"][data-id="2"]')
    assert "暂无数据" in water.locator(".near-value").inner_text(), "a station without readings says so"
    assert page.page.locator('button.near[data-collection="enterprises"]').count() >= 1, (
        "the places are listed as before"
    )
    reading = {
        "station_id": 1,
        "parameter": "so2",
        "value": 0.777,
        "ts": "2030-01-01T00:00:00Z",
        "level": "exceedance",
    }
    shown = "() => document.querySelector('button.near[data-id=\"1\"] .near-value')?.textContent === '二氧化硫 0.777 · 超标'"
    engine = make_engine(park_url)
    # the phone shows no connection dot: the reading is sent until the live feed has carried it
    for _ in range(20):
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_notify('parkmap_readings', :p)"), {"p": json.dumps(reading)})
        if page.page.evaluate(shown):
            break
        page.page.wait_for_timeout(500)
    engine.dispose()
    page.page.wait_for_function(shown)
    page.page.locator(".sheet").evaluate("(sheet) => sheet.scrollTop = sheet.scrollHeight")
    page.screenshot(artifacts, "field-nearest-stations-390x844")
    air.click()
    assert "园区东界空气站" in page.page.locator(".feature-panel .feature-name").inner_text()


def test_language_switch_is_remembered(open_page):
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    assert (
        page.page.locator('.layer-row[data-layer="enterprises"] .layer-title').inner_text()
        == "企业（按行业）"
    )
    page.page.click("button.lang")
    assert (
        page.page.locator('.layer-row[data-layer="enterprises"] .layer-title').inner_text()
        == "Enterprises by industry"
    )
    page.open("/respond")
    assert page.page.locator(".search-input").get_attribute("placeholder").startswith("Search")
    assert page.page.evaluate("document.documentElement.lang") == "en"


def test_roles_see_only_what_they_may_do(open_page):
    responder = open_page(1440, 900)
    responder.sign_in("responder")
    responder.open("/respond")
    assert responder.page.locator(".incident-start").is_visible()
    inspector = open_page(1440, 900)
    inspector.sign_in("inspector")
    inspector.open("/screen")  # not an inspector's mode: the map opens in one that is
    assert inspector.page.url.endswith("/field")
    inspector.open("/respond")
    assert inspector.page.locator(".incident-start").count() == 0


def test_an_incident_starts_from_a_storage_unit(open_page, artifacts):
    page = open_page(1440, 900)
    page.sign_in("responder")
    page.open("/respond")
    page.page.evaluate("() => window.parkmap.map.setView([31.948, 120.588], 17, { animate: false })")
    page.wait_for_tiles()
    page.page.click(".incident-start")
    page.page.mouse.click(*page.point_of(*CHLORINE_TANK))
    form = page.page.locator("form.incident-form")
    form.wait_for()
    assert "HDSH-T01" in form.locator(".source").inner_text()
    assert "氯" in form.locator(".source").inner_text()
    chemical = form.locator("select[name=chemical], input[name=chemical]")
    assert chemical.input_value() == "7782-50-5", "the tank's chemical is filled in"
    form.locator("input[name=release][value=continuous]").check()
    assert form.locator("input[name=rate]").count() == 1 and form.locator("input[name=mass]").count() == 0
    page.page.locator("form.incident-form input[name=rate]").fill("30")
    page.page.locator("form.incident-form input[name=weatherSource][value=entered]").check()
    page.page.locator("form.incident-form button[type=submit]").click()
    results = page.page.locator(".incident-results[data-state=zones]")
    results.wait_for()
    levels = results.locator(".zones-table tbody tr").evaluate_all(
        "(rows) => rows.map((r) => r.dataset.zone)"
    )
    assert levels == ["aegl3", "aegl2", "aegl1"], "chlorine's three AEGL zones, worst first"
    assert page.page.locator(".leaflet-overlay-pane path").count() >= 5, (
        "three zones, isolation, protective action"
    )
    gates = results.locator(".incident-downstream ul.gates li")
    assert gates.count() == 1 and "R-G1" in gates.inner_text(), "the open rain gate downstream is named"
    page.screenshot(artifacts, "respond-incident")


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e3b3c50000000049454e44ae426082"
)


def test_a_station_shows_its_latest_value_before_it_next_reports(open_page, park_url):
    """A data logger reporting hourly: the map shows its last stored value from the moment it
    opens, with no live message since."""
    engine = make_engine(park_url)
    with engine.connect() as conn:
        latest = conn.execute(
            text(
                "SELECT value FROM readings WHERE station_id = 1 AND parameter = 'so2' ORDER BY ts DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    page = open_page(1440, 900)
    page.sign_in("manager")
    page.open("/respond")
    page.page.evaluate("() => window.parkmap.map.setView([31.955, 120.615], 16, { animate: false })")
    label = page.page.locator('.station-label[data-station="1"]')
    label.wait_for()
    assert label.inner_text() == f"二氧化硫 {latest:g}"
