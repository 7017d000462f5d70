// Where a VOC source most likely is (GeoJSON from POST /analysis/sources): grid cells shaded by
// relative likelihood (1 at the best cell), and the ranked candidate enterprises and tanks.
import L from "leaflet";

// a sequential ramp from faint yellow to deep red; cells below the server's floor are not sent
const RAMP = ["#fff5b1", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];

export const LikelihoodLayer = L.FeatureGroup.extend({
  options: { pane: "programs", scale: 1, maxOpacity: 0.6 },

  initialize(options) {
    L.setOptions(this, options);
    L.FeatureGroup.prototype.initialize.call(this, []);
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 420;
    L.FeatureGroup.prototype.onAdd.call(this, map);
  },

  setSurface(answer) {
    this.clearLayers();
    const { pane, scale, maxOpacity } = this.options;
    const cells = [];
    const candidates = [];
    for (const feature of answer?.features ?? []) {
      if (feature.properties?.kind === "likelihood") cells.push(feature);
      else if (feature.properties?.kind === "candidate") candidates.push(feature);
    }
    if (cells.length) {
      this.addLayer(L.geoJSON({ type: "FeatureCollection", features: cells }, {
        pane,
        interactive: false,
        style: (f) => {
          const v = Math.max(0, Math.min(1, f.properties.value));
          return { stroke: false, fillColor: RAMP[Math.min(RAMP.length - 1, Math.floor(v * RAMP.length))], fillOpacity: maxOpacity * (0.25 + 0.75 * v) };
        },
      }));
    }
    for (const feature of candidates) {
      const p = feature.properties;
      const [lng, lat] = feature.geometry.coordinates;
      const marker = L.marker([lat, lng], {
        pane,
        icon: L.divIcon({ className: "nearest-marker candidate-marker", html: String(p.rank), iconSize: [22 * scale, 22 * scale] }),
        keyboard: false,
      });
      marker.bindTooltip(`${p.rank}. ${p.code} ${p.name ?? ""} · ${Math.round(100 * (p.share ?? 0))} %`, { direction: "top" });
      this.addLayer(marker);
    }
    return this;
  },
});

export const LIKELIHOOD_RAMP = RAMP;
