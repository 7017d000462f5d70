"""The responder's incident workflow on the demo park, in the browser: a chlorine tank's release
drawn as AEGL zones that follow the wind as it is changed, the model's limits, who is inside,
where the water goes and which gates to close, the nearest help, the one-page report in a new
tab; and a chemical the library has no sourced value for, which says so.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from gis.db.engine import make_engine

pytestmark = pytest.mark.browser


def row(url: str, sql: str, **params):
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).one()
    finally:
        engine.dispose()


@pytest.fixture
def responder(open_page, programs_site):
    page = open_page(1440, 900, on=programs_site)
    page.sign_in("p-responder")
    page.open("/respond")
    return page


def biggest_tank(url: str, cas: str):
    return row(
        url,
        "SELECT s.id, s.code, ST_Y(s.geom) AS lat, ST_X(s.geom) AS lon FROM storage_units s "
        "JOIN chemicals c ON c.id = s.chemical_id WHERE c.cas = :cas ORDER BY s.quantity_t DESC LIMIT 1",
        cas=cas,
    )


def start_at_tank(page, tank):
    """Zoom to ``tank``, start an incident on it; the form, once it shows."""
    page.page.evaluate(
        f"() => window.parkmap.map.setView([{tank.lat}, {tank.lon}], 18, {{ animate: false }})"
    )
    page.wait_for_tiles()
    return start_at(page, tank.lat, tank.lon)


def start_at(page, lat: float, lon: float):
    page.page.click(".incident-start")
    page.page.mouse.click(*page.point_of(lat, lon))
    form = page.page.locator("form.incident-form")
    form.wait_for()
    return form


def compute_continuous(page, form, rate_kg_min: str, wind_from: str = "270") -> None:
    """A continuous release at ``rate_kg_min`` in an entered wind; waits for its zones."""
    form.locator("input[name=release][value=continuous]").check()
    form.locator("input[name=rate]").fill(rate_kg_min)
    form.locator("input[name=weatherSource][value=entered]").check()
    form.locator("input[name=windFrom]").fill(wind_from)
    form.locator("button[type=submit]").click()
    page.page.locator(".incident-results[data-state=zones]").wait_for()


def zones_drawn(page) -> list[str]:
    return page.page.locator(".incident-results .zones-table tbody tr").evaluate_all(
        "(rows) => rows.map((r) => r.dataset.zone)"
    )


def test_a_tank_release_is_drawn_followed_and_reported(responder, programs_park, artifacts):
    tank = biggest_tank(programs_park.url, "7782-50-5")
    page = responder.page
    form = start_at_tank(responder, tank)
    assert tank.code in form.locator(".source").inner_text()
    compute_continuous(responder, form, "120")
    assert zones_drawn(responder) == ["aegl3", "aegl2", "aegl1"], "chlorine's AEGL-3, -2 and -1 zones"
    strokes = page.locator(".leaflet-overlay-pane path.leaflet-interactive").evaluate_all(
        "(ps) => ps.map((p) => p.getAttribute('stroke'))"
    )
    for colour in ("#b71c1c", "#ef6c00", "#fbc02d", "#6a1b9a", "#1565c0"):
        assert colour in strokes, f"{colour} is drawn"
    warnings = page.locator(".incident-warnings li")
    assert warnings.count() >= 1 and "dense_gas" in warnings.evaluate_all(
        "(ls) => ls.map((l) => l.dataset.warning)"
    ), "the model says chlorine is a dense gas it does not model"
    # what the server works out is said in the reader's language, not in the server's English
    panel = page.locator(".incident-panel")
    assert "比空气重" in panel.locator('li[data-warning="dense_gas"] .warning-text').inner_text()
    assert "帕斯奎尔表" in panel.locator(".weather-basis").inner_text()
    assert "按模型" in panel.locator(".zone-basis").inner_text()
    words = panel.inner_text()
    for english in ("heavier-than-air", "Pasquill", "model:", "zone extends", "held in", "mean of the"):
        assert english not in words, english
    assert page.locator(".incident-inside .totals tbody tr").count() >= 3
    assert page.locator(".incident-inside ul.places li").count() >= 1, "who is inside is listed"
    assert page.locator(".incident-resources ul.resources li").count() >= 1, "the nearest help is listed"
    downstream = page.locator(".incident-downstream")
    assert downstream.locator("ul.gates li, ul.outfalls li").count() >= 1, "the water's way out is traced"
    assert "min" in downstream.inner_text(), "with the time it takes"
    sources = page.locator("details.endpoint-sources li.sourced")
    assert sources.count() == 3 and "AEGL" in sources.first.text_content()
    responder.screenshot(artifacts, "analysis-zones")

    before = aegl3_centre(responder)
    page.locator("form.incident-form input[name=windFrom]").fill("0")  # the wind turns: from the north
    page.wait_for_function(
        "([x]) => { const c = document.querySelector('.incident-results[data-state=zones]') && window.__aegl3(); return c && Math.abs(c[1] - x) > 1e-4; }",
        arg=[before[1]],
    )
    after = aegl3_centre(responder)
    assert after[0] < before[0] - 1e-4, (
        "from the north the AEGL-3 zone lies south of where it was: drawn again, live"
    )

    with page.context.expect_page() as opened:
        page.click("button.incident-report")
    report = opened.value
    report.wait_for_load_state()
    report.wait_for_function(
        "() => location.pathname.endsWith('/report') && document.body.innerText.length > 200"
    )
    assert "AEGL" in report.inner_text("body")
    report.close()
    assert row(programs_park.url, "SELECT count(*) AS n FROM incidents").n >= 1, "the incident is on record"


def aegl3_centre(page) -> list[float]:
    """Centre [lat, lng] of the AEGL-3 zone as drawn."""
    page.page.evaluate(
        """() => { window.__aegl3 = () => {
            const { map } = window.parkmap;
            let found = null;
            map.eachLayer((l) => { if (l.feature?.properties?.level === 'AEGL-3' && l.getBounds) found = l.getBounds().getCenter(); });
            return found && [found.lat, found.lng];
        }; }"""
    )
    return page.page.evaluate("() => window.__aegl3()")


def test_a_chemical_without_sourced_values_says_so(responder, artifacts):
    page = responder.page
    form = start_at(responder, 28.7300, 105.0600)
    form.locator("select[name=chemical]").select_option("7664-41-7")  # ammonia: no AEGL in the library
    form.locator("input[name=release][value=continuous]").check()
    form.locator("button[type=submit]").click()
    failure = page.locator(".incident-failure")
    failure.wait_for()
    assert "no sourced" in failure.inner_text()
    own = page.locator("details.endpoints[open]")
    own.wait_for()
    own.locator("input[name='endpoint-AEGL-2']").fill("160")
    page.locator("form.incident-form button[type=submit]").click()
    page.locator(".incident-results[data-state=zones]").wait_for()
    assert zones_drawn(responder) == ["aegl2"], "only the level entered is drawn"
    unsourced = page.locator("details.endpoint-sources li.unsourced")
    assert unsourced.count() == 3
    assert "无来源数值 / no sourced value" in unsourced.first.inner_text()
    responder.screenshot(artifacts, "analysis-no-sourced-value")


def test_a_benzene_tank_drawn_at_the_parks_air_limits_says_so_in_chinese(responder, programs_park, artifacts):
    page = responder.page
    compute_continuous(responder, start_at_tank(responder, biggest_tank(programs_park.url, "71-43-2")), "120")
    drawn = zones_drawn(responder)
    assert drawn and all(z.startswith(("inplant", "boundary")) for z in drawn), drawn
    panel = page.locator(".incident-panel")
    names = panel.locator(".zones-table tbody tr").all_inner_texts()
    assert any("厂界" in n for n in names), names
    assert "园区环境空气限值" in panel.locator("details.endpoint-sources summary").inner_text()
    assert "不是健康阈值" in panel.locator('li[data-warning="ambient_limits"] .warning-text').inner_text()
    words = panel.inner_text()
    for english in ("boundary 1-h", "in-plant", "ambient-air", "AEGL 60-min", "not health"):
        assert english not in words, english
    strokes = set(
        page.locator(".leaflet-overlay-pane path.leaflet-interactive").evaluate_all(
            "(ps) => ps.map((p) => p.getAttribute('stroke'))"
        )
    )
    assert len(strokes - {"#ffffff"}) >= len(drawn), "each limit's zone has its own colour"
    responder.screenshot(artifacts, "analysis-ambient-limits")


def test_a_release_of_unknown_vocs_is_drawn_as_nmhc_at_the_parks_limits(responder):
    page = responder.page
    form = start_at(responder, 28.7300, 105.0600)
    group = form.locator("select[name=chemical] option[value='parameter:nmhc']")
    assert "非甲烷总烃" in group.inner_text(), "the picker offers what VOC stations measure"
    form.locator("select[name=chemical]").select_option("parameter:nmhc")
    compute_continuous(responder, form, "60")
    drawn = zones_drawn(responder)
    assert drawn and all(z.startswith(("inplant", "boundary")) for z in drawn), drawn
    assert "非甲烷总烃" in page.locator(".incident-panel").inner_text()
