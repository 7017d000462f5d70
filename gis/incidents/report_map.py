"""The incident report's map, drawn with folium but depending on nothing outside the page.

folium loads Leaflet, jQuery and Bootstrap from CDNs by default. Here the map uses none of
them: its default scripts and styles are emptied and Leaflet (shipped beside this file, BSD
licence) is inlined, its images as data URIs; there is no tile layer, the park's boundary,
rivers and roads give the context. So the report opens on an isolated network.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import folium

LEAFLET = Path(__file__).resolve().parent / "assets" / "leaflet-1.9.4"
ZONE_COLOURS = ("#b2182b", "#ef6548", "#fdbb84", "#fee8c8")
CONTEXT_STYLES = {
    "park": {"color": "#636363", "weight": 1.5, "fill": False, "dashArray": "6 4"},
    "river": {"color": "#6baed6", "weight": 1, "fillColor": "#c6dbef", "fillOpacity": 0.7},
    "road": {"color": "#969696", "weight": 2},
}
GATE_COLOURS = {"close": "#d7301f", "keep closed": "#238b45"}


@dataclass(frozen=True)
class MapParts:
    """The pieces of a folium map to place in a page: into <head>, into <body>, and the script."""

    head: str
    body: str
    script: str


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and stylesheet, the stylesheet's images inlined as data URIs."""
    script = (LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    css = (LEAFLET / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((LEAFLET / match.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    return script.replace("</script", "<\\/script"), re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def incident_map(results: dict[str, Any], context: list[dict[str, Any]], lon: float, lat: float) -> MapParts:
    """Zones, affected places, traced pipes, gates and resources around the release at (lon, lat)."""
    fmap = folium.Map(
        location=[lat, lon],
        zoom_start=14,
        tiles=None,
        control_scale=True,
        width="100%",
        height="100%",
        attributionControl=False,
    )
    fmap.default_js = []
    fmap.default_css = []
    bounds = _Bounds(lon, lat)
    for kind in ("park", "river", "road"):
        shapes = [c for c in context if c["kind"] == kind]
        if shapes:
            layer = folium.FeatureGroup(
                name={"park": "园区 park", "river": "水系 rivers", "road": "道路 roads"}[kind]
            )
            for shape in shapes:
                style = CONTEXT_STYLES[kind]
                folium.GeoJson(
                    shape["geometry"], style_function=lambda _f, s=style: s, tooltip=_label(shape["name"])
                ).add_to(layer)
            layer.add_to(fmap)
    plume = results.get("plume")
    if plume:
        _plume(fmap, plume, bounds)
    impact = (plume or {}).get("properties", {}).get("impact") or results.get("impact")
    if impact:
        _impact(fmap, impact, bounds)
    for name in ("downstream", "upstream"):
        if results.get(name):
            _trace(fmap, name, results[name], bounds)
    folium.CircleMarker(
        [lat, lon],
        radius=7,
        color="#000",
        weight=2,
        fill=True,
        fill_color="#000",
        fill_opacity=1,
        tooltip="事发点 release",
    ).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.fit_bounds(bounds.corners(), padding=(20, 20))
    root = fmap.get_root()
    root.render()
    return MapParts(head=root.header.render(), body=root.html.render(), script=root.script.render())


def _label(text: object) -> str:
    """Tooltip text, escaped: folium puts it into HTML inside a JavaScript template literal."""
    return html.escape(str(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


class _Bounds:
    def __init__(self, lon: float, lat: float):
        self.west = self.east = lon
        self.south = self.north = lat

    def add(self, geometry: dict[str, Any] | None) -> None:
        if geometry is None:
            return
        for lon, lat in _points(geometry["coordinates"]):
            self.west, self.east = min(self.west, lon), max(self.east, lon)
            self.south, self.north = min(self.south, lat), max(self.north, lat)

    def corners(self) -> list[list[float]]:
        return [[self.south, self.west], [self.north, self.east]]


def _points(coordinates: Any):
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates:
        yield from _points(part)


def _plume(fmap: folium.Map, plume: dict[str, Any], bounds: _Bounds) -> None:
    layer = folium.FeatureGroup(name="威胁区 threat zones")
    zones = [f for f in plume["features"] if f["properties"].get("kind") == "threat_zone" and f["geometry"]]
    for i, zone in enumerate(reversed(zones)):
        colour = ZONE_COLOURS[min(len(zones) - 1 - i, len(ZONE_COLOURS) - 1)]
        p = zone["properties"]
        folium.GeoJson(
            zone,
            style_function=lambda _f, c=colour: {
                "color": c,
                "weight": 1.5,
                "fillColor": c,
                "fillOpacity": 0.35,
            },
            tooltip=_label(f"{p['level']} ≥ {p['ppm']:.3g} ppm — {p['max_downwind_m']:.0f} m"),
        ).add_to(layer)
        bounds.add(zone["geometry"])
    layer.add_to(fmap)
    action = folium.FeatureGroup(name="隔离与防护 isolation / protective action")
    for feature in plume["features"]:
        kind = feature["properties"].get("kind")
        if kind in ("initial_isolation", "protective_action") and feature["geometry"]:
            colour = "#54278f" if kind == "initial_isolation" else "#08519c"
            folium.GeoJson(
                feature,
                style_function=lambda _f, c=colour: {
                    "color": c,
                    "weight": 2,
                    "dashArray": "6 4",
                    "fill": False,
                },
                tooltip=_label(kind.replace("_", " ")),
            ).add_to(action)
            bounds.add(feature["geometry"])
    action.add_to(fmap)


def _impact(fmap: folium.Map, impact: dict[str, Any], bounds: _Bounds) -> None:
    inside = impact.get("inside", {})
    styles = {
        "enterprise": ("受影响企业 enterprises", "#7f0000", 5),
        "population": ("人员 population", "#6a51a3", 6),
        "resource": ("学校/医院等 schools, hospitals", "#dd3497", 6),
    }
    for category, (name, colour, radius) in styles.items():
        places = inside.get(category, [])
        if not places:
            continue
        layer = folium.FeatureGroup(name=name)
        for place in places:
            label = f"{place['name_zh']} — {place['zones'][0]}"
            if category == "population":
                label += f", {place['people']} 人"
            folium.CircleMarker(
                [place["lat"], place["lon"]],
                radius=radius,
                color=colour,
                fill=True,
                fill_opacity=0.8,
                tooltip=_label(label),
            ).add_to(layer)
        layer.add_to(fmap)
    nearest = impact.get("nearest_resources", [])
    if nearest:
        layer = folium.FeatureGroup(name="应急资源 resources")
        for place in nearest:
            folium.CircleMarker(
                [place["lat"], place["lon"]],
                radius=5,
                color="#006d2c",
                fill=True,
                fill_opacity=0.9,
                tooltip=_label(
                    f"{place['name_zh']} ({place['kind']}) {place['distance_m']:.0f} m, {place['wind']}"
                ),
            ).add_to(layer)
            bounds.add({"coordinates": [place["lon"], place["lat"]]})
        layer.add_to(fmap)


def _trace(fmap: folium.Map, name: str, trace: dict[str, Any], bounds: _Bounds) -> None:
    title = "下游管线 downstream pipes" if name == "downstream" else "上游管线 upstream pipes"
    layer = folium.FeatureGroup(name=title)
    pipes = [f for f in trace["features"] if f["properties"].get("role") == "pipe"]
    if pipes:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": pipes},
            style_function=lambda _f: {"color": "#2171b5", "weight": 3, "opacity": 0.9},
        ).add_to(layer)
        for pipe in pipes:
            bounds.add(pipe["geometry"])
    properties = trace.get("properties", {})
    for gate in properties.get("rain_gates", []):
        folium.CircleMarker(
            [gate["lat"], gate["lon"]],
            radius=7,
            color=GATE_COLOURS.get(gate["action"], "#fe9929"),
            weight=3,
            fill=True,
            fill_color="#fff",
            fill_opacity=1,
            tooltip=_label(f"雨水闸 {gate['code']}: {gate['state']} → {gate['action']}"),
        ).add_to(layer)
    for outfall in properties.get("outfalls", []):
        if "lat" in outfall:
            folium.CircleMarker(
                [outfall["lat"], outfall["lon"]],
                radius=6,
                color="#08306b",
                fill=True,
                fill_opacity=1,
                tooltip=_label(f"排口 {outfall.get('outfall_code') or outfall['code']}"),
            ).add_to(layer)
    for feature in trace["features"]:
        if feature["properties"].get("role") == "enterprise_inlet":
            lon, lat = feature["geometry"]["coordinates"]
            folium.CircleMarker(
                [lat, lon],
                radius=5,
                color="#a63603",
                fill=True,
                fill_opacity=0.9,
                tooltip=_label(
                    f"{feature['properties'].get('enterprise_name') or ''} {feature['properties']['code']}"
                ),
            ).add_to(layer)
    layer.add_to(fmap)
