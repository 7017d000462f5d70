"""Remote sensing in the browser: the layer tree's group, a date and an index with its legend,
opacity, the swipe compare of two dates (dragging the divider moves the clip), and the change
layer — on the two synthetic scenes over the demo park.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LOADED = "() => document.querySelectorAll('.leaflet-rasters-pane img.leaflet-tile-loaded').length"


def test_a_scene_by_date_with_legend_opacity_swipe_and_change(open_page, programs_site, artifacts):
    page = open_page(1440, 900, on=programs_site)
    page.sign_in("p-manager")
    page.open("/respond")
    # the plots' fill would hide the imagery
    page.page.locator('.layer-tree input[data-choice="enterprise_fill"][value=""]').check()
    group = page.page.locator(".raster-group")
    group.locator("input[data-raster=shown]").check()
    page.page.wait_for_function(f"() => ({LOADED})() > 0")
    dates = group.locator("select[name=raster-date] option").all_inner_texts()
    assert len(dates) == 2 and all("2023" in d or "2024" in d for d in dates), dates

    group.locator("select[name=raster-layer]").select_option("ndvi")
    legend = group.locator(".raster-legend")
    legend.wait_for()
    assert "NDVI" in legend.inner_text() or "植被" in legend.inner_text()
    assert "linear-gradient" in legend.locator(".ramp").get_attribute("style")
    page.page.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-rasters-pane img.leaflet-tile-loaded')].some((img) => img.src.includes('index=ndvi'))"
    )
    group.locator("input[name=raster-opacity]").fill("0.5")
    opacity = page.page.evaluate(
        "() => getComputedStyle(window.parkmap.rasters.layers()[0].getContainer()).opacity"
    )
    assert float(opacity) == pytest.approx(0.5)

    group.locator("input[name=raster-mode][value=swipe]").check()
    handle = page.page.locator(".swipe-divider .swipe-handle")
    handle.wait_for()
    page.page.wait_for_function("() => window.parkmap.rasters.layers().length === 2")
    page.page.wait_for_function(
        "() => window.parkmap.rasters.layers().every((l) => l.getContainer().querySelector('img.leaflet-tile-loaded'))"
    )
    clip_before = page.page.evaluate("() => window.parkmap.rasters.layers()[1].getContainer().style.clipPath")
    assert clip_before.startswith("polygon("), "the second date is clipped to the right of the divider"
    box = page.page.locator("#map").bounding_box()
    start = handle.bounding_box()
    centre = "() => { const c = window.parkmap.map.getCenter(); return [c.lat, c.lng]; }"
    centre_before = page.page.evaluate(centre)
    page.page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["width"] * 0.3, start["y"] + 10, steps=8)
    page.page.mouse.up()
    ratio = page.page.evaluate("() => window.parkmap.rasters.swipe().getRatio()")
    assert ratio == pytest.approx(0.3, abs=0.02), "the divider follows the drag"
    assert (
        page.page.evaluate("() => window.parkmap.rasters.layers()[1].getContainer().style.clipPath")
        != clip_before
    )
    assert page.page.evaluate(centre) == centre_before, "dragging the divider does not pan the map"
    page.wait_for_tiles()
    page.screenshot(artifacts, "rasters-swipe")

    group.locator("input[name=raster-mode][value=change]").check()
    page.page.wait_for_selector(".swipe-divider", state="detached")
    group.locator('.raster-legend[data-change="true"]').wait_for()
    page.page.wait_for_function(
        "() => document.querySelectorAll('.leaflet-rasters-pane .change-layer img.leaflet-tile-loaded').length > 0"
    )
    group.locator(".change-ranking li").first.wait_for()  # the enterprises that changed most
    page.wait_for_tiles()
    page.screenshot(artifacts, "rasters-change")
