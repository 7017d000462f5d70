// Threat zones of a release (GeoJSON from POST /analysis/plume), worst zone on top.
import L from "leaflet";
import { local } from "../i18n.js";

const ZONE_COLOURS = {
  aegl3: "#b71c1c",
  aegl2: "#ef6c00",
  aegl1: "#fbc02d",
  erpg3: "#b71c1c",
  erpg2: "#ef6c00",
  erpg1: "#fbc02d",
  isolation: "#6a1b9a",
  protective: "#1565c0",
};

export const ThreatZoneLayer = L.GeoJSON.extend({
  options: {
    // a property naming the zone (aegl1..3, erpg1..3, isolation, protective)
    zoneProperty: "zone",
    fillOpacity: 0.28,
  },

  initialize(geojson, options) {
    L.setOptions(this, options);
    const zoneOf = (feature) => String(feature.properties?.[this.options.zoneProperty] ?? feature.properties?.level ?? "").toLowerCase();
    L.GeoJSON.prototype.initialize.call(this, null, {
      ...this.options,
      style: (feature) => ({
        color: ZONE_COLOURS[zoneOf(feature)] ?? "#c62828",
        weight: 2,
        fillOpacity: this.options.fillOpacity,
        dashArray: zoneOf(feature) === "isolation" ? "6 4" : null,
      }),
      onEachFeature: (feature, layer) => {
        const p = feature.properties ?? {};
        const title = local(p.title) || zoneOf(feature).toUpperCase();
        const detail = [p.threshold_ppm != null && `${p.threshold_ppm} ppm`, p.distance_m != null && `${Math.round(p.distance_m)} m`]
          .filter(Boolean)
          .join(" · ");
        layer.bindTooltip(detail ? `${title} — ${detail}` : title, { sticky: true });
      },
    });
    if (geojson) this.addData(geojson);
  },

  /** Replace the zones; the widest are drawn first so the worst stays on top. */
  setZones(geojson) {
    this.clearLayers();
    const features = [...(geojson?.features ?? [])].sort((a, b) => area(b) - area(a));
    this.addData({ type: "FeatureCollection", features });
    return this;
  },
});

function area(feature) {
  const bounds = L.geoJSON(feature).getBounds();
  if (!bounds.isValid()) return 0;
  return (bounds.getEast() - bounds.getWest()) * (bounds.getNorth() - bounds.getSouth());
}
