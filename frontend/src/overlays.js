// Program overlays: points the map draws from the programs' GeoJSON endpoints (not from the
// catalog's tiles, because their colours are computed: saturation, rectification, tickets).
// Each is shown from the layer tree or by its module, re-read on a clock while shown, and
// dropped entirely when hidden.
import L from "leaflet";
import * as api from "./api.js";
import { can } from "./roles.js";
import { StatusPointLayer } from "./layers/StatusPointLayer.js";
import { CARBON_LEVEL, GATE_STATE, OUTFALL_STATUS, TICKET_STATE, VOC_ROLE } from "./programs/colours.js";
import { formatNumber } from "./ui/dom.js";
import { word } from "./i18n.js";

const MINUTE = 60000;

/** The overlays, in layer-tree order; `replaces` names catalog layers hidden while one is shown. */
export const OVERLAYS = [
  {
    id: "tickets",
    module: "tickets",
    property: "state",
    colours: TICKET_STATE,
    ring: (f) => f.properties.overdue,
    label: (f) => `${f.properties.code} · ${word("ticket.state", f.properties.state)}`,
    load: (signal) => api.ticketMarkers(signal),
    every: MINUTE,
  },
  {
    id: "carbon",
    module: "carbon",
    property: "level",
    colours: CARBON_LEVEL,
    ring: (f) => f.properties.level === "red",
    label: (f) => `${f.properties.code} · ${formatNumber(f.properties.percent)} %`,
    load: (signal) => api.carbonUnitsGeojson(signal),
    every: 5 * MINUTE,
  },
  {
    id: "outfalls",
    module: "outfalls",
    ability: "parkWide",
    property: "rectification_status",
    colours: OUTFALL_STATUS,
    ring: (f) => f.properties.exceeded || f.properties.overdue_tasks > 0,
    label: (f) => `${f.properties.code} · ${word("outfall.status", f.properties.rectification_status)}`,
    load: (signal) => api.outfallsGeojson(signal),
    replaces: ["outfalls"],
    every: 5 * MINUTE,
  },
  {
    id: "rain_gates",
    module: "outfalls",
    ability: "parkWide",
    property: "state",
    colours: GATE_STATE,
    radius: 6,
    label: (f) => `${f.properties.code} · ${word("gate.state", f.properties.state)}`,
    load: async (signal) => gatesToGeojson(await api.rainGates(signal)),
    replaces: ["rain_gates"],
    every: MINUTE,
  },
  {
    id: "voc",
    module: "voc",
    ability: "parkWide",
    property: "role",
    colours: VOC_ROLE,
    ring: (f) => f.properties.exceeded,
    label: (f) => `${f.properties.code} · ${word("voc.role", f.properties.role)}${f.properties.delta != null ? ` · Δ ${formatNumber(f.properties.delta)}` : ""}`,
    load: async (signal) => (await api.vocFence(signal)).stations,
    every: 5 * MINUTE,
  },
];

function gatesToGeojson(answer) {
  return {
    type: "FeatureCollection",
    features: (answer?.rain_gates ?? []).map((g) => ({
      type: "Feature",
      id: g.id,
      geometry: { type: "Point", coordinates: [g.lon, g.lat] },
      properties: g,
    })),
  };
}

/** The overlays shown on one map; fires "visibility" {id, visible} and "pick" {overlay, feature}. */
export const OverlaySet = L.Evented.extend({
  initialize(map, { role, tiles, scale = 1 }) {
    this.map = map;
    this.tiles = tiles;
    this.scale = scale;
    this.available = OVERLAYS.filter((o) => !o.ability || can(role, o.ability));
    this.shown = new Map(); // id -> {layer, timer, request}
  },

  isShown(id) {
    return this.shown.has(id);
  },

  definition(id) {
    return this.available.find((o) => o.id === id) ?? null;
  },

  /** Show an overlay (no-op when shown or not available to the role); resolves once drawn. */
  show(id) {
    const def = this.definition(id);
    if (!def) return Promise.resolve(false);
    if (this.shown.has(id)) return this.shown.get(id).loaded;
    const layer = new StatusPointLayer({ ...def, scale: this.scale, radius: def.radius ?? 8 });
    layer.on("pick", (e) => this.fire("pick", { overlay: def, feature: e.feature, latlng: e.latlng }));
    layer.addTo(this.map);
    const entry = { layer, timer: null, request: null, hidden: [] };
    for (const catalogId of def.replaces ?? []) {
      if (this.tiles?.isVisible(catalogId)) {
        this.tiles.setVisible(catalogId, false);
        entry.hidden.push(catalogId);
      }
    }
    this.shown.set(id, entry);
    entry.loaded = this.refresh(id);
    entry.timer = setInterval(() => this.refresh(id), def.every ?? 5 * MINUTE);
    this.fire("visibility", { id, visible: true });
    return entry.loaded;
  },

  hide(id) {
    const entry = this.shown.get(id);
    if (!entry) return;
    clearInterval(entry.timer);
    clearTimeout(entry.soon);
    entry.request?.abort();
    entry.layer.remove();
    for (const catalogId of entry.hidden) this.tiles?.setVisible(catalogId, true);
    this.shown.delete(id);
    this.fire("visibility", { id, visible: false });
  },

  toggle(id, visible) {
    return visible ? this.show(id) : this.hide(id);
  },

  layer(id) {
    return this.shown.get(id)?.layer ?? null;
  },

  /** Re-read a shown overlay a little later, once a burst of live messages has passed. */
  refreshSoon(id, ms = 2000) {
    const entry = this.shown.get(id);
    if (!entry || entry.soon) return;
    entry.soon = setTimeout(() => {
      entry.soon = null;
      this.refresh(id);
    }, ms);
  },

  /** Re-read one shown overlay now (after a change the user made). */
  async refresh(id) {
    const entry = this.shown.get(id);
    if (!entry) return false;
    entry.request?.abort();
    const request = (entry.request = new AbortController());
    try {
      const geojson = await this.definition(id).load(request.signal);
      if (request.signal.aborted || this.shown.get(id) !== entry) return false;
      entry.layer.setData(geojson);
      entry.failed = null;
      return true;
    } catch (err) {
      if (!request.signal.aborted) entry.failed = err;
      return false;
    }
  },
});
