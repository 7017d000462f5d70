// The feature the user is looking at (a search hit or a clicked feature), drawn on top.
import L from "leaflet";

export const HighlightLayer = L.GeoJSON.extend({
  options: {
    color: "#00e5ff",
    weight: 4,
    fillOpacity: 0.1,
    radius: 14,
    interactive: false,
  },

  initialize(options) {
    L.setOptions(this, options);
    const style = { color: this.options.color, weight: this.options.weight, fillOpacity: this.options.fillOpacity, interactive: false };
    L.GeoJSON.prototype.initialize.call(this, null, {
      style: () => style,
      pointToLayer: (_, latlng) => L.circleMarker(latlng, { ...style, radius: this.options.radius, fill: false }),
    });
  },

  /** Show one GeoJSON feature (or geometry); null clears. */
  show(feature) {
    this.clearLayers();
    if (feature) this.addData(feature);
    return this;
  },
});
