// Where a spill flows (GeoJSON from POST /analysis/trace/downstream): the pipes downstream, the
// rain gates on the way (red: close it; green: closed) and the outfalls and plant inlets reached,
// each labelled with the time the water takes to get there.
import L from "leaflet";

const ROLE = {
  rain_gate: { radius: 8, fill: "#d32f2f" },
  outfall: { radius: 9, fill: "#6d4c41" },
  plant_inlet: { radius: 8, fill: "#00838f" },
  dead_end: { radius: 6, fill: "#9e9e9e" },
};

export const DownstreamLayer = L.FeatureGroup.extend({
  options: { pane: "programs", color: "#0d47a1", scale: 1 },

  initialize(options) {
    L.setOptions(this, options);
    L.FeatureGroup.prototype.initialize.call(this, []);
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 420;
    L.FeatureGroup.prototype.onAdd.call(this, map);
  },

  /** Draw one downstream answer; `minutes(seconds)` formats the travel time of a label. */
  setTrace(answer, minutes) {
    this.clearLayers();
    const { pane, color, scale } = this.options;
    for (const feature of answer?.features ?? []) {
      const p = feature.properties ?? {};
      const lines = feature.geometry?.type;
      if (lines === "LineString" || lines === "MultiLineString") {
        // a large trace comes as one merged MultiLineString a network
        const line = L.GeoJSON.coordsToLatLngs(feature.geometry.coordinates, lines === "LineString" ? 0 : 1);
        this.addLayer(L.polyline(line, { pane, color, weight: 5 * scale, opacity: 0.75, interactive: false }));
        continue;
      }
      if (feature.geometry?.type !== "Point") continue;
      const style = ROLE[p.role] ?? ROLE.dead_end;
      const closed = p.role === "rain_gate" && p.state === "closed";
      const [lng, lat] = feature.geometry.coordinates;
      const marker = L.circleMarker([lat, lng], {
        pane,
        radius: style.radius * scale,
        color: "#ffffff",
        weight: 2 * scale,
        fillColor: closed ? "#2e7d32" : style.fill,
        fillOpacity: 1,
      });
      const label = [p.outfall_code ?? p.code, p.travel_time_s != null && minutes(p.travel_time_s)].filter(Boolean).join(" · ");
      marker.bindTooltip(label, { permanent: p.role !== "dead_end", direction: "right", className: "downstream-label" });
      this.addLayer(marker);
    }
    return this;
  },
});
