// "What is nearest to this point": the point, a numbered marker per place found, and a
// straight line from the point to each, labelled with its distance.
import L from "leaflet";
import { formatDistance } from "../geo.js";

export const NearestLayer = L.FeatureGroup.extend({
  options: {
    pane: "programs",
    color: "#6a1b9a",
    scale: 1,
  },

  initialize(options) {
    L.setOptions(this, options);
    L.FeatureGroup.prototype.initialize.call(this, []);
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 420;
    L.FeatureGroup.prototype.onAdd.call(this, map);
  },

  /** Draw `origin` ([lat, lng]) and `features` (GeoJSON points with `distance_m`), nearest first. */
  setResult(origin, features) {
    this.clearLayers();
    const { pane, color, scale } = this.options;
    this.addLayer(L.circleMarker(origin, { pane, radius: 9 * scale, color: "#ffffff", weight: 3 * scale, fillColor: "#d50000", fillOpacity: 1, interactive: false }));
    features.forEach((feature, i) => {
      const [lng, lat] = feature.geometry.coordinates;
      const metres = feature.properties?.distance_m;
      this.addLayer(L.polyline([origin, [lat, lng]], { pane, color, weight: 2 * scale, dashArray: "6 5", interactive: false }));
      const marker = L.marker([lat, lng], {
        pane,
        icon: L.divIcon({ className: "nearest-marker", html: String(i + 1), iconSize: [24 * scale, 24 * scale] }),
        keyboard: false,
      });
      if (metres != null) marker.bindTooltip(formatDistance(metres), { direction: "top", offset: [0, -10 * scale] });
      marker.on("click", () => this.fire("pick", { feature, index: i }));
      this.addLayer(marker);
    });
    return this;
  },
});
