// The joint early warning around one place: the search circle, the place, and what the
// water, air and soil signals are (stations, outfalls, rain gates, river stations, tanks).
import L from "leaflet";

const ROLE_STYLE = {
  incident: { radius: 9, fillColor: "#d50000", color: "#ffffff" },
  station: { radius: 7, fillColor: "#1e88e5" },
  river_station: { radius: 7, fillColor: "#00838f" },
  outfall: { radius: 7, fillColor: "#6d4c41" },
  rain_gate: { radius: 6, fillColor: "#9e9e9e" },
  storage_unit: { radius: 5, fillColor: "#546e7a" },
};
const GATE = { open: "#d32f2f", closed: "#2e7d32" };

export const JointWarningLayer = L.FeatureGroup.extend({
  options: { pane: "programs", scale: 1 },

  initialize(options) {
    L.setOptions(this, options);
    L.FeatureGroup.prototype.initialize.call(this, []);
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 420;
    L.FeatureGroup.prototype.onAdd.call(this, map);
  },

  /** Draw one answer of GET /programs/joint-warning. */
  setWarning(answer) {
    this.clearLayers();
    const { pane, scale } = this.options;
    const place = answer.place;
    this.addLayer(L.circle([place.lat, place.lon], { pane, radius: place.radius_m, color: "#6a1b9a", weight: 2 * scale, dashArray: "8 6", fillOpacity: 0.05, interactive: false }));
    for (const feature of answer.features?.features ?? []) {
      const p = feature.properties ?? {};
      const [lng, lat] = feature.geometry.coordinates;
      const base = ROLE_STYLE[p.role] ?? ROLE_STYLE.station;
      const alarmed = (p.alarms?.length ?? p.alarms ?? 0) > 0 || p.exceeded;
      const marker = L.circleMarker([lat, lng], {
        pane,
        radius: base.radius * scale,
        color: alarmed ? "#d50000" : base.color ?? "#ffffff",
        weight: (alarmed ? 4 : 2) * scale,
        fillColor: p.role === "rain_gate" ? GATE[p.state] ?? base.fillColor : base.fillColor,
        fillOpacity: 0.95,
        interactive: p.role !== "incident",
      });
      if (p.code) marker.bindTooltip([p.code, p.chemical].filter(Boolean).join(" · "), { direction: "top" });
      this.addLayer(marker);
    }
    return this;
  },
});
