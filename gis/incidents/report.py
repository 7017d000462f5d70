"""The one-page incident report: summary, map and the tables a commander signs off on,
as one self-contained HTML file (no request leaves the page when it opens or prints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from gis.analysis.chemical_library import NO_SOURCED_VALUE
from gis.errors import InvalidInput
from gis.incidents import report_lines as lines
from gis.incidents.report_map import incident_map, leaflet_assets
from gis.incidents.report_words import say, title, warning_text, word

HERE = Path(__file__).resolve().parent
ROWS = 8  # rows per table: the report is one page; the incident record keeps every row


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["num"] = _number
    env.filters["minutes"] = lambda s: "—" if s is None else f"{s / 60:.1f} min"
    env.filters["when"] = _when
    env.filters["zone"] = lambda v: word("incident.zone", v)
    env.filters["kind"] = lambda v: word("incident.kind", v)
    env.filters["wind"] = lambda v: word("incident.wind", v)
    env.filters["gate_action"] = lambda v: word("incident.gate_action", v)
    env.filters["gate_state"] = lambda v: word("gate.state", v)
    return env


def render_report(
    incident: dict[str, Any],
    context: list[dict[str, Any]],
    generated_at: dt.datetime,
    timezone: str = "Asia/Shanghai",
) -> str:
    """The report of ``incident`` (as ``records.get_incident`` returns it) drawn over ``context``,
    times shown in the park's ``timezone``. Results not in the shape the analysis answers
    have are refused (``InvalidInput``)."""
    try:
        return _render(incident, context, generated_at, ZoneInfo(timezone))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise InvalidInput(
            f"the incident's results are not in the shape the analysis returns them ({type(exc).__name__}: {exc})"
        ) from None


def _render(
    incident: dict[str, Any], context: list[dict[str, Any]], generated_at: dt.datetime, tz: ZoneInfo
) -> str:
    results = incident.get("results") or {}
    parts = incident_map(results, context, incident["lon"], incident["lat"])
    script, css = leaflet_assets()
    plume = results.get("plume") or {}
    properties = plume.get("properties", {})
    impact = properties.get("impact") or results.get("impact") or {}
    downstream = (results.get("downstream") or {}).get("properties", {})
    upstream = (results.get("upstream") or {}).get("properties", {})
    release = properties.get("release") or incident.get("release") or {}
    chemical = properties.get("chemical") or {}
    weather = properties.get("weather") or incident.get("weather") or {}

    def when(value: Any) -> str:
        return _when(value, tz)

    template = _environment().get_template("report.html")
    return template.render(
        incident=incident,
        leaflet_js=Markup(script),
        leaflet_css=Markup(css),
        map_head=Markup(parts.head),
        map_body=Markup(parts.body),
        map_script=Markup(parts.script),
        release=release,
        release_line=lines.release_line(release, _number) if release else "",
        amount_basis=lines.amount_basis(release, _number) if release else "",
        chemical=chemical,
        weather=weather,
        weather_line=lines.weather_line(weather, _number) if weather else "",
        weather_basis=lines.weather_basis(weather, _number, when) if weather else "",
        zones=_zones(plume, impact),
        actions=[
            {**f["properties"], "basis_text": lines.zone_basis(f["properties"], release, chemical)}
            for f in plume.get("features", [])
            if f["properties"].get("kind") in ("initial_isolation", "protective_action")
        ],
        inside=_most_exposed(impact),
        nearest=_nearest_of_each_kind(impact.get("nearest_resources", [])),
        gates=downstream.get("rain_gates", []),
        outfalls=downstream.get("outfalls", []),
        plant_inlets=downstream.get("plant_inlets", []),
        upstream=upstream.get("enterprises", []),
        warnings=_warnings(results, chemical),
        sources=_sources(properties, downstream, upstream, when),
        no_value=NO_SOURCED_VALUE,
        footer=lines.footer(incident["id"], generated_at, when),
        tz=tz,
    )


def _most_exposed(impact: dict[str, Any]) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """Per category the ``ROWS`` places in the most severe zones, nearest first, and how many more."""
    order = {label: i for i, label in enumerate(impact.get("zones", []))}
    capped = {}
    for category, places in impact.get("inside", {}).items():
        ranked = sorted(places, key=lambda p: (min(order.get(z, 99) for z in p["zones"]), p["distance_m"]))
        capped[category] = (ranked[:ROWS], max(len(ranked) - ROWS, 0))
    return capped


def _nearest_of_each_kind(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    nearest: dict[str, dict[str, Any]] = {}
    for resource in sorted(resources, key=lambda r: r["distance_m"]):
        nearest.setdefault(resource["kind"], resource)
    return list(nearest.values())


def _zones(plume: dict[str, Any], impact: dict[str, Any]) -> list[dict[str, Any]]:
    totals = impact.get("totals", {})
    zones = []
    for feature in plume.get("features", []):
        p = feature["properties"]
        if p.get("kind") == "threat_zone":
            zones.append({**p, "totals": totals.get(p["level"], {})})
    return zones


def _warnings(results: dict[str, Any], chemical: dict[str, Any]) -> list[dict[str, str]]:
    """Each of the model's warnings once, with its title and its sentence in the park's language."""
    seen: dict[str, dict[str, Any]] = {}
    for name in ("plume", "point_threat"):
        answer = results.get(name) or {}
        found = answer.get("warnings") or answer.get("properties", {}).get("warnings", [])
        for warning in found:
            seen.setdefault(warning["message"], warning)
    weather = (results.get("plume") or {}).get("properties", {}).get("weather", {})
    for note in weather.get("notes", []):
        seen.setdefault(note, {"code": "weather", "message": note})
    name = chemical.get("name_zh") or chemical.get("name_en") or ""
    return [
        {
            "code": w["code"],
            "title": title("incident.warning", w["code"]),
            "text": warning_text(w, name, _number),
        }
        for w in seen.values()
    ]


def _sources(
    properties: dict[str, Any],
    downstream: dict[str, Any],
    upstream: dict[str, Any],
    when: Callable[[Any], str],
) -> list[tuple[str, str]]:
    """(what, source) rows; values that share one source share a row."""
    rows: list[tuple[str, str]] = []
    chemical = properties.get("chemical")
    if chemical:
        name = chemical.get("name_zh") or chemical["name_en"]
        rows.append((
            say("incident.report.source.molecular_weight", chemical=name),
            chemical.get("molecular_weight_source") or NO_SOURCED_VALUE,
        ))  # fmt: skip
        rows += [
            (say("incident.report.source.endpoint", chemical=name, level=word("incident.zone", e["level"])),
             e["source"] or NO_SOURCED_VALUE)
            for e in chemical.get("endpoints", [])
        ]  # fmt: skip
        rows.append((say("incident.report.source.endpoints"), lines.endpoints_basis(chemical)))
    weather = properties.get("weather")
    if weather:
        rows.append((say("incident.report.source.wind"), lines.wind_basis(weather, when)))
        rows.append((say("incident.report.source.stability"), lines.stability_basis(weather, _number)))
    release = properties.get("release")
    if release:
        rows.append((say("incident.report.source.release"), lines.amount_basis(release, _number)))
        rows.append((say("incident.report.source.model"), say("incident.report.model")))
    if downstream or upstream:
        rows.append((say("incident.report.source.pipes"), say("incident.report.pipes")))
    shared: dict[str, list[str]] = {}
    for what, source in rows:
        shared.setdefault(source, []).append(what)
    return [("、".join(whats), source) for source, whats in shared.items()]


def _number(value: Any, digits: int = 3) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}g}" if abs(value) < 10**digits else f"{value:,.0f}"


def _when(value: Any, tz: ZoneInfo) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %z")
