"""Every parameter and coded state the demo park produces reads as words in Chinese.

The demo's stations report each parameter they declare (the data loggers also send their
hourly mean, minimum and maximum, HJ 212 CN 2061); its outfalls, storage units, pipes, rivers
and major hazard units carry coded states. Each is put on the map and on its card, in zh, and
no raw code (``nmhc``, ``nh3_n``, ``so2.h.avg``, ``traced``, ``rectifying`` …) may show; pH
shows no dimensionless unit "1" and every value of a known parameter shows its unit.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from api.ingest.simulator import HJ212_KINDS
from gis.db.engine import make_engine

pytestmark = pytest.mark.browser

NUMBER = r"-?[\d,]+(\.\d+)?"
HOURLY = ("h.avg", "h.min", "h.max")  # what the demo's data loggers send each full hour
# coded columns the cards show, by layer: (table, column, the layer's filter)
STATES = {
    "outfalls": [("outfalls", "investigation_status", "true"), ("outfalls", "rectification_status", "true")],
    "storage_units": [("storage_units", "kind", "true")],
    "rain_pipes": [("pipes", "material", "network = 'rain'")],
    "sewage_pipes": [("pipes", "material", "network = 'sewage'")],
    "rivers": [("rivers", "kind", "true")],
    "major_hazards": [("major_hazard_units", "unit", "is_major")],
}
# a card of every distinct state: the first feature of the layer holding each value
FEATURE_OF_STATE = (
    "SELECT DISTINCT ON ({column}) id, {column} AS state FROM {table} WHERE {where} ORDER BY {column}, id"
)
CARD_TEXT = """() => {
    const card = document.querySelector('.feature-panel').cloneNode(true);
    // English names are shown on purpose, beside the Chinese ones
    card.querySelectorAll('tr[data-field$="_en"]').forEach((row) => row.remove());
    return card.innerText;
}"""


@pytest.fixture(scope="module")
def produced(programs_park):
    """What the demo park produces: each station's parameters reported now (one of its data
    loggers with its hourly series only), and the ids of a feature for every coded state."""
    engine = make_engine(programs_park.url)
    with engine.begin() as conn:
        stations = conn.execute(text("SELECT id, kind, mn, parameters FROM stations ORDER BY id")).all()
        # newer than anything a device sent before: these are the values the map shows
        at = conn.execute(text("SELECT date_trunc('second', clock_timestamp())")).scalar_one()
        conn.execute(text("SELECT parkmap_readings_partition(:t)"), {"t": at})
        loggers = [s for s in stations if s.kind in HJ212_KINDS and s.mn]
        hourly_only = loggers[0].id
        flagged = next(s for s in stations if s.kind == "voc")
        series = set()
        for station in stations:
            for parameter in station.parameters:
                names = [f"{parameter}.{h}" for h in HOURLY] if station in loggers else []
                if station.id != hourly_only:
                    names.append(parameter)
                series.update(names)
                for name in names:
                    conn.execute(
                        text(
                            "INSERT INTO readings (station_id, parameter, ts, value, flag) "
                            "VALUES (:s, :p, :t, 7.5, :f) "
                            "ON CONFLICT DO NOTHING"
                        ),
                        {"s": station.id, "p": name, "t": at, "f": "D" if station == flagged else "N"},
                    )
        states = [
            (layer, column, row)
            for layer, columns in STATES.items()
            for table, column, where in columns
            for row in conn.execute(text(FEATURE_OF_STATE.format(table=table, column=column, where=where)))
        ]
    engine.dispose()
    yield {"stations": stations, "series": series, "states": states, "flagged": flagged.id}
    engine = make_engine(programs_park.url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM readings WHERE ts = :t AND value = 7.5"), {"t": at})
    engine.dispose()


def raw_codes_in(words: str, codes: set[str]) -> list[str]:
    """The codes that show as themselves: a whole token, case and all (pH is a name, ph a code)."""
    return sorted(c for c in codes if re.search(rf"(?<![\w.]){re.escape(c)}(?![\w.])", words))


def open_card(page, layer: str, feature_id: int, *ready: str) -> str:
    """Open a feature's card as a click on the map does; its text once ``ready`` are shown."""
    page.page.evaluate(
        """([layer, id]) => window.parkmap.card.open({
            layer: window.parkmap.catalog.layers.find((l) => l.id === layer), id, properties: {} })""",
        [layer, feature_id],
    )
    for selector in ready:
        page.page.wait_for_selector(f".feature-panel {selector}")
    return page.page.evaluate(CARD_TEXT)


def test_every_parameter_and_state_of_the_demo_park_reads_as_words_in_chinese(
    open_page, programs_site, produced, artifacts
):
    parameters = {p for s in produced["stations"] for p in s.parameters} | produced["series"]
    states = {row.state for _, _, row in produced["states"]}
    codes = parameters | states
    page = open_page(1440, 900, on=programs_site)
    page.sign_in("p-manager")
    page.open("/respond")
    page.wait_for_tiles()

    # a label for each station with a real-time value (the time slider's snapshot leaves out
    # period series: the station sending only its hourly data has no label)
    page.page.wait_for_function(
        "(n) => document.querySelectorAll('.station-label').length >= n", arg=len(produced["stations"]) - 1
    )
    labels = " | ".join(page.page.locator(".station-label").all_text_contents())
    assert raw_codes_in(labels, codes) == [], labels
    assert "故障" in page.page.locator(f'.station-label[data-station="{produced["flagged"]}"]').inner_text()

    for station in produced["stations"]:
        card = open_card(
            page, "stations", station.id,
            ".latest-values tr[data-parameter]", '.chart-tabs button[aria-selected="true"]',
            ".feature-name:not(:empty)",
        )  # fmt: skip
        assert raw_codes_in(card, codes) == [], f"station {station.id}: {card}"
        values = page.page.locator(".feature-panel .latest-values tr[data-parameter]")
        for row in values.all():
            value = row.locator("td.value").inner_text()
            # the newest value (ours, or one a device sent since): a number, then its unit
            if row.get_attribute("data-parameter").split(".")[0] == "ph":
                assert re.fullmatch(NUMBER + r"( \(.+\))?", value), f"pH is dimensionless: {value!r}"
            else:
                assert re.match(NUMBER + r" ?[^\s(\d]", value), (
                    f"{row.get_attribute('data-parameter')} has a unit: {value!r}"
                )
        if station.id == produced["stations"][0].id:
            page.page.locator(".feature-panel .station-chart").scroll_into_view_if_needed()
            page.screenshot(artifacts, "words-station-card-zh")

    for layer, column, row in produced["states"]:
        page.page.evaluate("() => window.parkmap.card.close()")
        open_card(page, layer, row.id, f'tr[data-field="{column}"]')
        page.page.wait_for_function(  # the whole record is read, not only what tiles carry
            "(field) => document.querySelector(`.feature-panel tr[data-field='${field}'] td`).textContent !== '—'",
            arg=column,
        )
        card = page.page.evaluate(CARD_TEXT)
        assert raw_codes_in(card, codes) == [], f"{layer} {row.id} ({row.state}): {card}"
    page.screenshot(artifacts, "words-last-card-zh")
