// "You are here": the phone's position and its accuracy circle.
import L from "leaflet";

export const LocationLayer = L.FeatureGroup.extend({
  options: {
    color: "#1e88e5",
    radius: 9,
  },

  initialize(options) {
    L.setOptions(this, options);
    L.FeatureGroup.prototype.initialize.call(this, []);
    this._accuracy = L.circle([0, 0], { radius: 1, color: this.options.color, weight: 1, fillOpacity: 0.12, interactive: false });
    this._dot = L.circleMarker([0, 0], {
      radius: this.options.radius,
      color: "#ffffff",
      weight: 3,
      fillColor: this.options.color,
      fillOpacity: 1,
      interactive: false,
    });
  },

  /** Move to a position; accuracy in metres. */
  setPosition(latlng, accuracy) {
    this._accuracy.setLatLng(latlng).setRadius(Math.max(accuracy ?? 0, 1));
    this._dot.setLatLng(latlng);
    if (!this.hasLayer(this._dot)) this.addLayer(this._accuracy).addLayer(this._dot);
    return this;
  },
});
