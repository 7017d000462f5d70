// Threat zones of a release (GeoJSON from POST /analysis/plume): AEGL-3/2/1 in red, orange and
// yellow, the initial isolation circle dashed purple, the protective-action area blue, and the
// source. Zones drawn at the park's ambient-air limits (no health threshold) are teal in the
// plant and brown at the boundary. The widest are drawn first so the worst zone stays on top.
import L from "leaflet";
import { word } from "../i18n.js";
import { formatNumber } from "../ui/dom.js";

export const ZONE_COLOURS = {
  aegl3: "#b71c1c",
  aegl2: "#ef6c00",
  aegl1: "#fbc02d",
  erpg3: "#b71c1c",
  erpg2: "#ef6c00",
  erpg1: "#fbc02d",
  initial_isolation: "#6a1b9a",
  protective_action: "#1565c0",
  inplantsingle: "#00695c",
  inplant1h: "#00897b",
  inplant24h: "#4db6ac",
  boundarysingle: "#4e342e",
  boundary1h: "#795548",
  boundary24h: "#a1887f",
};

/** The colour key of a zone by its name: a kind as it is (initial_isolation), a level folded (AEGL-3 → aegl3). */
export function zoneNameKey(name) {
  return name in ZONE_COLOURS ? name : String(name).toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The colour key of a zone feature: its level (AEGL-3 → aegl3), else its kind. */
export function zoneKey(properties) {
  const level = properties?.level ?? properties?.zone;
  if (level) return zoneNameKey(level);
  return String(properties?.kind ?? "");
}

export const ThreatZoneLayer = L.GeoJSON.extend({
  options: {
    fillOpacity: 0.28,
    // multiplies line weights and the source marker (big screens)
    scale: 1,
  },

  initialize(geojson, options) {
    L.setOptions(this, options);
    const scale = this.options.scale;
    L.GeoJSON.prototype.initialize.call(this, null, {
      style: (feature) => {
        const key = zoneKey(feature.properties);
        const outline = key === "initial_isolation" || key === "protective_action";
        return {
          color: ZONE_COLOURS[key] ?? "#c62828",
          weight: (outline ? 2.5 : 2) * scale,
          fillOpacity: outline ? 0.04 : this.options.fillOpacity,
          dashArray: key === "initial_isolation" ? "8 6" : key === "protective_action" ? "3 5" : null,
          interactive: true,
        };
      },
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, { radius: 7 * scale, color: "#ffffff", weight: 2 * scale, fillColor: "#d50000", fillOpacity: 1 }),
      onEachFeature: (feature, layer) => layer.bindTooltip(describe(feature.properties ?? {}), { sticky: true }),
    });
    if (geojson) this.setZones(geojson);
  },

  /** Replace the zones; the widest are drawn first so the worst stays on top. */
  setZones(geojson) {
    this.clearLayers();
    const features = [...(geojson?.features ?? [])].sort((a, b) => area(b) - area(a));
    this.addData({ type: "FeatureCollection", features });
    return this;
  },
});

function describe(p) {
  if (p.kind === "source") return [p.chemical_zh ?? p.chemical, p.storage_unit].filter(Boolean).join(" · ");
  if (p.kind === "initial_isolation") return `${word("incident.zone", p.kind)} ${formatNumber(p.radius_m)} m`;
  if (p.kind === "protective_action") return `${word("incident.zone", p.kind)} ${formatNumber(p.distance_m)} m × ${formatNumber(p.half_width_m * 2)} m`;
  const threshold = p.ppm != null ? `${formatNumber(p.ppm)} ppm` : "";
  return [word("incident.zone", p.level), threshold, p.max_downwind_m != null && `${formatNumber(p.max_downwind_m)} m`].filter(Boolean).join(" · ");
}

function area(feature) {
  if (feature.geometry?.type === "Point") return -1;
  const bounds = L.geoJSON(feature).getBounds();
  if (!bounds.isValid()) return 0;
  return (bounds.getEast() - bounds.getWest()) * (bounds.getNorth() - bounds.getSouth());
}
