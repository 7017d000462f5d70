// Points of a park program (carbon units, outfalls, tickets, fence stations) coloured by one
// coded property, optionally ringed when a second test says so ("overdue", "exceeded").
// setData() replaces every marker: a screen that refreshes it for days keeps its size.
import L from "leaflet";

export const StatusPointLayer = L.FeatureGroup.extend({
  options: {
    // the property whose value picks the colour, and the colours by value
    property: "status",
    colours: {},
    fallback: "#7b8794",
    radius: 8,
    // multiplies radius and weights (big screens)
    scale: 1,
    // feature → true draws a thick red ring around the marker
    ring: null,
    // feature → short text shown in a tooltip (and permanently beside the marker when `labels`)
    label: null,
    labels: false,
    pane: "programs",
  },

  initialize(options) {
    L.setOptions(this, options);
    L.FeatureGroup.prototype.initialize.call(this, []);
    this._byId = new Map();
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) {
      const pane = map.createPane(this.options.pane);
      pane.style.zIndex = 420;
    }
    L.FeatureGroup.prototype.onAdd.call(this, map);
  },

  /** Replace every marker with the features of a GeoJSON FeatureCollection. */
  setData(geojson) {
    this.clearLayers();
    this._byId.clear();
    for (const feature of geojson?.features ?? []) {
      if (feature.geometry?.type !== "Point") continue;
      const [lng, lat] = feature.geometry.coordinates;
      const marker = L.circleMarker([lat, lng], this._style(feature));
      marker.feature = feature;
      const text = this.options.label?.(feature);
      if (text) marker.bindTooltip(text, { permanent: this.options.labels, direction: "right", className: "status-label", pane: "tooltipPane" });
      marker.on("click", (event) => {
        L.DomEvent.stop(event);
        this.fire("pick", { feature, latlng: marker.getLatLng() });
      });
      this.addLayer(marker);
      this._byId.set(String(feature.id ?? feature.properties?.id), marker);
    }
    return this;
  },

  /** The marker of one feature id (for highlighting), or null. */
  markerOf(id) {
    return this._byId.get(String(id)) ?? null;
  },

  _style(feature) {
    const o = this.options;
    const value = feature.properties?.[o.property];
    const ringed = Boolean(o.ring?.(feature));
    return {
      pane: o.pane,
      radius: o.radius * o.scale,
      color: ringed ? "#d50000" : "#ffffff",
      weight: (ringed ? 4 : 2) * o.scale,
      fillColor: o.colours[value] ?? o.fallback,
      fillOpacity: 0.95,
      interactive: true,
      bubblingMouseEvents: false,
    };
  },
});
