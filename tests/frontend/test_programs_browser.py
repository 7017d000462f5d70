"""The park programs in the browser, on a writable demo park: activated carbon, the outfall
register, cleaner production, the VOC fence, emergency materials, joint early warning, the
big screen's program tiles and the programs menu on a phone.

Each test drives the real app in chromium and looks at the page the way its user would;
screenshots land in test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from gis.db.engine import make_engine

pytestmark = pytest.mark.browser

PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def scalar(url: str, sql: str, **params):
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def execute(url: str, sql: str, rows: list[dict]) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), rows)
    finally:
        engine.dispose()


def open_module(page, module: str) -> None:
    page.page.click(".programs-toggle")
    page.page.click(f'.programs-list [data-module="{module}"]')
    page.page.locator(f'.module-panel[data-module="{module}"]').wait_for()


@pytest.fixture
def programs(open_page, programs_site):
    """Open a signed-in page on the programs park."""

    def make(user: str, path: str = "/respond", width: int = 1440, height: int = 900, **options):
        page = open_page(width, height, on=programs_site, **options)
        page.sign_in(user)
        page.open(path)
        return page

    return make


def test_an_enterprise_requests_a_carbon_replacement_and_the_job_runs_to_refill(
    programs, programs_park, artifacts
):
    url = programs_park.url
    unit_id = scalar(
        url,
        "SELECT c.id FROM carbon_units c WHERE c.enterprise_id = :e AND c.status = 'in_service' "
        "AND NOT EXISTS (SELECT 1 FROM carbon_jobs j WHERE j.unit_id = c.id AND j.state IN ('requested','scheduled','picked_up')) "
        "ORDER BY c.id LIMIT 1",
        e=programs_park.enterprise_id,
    )
    owner = programs(programs_park.enterprise_user)
    open_module(owner, "carbon")
    rows = owner.page.locator(".carbon-units button.row")
    rows.first.wait_for()
    others = scalar(
        url, "SELECT count(*) FROM carbon_units WHERE enterprise_id <> :e", e=programs_park.enterprise_id
    )
    assert others > 0 and rows.count() == scalar(
        url, "SELECT count(*) FROM carbon_units WHERE enterprise_id = :e", e=programs_park.enterprise_id
    ), "an enterprise sees its own adsorbers only"
    owner.page.click(f'.carbon-units button.row[data-unit="{unit_id}"]')
    saturation = owner.page.locator(".saturation")
    saturation.wait_for()
    assert re.search(r"\d+(\.\d+)? %", saturation.locator(".big-number").inner_text()), (
        "saturation in percent"
    )
    owner.page.locator(".saturation details.explanation summary").click()
    assert "kg" in owner.page.locator(".saturation details.explanation").inner_text(), (
        "the arithmetic is shown"
    )
    form = owner.page.locator("form.replacement-request")
    form.locator("input[name=reason]").fill("接近饱和 / nearly saturated")
    form.locator("button[type=submit]").click()
    job = owner.page.locator('.job[data-state="requested"]')
    job.wait_for()
    assert "nearly saturated" in job.inner_text()
    assert owner.page.locator('ol.timeline li[data-kind="request"]').count() >= 1
    owner.screenshot(artifacts, "programs-carbon-request")
    job_id = scalar(url, "SELECT id FROM carbon_jobs WHERE unit_id = :u AND state = 'requested'", u=unit_id)
    assert job_id is not None, "the request is a job on record"

    manager = programs("p-manager")
    open_module(manager, "carbon")
    manager.page.locator(f'.module-panel button.row[data-job="{job_id}"]').click()
    schedule = manager.page.locator("form.job-schedule")
    schedule.locator("input[name=company]").fill("川南活性炭再生有限公司")
    schedule.locator("input[name=vehicle_plate]").fill("川Q·T0001")
    schedule.locator("button[type=submit]").click()
    pickup = manager.page.locator("form.job-pickup")
    pickup.wait_for()
    pickup.locator("input[name=weight_kg]").fill("812.5")
    pickup.locator("button[type=submit]").click()
    regeneration = manager.page.locator("form.job-regeneration")
    regeneration.wait_for()
    regeneration.locator("input[name=certificate_no]").fill("REG-2024-001")
    regeneration.locator("button[type=submit]").click()
    manager.page.locator(
        '.job[data-state="picked_up"] ol.progress li.done[data-step="regenerated"]'
    ).wait_for()
    assert manager.page.locator("form.job-refill").count() == 1, (
        "the manager may record the refill for the enterprise"
    )
    manager.screenshot(artifacts, "programs-carbon-job-steps")

    owner.open("/respond")
    owner.page.evaluate(f"() => window.parkmap.programs.open('carbon', {{ unitId: {unit_id} }})")
    refill = owner.page.locator("form.job-refill")
    refill.wait_for()
    refill.locator("button[type=submit]").click()
    owner.page.locator("form.replacement-request").wait_for()  # in service again, nothing under way
    steps = owner.page.locator(f'ol.timeline li[data-job="{job_id}"]').evaluate_all(
        "(items) => items.map((li) => li.dataset.kind)"
    )
    assert steps == ["request", "schedule", "pickup", "regeneration", "refill"], (
        "the whole life cycle is on record"
    )
    assert scalar(url, "SELECT state FROM carbon_jobs WHERE id = :j", j=job_id) == "closed"


def test_an_outfall_task_is_issued_reported_with_a_photo_and_accepted(programs, programs_park, artifacts):
    url = programs_park.url
    outfall_id = scalar(url, "SELECT id FROM outfalls WHERE code = 'JA-YS004'")
    manager = programs("p-manager")
    open_module(manager, "outfalls")
    manager.page.locator(".status-bars .status-bar").first.wait_for()
    total = scalar(url, "SELECT count(*) FROM outfalls")
    bars = manager.page.locator(".status-bar .status-count").all_inner_texts()
    assert sum(int(n) for n in bars) == total, "the dashboard accounts for every outfall"
    manager.page.locator(".outfall-register .row").first.wait_for()
    manager.screenshot(artifacts, "programs-outfall-dashboard")
    manager.page.click(f'.outfall-register button.row[data-outfall="{outfall_id}"]')
    manager.page.click(".new-task-box summary")
    form = manager.page.locator("form.new-task")
    form.locator("textarea[name=problem]").fill("排口标识牌破损")
    form.locator("textarea[name=measure]").fill("更换标识牌并补设采样井")
    form.locator("input[name=responsible_unit]").fill("经五路排口责任单位")
    form.locator("button[type=submit]").click()
    task_head = manager.page.locator('.unit-head[data-status="open"]')
    task_head.wait_for()
    task_id = int(task_head.get_attribute("data-task"))

    inspector = programs("p-inspector", "/field", 375, 812, **PHONE)
    open_module(inspector, "outfalls")
    inspector.page.locator(f'.outfall-register button.row[data-outfall="{outfall_id}"]').click()
    inspector.page.locator(f'button.row[data-task="{task_id}"]').click()
    submit = inspector.page.locator("form.task-submit")
    submit.locator("textarea[name=note]").fill("已更换标识牌 / sign replaced")
    submit.locator("input[type=file]").set_input_files(
        [{"name": "sign.png", "mimeType": "image/png", "buffer": PNG_1PX}]
    )
    inspector.screenshot(artifacts, "programs-outfall-task-375x812")
    submit.locator("button[type=submit]").click()
    inspector.page.locator('.unit-head[data-status="submitted"]').wait_for()
    inspector.page.locator(".evidence img").wait_for()

    manager.page.evaluate(f"() => window.parkmap.programs.open('outfalls', {{ taskId: {task_id} }})")
    accept = manager.page.locator("form.task-accept")
    accept.locator("input[name=note]").fill("现场核查通过")
    accept.locator("button[type=submit]").click()
    manager.page.locator('.unit-head[data-status="accepted"]').wait_for()
    src = manager.page.locator(".evidence img").get_attribute("src")
    assert src.startswith("blob:"), "evidence is fetched with the session, never with a token in its URL"
    manager.screenshot(artifacts, "programs-outfall-task-accepted")
    assert scalar(url, "SELECT status FROM outfall_tasks WHERE id = :t", t=task_id) == "accepted"


def test_the_cleaner_production_ranking_and_an_audit_report(programs, programs_park, artifacts):
    url = programs_park.url
    manager = programs("p-manager")
    open_module(manager, "cleaner")
    table = manager.page.locator("table.ranking-table")
    table.wait_for()
    scores = [float(s.replace(",", "")) for s in table.locator("tbody td:nth-child(3)").all_inner_texts()]
    assert len(scores) >= 10 and scores == sorted(scores, reverse=True), "ranked by score, best first"
    ranks = [int(r) for r in table.locator("tbody td:first-child").all_inner_texts()]
    assert ranks[0] == 1
    manager.screenshot(artifacts, "programs-cleaner-ranking")
    first = table.locator("tbody tr").first
    name = first.locator("td:nth-child(2)").inner_text()
    first.locator("button.link").click()
    manager.page.locator(".report-link").wait_for()
    assert name in manager.page.locator(".module-panel .unit-head").inner_text()
    with manager.page.context.expect_page() as opened:
        manager.page.click(".report-link")
    report = opened.value
    report.wait_for_load_state()
    report.wait_for_function(
        "() => location.protocol === 'blob:' && document.body && document.body.innerText.length > 100"
    )
    assert name.replace("（示例）", "") in report.inner_text("body"), "the report is the audited enterprise's"
    report.close()

    manager.page.click(".module-panel button.back-link")
    manager.page.select_option("select[name=indicator]", index=2)
    manager.page.locator('table.ranking-table:not([data-basis="score"])').wait_for()

    owner = programs(programs_park.enterprise_user)
    open_module(owner, "cleaner")
    owner.page.locator("table.ranking-table").wait_for()
    named = owner.page.locator("table.ranking-table tr.named")
    has_audit = scalar(
        url, "SELECT count(*) FROM production_audits WHERE enterprise_id = :e", e=programs_park.enterprise_id
    )
    assert named.count() == (1 if has_audit else 0), "an enterprise sees its own name and only others' ranks"
    owner.screenshot(artifacts, "programs-cleaner-enterprise")


def test_the_nearest_materials_from_a_clicked_point_and_a_loan(programs, programs_park, artifacts):
    responder = programs("p-responder")
    open_module(responder, "materials")
    responder.page.select_option("select[name=material_type]", "sandbags")
    responder.page.mouse.click(*responder.point_of(28.7300, 105.0600))
    stocks = responder.page.locator(".nearest-stocks li.stock")
    stocks.first.wait_for()
    distances = [metres(d) for d in responder.page.locator(".nearest-stocks .distance").all_inner_texts()]
    assert distances == sorted(distances), "nearest first"
    assert responder.page.locator(".leaflet-programs-pane .nearest-marker").count() == stocks.count()
    responder.screenshot(artifacts, "programs-materials-nearest")
    stock_id = int(stocks.first.get_attribute("data-stock"))
    stocks.first.locator("details.borrow summary").click()
    form = stocks.first.locator("form.loan-request")
    form.locator("input[name=quantity]").fill("20")
    form.locator("input[name=purpose]").fill("封堵雨水口")
    form.locator("button[type=submit]").click()
    responder.page.locator('.loans li.loan[data-state="requested"]').first.wait_for()
    loan_id = scalar(
        programs_park.url,
        "SELECT id FROM material_loans WHERE stock_id = :s AND state = 'requested'",
        s=stock_id,
    )
    assert loan_id is not None, "the request is on record"
    before = scalar(programs_park.url, "SELECT quantity FROM material_stocks WHERE id = :s", s=stock_id)

    lender = programs("p-manager")  # the park's managers act for every lender
    open_module(lender, "materials")
    loan = lender.page.locator(f'.loans li.loan[data-loan="{loan_id}"]')
    for step, state in (("approve", "approved"), ("hand-over", "handed_over"), ("return", "returned")):
        loan.locator(f"form.loan-{step} button[type=submit]").click()
        if state != "returned":
            lender.page.locator(f'.loans li.loan[data-loan="{loan_id}"][data-state="{state}"]').wait_for()
    lender.page.locator(f'.loans li.loan[data-loan="{loan_id}"]').wait_for(state="detached")
    assert (
        scalar(programs_park.url, "SELECT state FROM material_loans WHERE id = :l", l=loan_id) == "returned"
    )
    after = scalar(programs_park.url, "SELECT quantity FROM material_stocks WHERE id = :s", s=stock_id)
    assert after == before, "what was lent is back in stock"


def test_a_rain_gate_is_closed_from_the_map_with_its_reason(programs, programs_park, artifacts):
    url = programs_park.url
    gate = scalar(
        url, "SELECT id FROM pipe_nodes WHERE kind = 'rain_gate' AND state = 'open' ORDER BY id LIMIT 1"
    )
    responder = programs("p-responder")
    open_module(responder, "outfalls")
    responder.page.wait_for_function(f"() => window.parkmap.overlays.layer('rain_gates')?.markerOf({gate})")
    lat, lng = responder.page.evaluate(
        f"() => {{ const p = window.parkmap.overlays.layer('rain_gates').markerOf({gate}).getLatLng(); return [p.lat, p.lng]; }}"
    )
    responder.page.evaluate(f"() => window.parkmap.map.setView([{lat}, {lng}], 17, {{ animate: false }})")
    responder.page.mouse.click(*responder.point_of(lat, lng))
    control = responder.page.locator(f'.gate[data-gate="{gate}"]')
    control.wait_for()
    control.locator("input[name=reason]").fill("上游储罐泄漏，关闭雨水闸门")
    control.locator("form.gate-closed button[type=submit]").click()
    responder.page.locator(f'.gate[data-gate="{gate}"][data-state="closed"]').wait_for()
    control.locator("ol.timeline li").first.wait_for()
    assert "上游储罐泄漏" in control.locator("ol.timeline").inner_text(), "who closed it and why is on record"
    assert scalar(url, "SELECT state FROM pipe_nodes WHERE id = :g", g=gate) == "closed"
    responder.screenshot(artifacts, "programs-rain-gate-closed")


def test_the_joint_warning_panel_for_a_clicked_place(programs, programs_park, artifacts):
    manager = programs("p-manager")
    open_module(manager, "joint")
    manager.page.mouse.click(*manager.point_of(28.7277, 105.0592))  # inside an enterprise's plot
    levels = manager.page.locator("ol.prevention")
    levels.wait_for()
    assert levels.locator("li.level").count() == 3
    contained = levels.get_attribute("data-contained")
    assert contained in ("enterprise", "park", "basin")
    assert levels.locator(f'li.level.contained[data-level="{contained}"]').count() == 1
    assert manager.page.locator(".joint-place").inner_text().strip(), "the place is named"
    assert manager.page.locator(".leaflet-programs-pane path").count() >= 2, (
        "the circle and what it holds are drawn"
    )
    manager.screenshot(artifacts, "programs-joint-warning")


def test_the_voc_fence_judges_an_hour_and_names_candidate_sources(programs, programs_park, artifacts):
    url = programs_park.url
    hour = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    met = scalar(url, "SELECT id FROM stations WHERE kind = 'met' ORDER BY id LIMIT 1")
    east = scalar(url, "SELECT id FROM stations WHERE code = 'JA-AB04'")
    fence = scalar(url, "SELECT array_agg(id) FROM stations WHERE kind IN ('air_boundary', 'voc')")
    rows = []
    # two quiet hours before (each station's background), then the east fence rises
    quiet = [hour - dt.timedelta(hours=h, minutes=-m) for h in (2, 1) for m in (5, 25, 45)]
    for ts in quiet:
        rows += [
            {"s": met, "p": "wind_speed", "t": ts, "v": 3.0},
            {"s": met, "p": "wind_dir", "t": ts, "v": 270.0},
        ]
        rows += [{"s": s, "p": "nmhc", "t": ts, "v": 0.6} for s in fence]
    for minute in (5, 25, 45):
        ts = hour + dt.timedelta(minutes=minute)
        rows += [
            {"s": met, "p": "wind_speed", "t": ts, "v": 3.0},
            {"s": met, "p": "wind_dir", "t": ts, "v": 270.0},  # from the west: the east fence is downwind
        ]
        rows += [
            {"s": s, "p": "nmhc", "t": ts, "v": (3.0 if s == east else 0.6) + minute / 1000} for s in fence
        ]
    execute(
        url,
        "INSERT INTO readings (station_id, parameter, ts, value) VALUES (:s, :p, :t, :v) ON CONFLICT DO NOTHING",
        rows,
    )

    manager = programs("p-manager")
    open_module(manager, "voc")
    manager.page.click("form.voc-evaluate button[type=submit]")
    head = manager.page.locator('.voc-head[data-status="alarm"]')
    head.wait_for()
    assert manager.page.locator(f'table.voc-stations tr.exceeded[data-station="{east}"]').count() == 1
    assert manager.page.locator("ol.sources li").count() >= 1, "candidate sources are ranked"
    manager.page.wait_for_function(f"() => window.parkmap.overlays.layer('voc')?.markerOf({east})")
    manager.screenshot(artifacts, "programs-voc-fence")
    manager.page.click("button.voc-trace-run")
    ranking = manager.page.locator("ol.trace-ranking li")
    ranking.first.wait_for()
    shares = [float(s.split()[0]) for s in manager.page.locator("ol.trace-ranking .num").all_inner_texts()]
    assert shares == sorted(shares, reverse=True), "the likeliest source first"
    surface = "() => document.querySelectorAll('.leaflet-programs-pane path[fill=\"#bd0026\"]').length"
    assert manager.page.evaluate(surface) >= 1, "the likeliest cells of the surface are drawn"
    assert manager.page.locator(".leaflet-programs-pane .candidate-marker").count() >= 1, (
        "candidates on the map"
    )
    manager.screenshot(artifacts, "programs-voc-trace")


@pytest.mark.parametrize("width,height", [(1920, 1080), (3840, 2160)])
def test_the_big_screen_shows_program_tiles(programs, artifacts, width, height):
    screen = programs("p-screen", "/screen", width, height)
    tiles = screen.page.locator(".program-kpis .kpi")
    tiles.first.wait_for()
    assert tiles.count() == 8
    assert screen.page.locator('.program-kpis [data-kpi="outfalls"] .kpi-value').inner_text().strip() != ""
    screen.page.wait_for_function("() => window.parkmap.overlays.isShown('tickets')")
    left = screen.page.locator(".column.left").bounding_box()
    for box in screen.page.locator(".program-kpis .kpi").evaluate_all(
        "(els) => els.map((e) => e.getBoundingClientRect().toJSON())"
    ):
        assert box["x"] >= left["x"] - 1 and box["x"] + box["width"] <= left["x"] + left["width"] + 1, (
            "tiles stay in their column"
        )
    clipped = screen.page.evaluate(
        "() => [...document.querySelectorAll('.program-kpis .kpi-label, .program-kpis .kpi-value')].filter((e) => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert clipped == 0, "no tile's text is cut"
    screen.wait_for_tiles()
    screen.screenshot(artifacts, f"programs-screen-{width}x{height}")


KPI_OVERFLOW = """() => [...document.querySelectorAll('.kpis .kpi')].flatMap((tile) => {
    const box = tile.getBoundingClientRect();
    const out = [...tile.querySelectorAll('*')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1
            || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible');
    });
    const cut = [...tile.querySelectorAll('.kpi-label, .kpi-value')].filter((e) => e.scrollWidth > e.clientWidth + 1);
    return [...out, ...cut].map((e) => `${tile.dataset.kpi}: ${e.className} "${e.textContent}"`);
})"""


@pytest.mark.parametrize(
    "width,height,lang",
    [(1920, 1080, "en"), (1920, 1080, "zh"), (390, 844, "en"), (390, 844, "zh")],
)
def test_every_kpi_tile_holds_its_words(programs, artifacts, width, height, lang):
    """The big screen's indicator tiles keep their labels, figures and code counts inside
    them, in both languages, on the wall and on a phone."""
    options = PHONE if width < 500 else {}
    screen = programs("p-screen", "/screen", width, height, **options)
    if not screen.page.evaluate("document.documentElement.lang").startswith(lang):
        screen.page.click("button.lang")
    screen.page.locator('.program-kpis [data-kpi="cleaner"]').wait_for()
    screen.page.locator('.kpis:not(.program-kpis) [data-kpi="health"]').wait_for()
    assert screen.page.evaluate(KPI_OVERFLOW) == [], "a tile's text runs out of it"
    overflow = screen.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "nothing sticks out sideways"
    for box in screen.page.locator(".kpis .kpi, .alarm-ticker").evaluate_all(
        "(els) => els.map((e) => e.getBoundingClientRect().toJSON())"
    ):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, "every tile is on the screen"
    screen.screenshot(artifacts, f"programs-screen-kpis-{width}x{height}-{lang}")


def test_the_programs_menu_works_on_a_phone(programs, programs_park, artifacts):
    owner = programs(programs_park.enterprise_user, "/field", 375, 812, **PHONE)
    owner.page.click(".programs-toggle")
    items = owner.page.locator(".programs-list .program-item")
    items.first.wait_for()
    boxes = items.evaluate_all("(els) => els.map((e) => e.getBoundingClientRect().toJSON())")
    assert all(b["height"] >= 44 and b["x"] >= 0 and b["x"] + b["width"] <= 375 for b in boxes), boxes
    modules = items.evaluate_all("(els) => els.map((e) => e.dataset.module)")
    assert "voc" not in modules and "joint" not in modules, (
        "park-wide modules are not offered to an enterprise"
    )
    owner.screenshot(artifacts, "programs-menu-375x812")
    owner.page.click('.programs-list [data-module="carbon"]')
    owner.page.locator(".sheet .carbon-units button.row").first.wait_for()
    small = owner.page.evaluate(
        """() => [...document.querySelectorAll('.sheet .module-panel button')]
            .filter((b) => b.offsetParent !== null)
            .map((b) => b.getBoundingClientRect())
            .filter((r) => r.height < 44).length"""
    )
    assert small == 0, "every button in the module is a thumb target"
    owner.screenshot(artifacts, "programs-carbon-375x812")

    laptop_layout = programs(programs_park.enterprise_user, "/respond", 375, 812, **PHONE)
    laptop_layout.page.click(".programs-toggle")
    box = laptop_layout.page.locator(".programs-list").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, "the menu stays on screen at 375 px"
    laptop_layout.page.click('.programs-list [data-module="tickets"]')
    laptop_layout.page.locator('.module-panel[data-module="tickets"] .module-body').wait_for()
    panel = laptop_layout.page.locator('.module-panel[data-module="tickets"]').bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 375
    laptop_layout.screenshot(artifacts, "programs-respond-375x812")


def metres(text_value: str) -> float:
    number, unit = text_value.split()
    return float(number) * (1000 if unit == "km" else 1)


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e3b3c50000000049454e44ae426082"
)
