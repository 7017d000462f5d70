// Every visible catalog layer, fetched as one composite vector tile per z/x/y.
//
// Hiding a layer restyles the features already drawn (no request); showing one that is not
// in the current tiles, or refresh(), builds a fresh tile layer on top and drops the old
// one when the new one has loaded: the map never blinks, and at most two sets of tiles live
// at once, so a screen can refresh for days with bounded memory.
import L from "leaflet";
import vectorTileLayer, { defaultFeatureLayer } from "leaflet-vector-tile-layer";
import { tileUrl } from "../api.js";
import { stationSummary } from "../liveState.js";
import { clusterFeatureLayer } from "./clusterFeature.js";
import { featureStyle, liveStyle } from "./styles.js";

const HIDDEN = { hidden: true, interactive: false };
const SWAP_TIMEOUT_MS = 20000;

export const ParkTileLayer = L.Layer.extend({
  options: {
    // catalog layers ({id, kind, style, minzoom, maxzoom, live, visible, choice, ...}) from GET /layers
    catalog: [],
    // multiplies stroke weights and point radii (big screens)
    scale: 1,
    // cache-busting token added to tile URLs; refresh(version) changes it
    version: "0",
    // L.LatLngBounds where the data is; no tile outside it is requested (null: anywhere)
    bounds: null,
    // 512-pixel tiles from one zoom level up: a quarter of the requests for the same view,
    // each drawn from the same vectors (a layer's minzoom then counts in tile zooms)
    tileSize: 512,
    // a pane between the basemap (tilePane, 200) and drawn overlays (overlayPane, 400)
    pane: "park",
  },

  initialize(options) {
    L.setOptions(this, options);
    this._byId = new Map(this.options.catalog.map((layer) => [layer.id, layer]));
    this._order = drawingOrder(this.options.catalog);
    this._visible = new Set();
    for (const layer of this.options.catalog) {
      if (layer.visible && !(layer.choice && this.chosen(layer.choice))) this._visible.add(layer.id);
    }
    this._liveIndex = new Map();
    this._tiles = null;
    this._retiring = null;
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 350;
    this._tiles = this._buildTiles();
    if (this._tiles) this._map.addLayer(this._tiles);
  },

  onRemove(map) {
    for (const tiles of [this._tiles, this._retiring]) if (tiles) map.removeLayer(tiles);
    this._tiles = this._retiring = null;
    this._liveIndex.clear();
  },

  isVisible(id) {
    return this._visible.has(id);
  },

  visibleIds() {
    return this._order.filter((id) => this._visible.has(id));
  },

  /** The shown layer of a choice (layers colouring the same features), or null. */
  chosen(choice) {
    return this.options.catalog.find((layer) => layer.choice === choice && this._visible.has(layer.id))?.id ?? null;
  },

  /** Show or hide a layer; showing one of a choice hides the others of it. */
  setVisible(id, visible) {
    const layer = this._byId.get(id);
    if (!layer || visible === this._visible.has(id)) return this;
    const replaced = visible && layer.choice ? this.chosen(layer.choice) : null;
    if (replaced) this._visible.delete(replaced);
    if (visible) this._visible.add(id);
    else this._visible.delete(id);
    if (this._map) {
      if (visible && !this._fetched?.has(id)) this._swap();
      else this._restyle();
    }
    if (replaced) this.fire("visibility", { id: replaced, visible: false });
    this.fire("visibility", { id, visible });
    return this;
  },

  /** Show `id` as the choice's layer, or none of the choice when `id` is null. */
  choose(choice, id) {
    const current = this.chosen(choice);
    if (id) return this.setVisible(id, true);
    return current ? this.setVisible(current, false) : this;
  },

  _restyle() {
    this._tiles?.setStyle((feature, layerName) => this._style(feature, layerName));
  },

  /** Reload every tile (new data on the server); the old tiles stay until the new ones arrive. */
  refresh(version = String(Date.now())) {
    this.options.version = version;
    if (this._map) this._swap();
    return this;
  },

  /** Restyle the drawn markers of one live station from the latest readings. */
  updateStation(stationId) {
    const drawn = this._liveIndex.get(String(stationId));
    if (!drawn) return;
    for (const featureLayer of drawn) {
      featureLayer.setStyle(this._style(featureLayer.feature, featureLayer.layerName));
    }
  },

  _style(feature, layerName) {
    const layer = this._byId.get(layerName);
    if (!layer || !this._visible.has(layerName)) return HIDDEN;
    const options = featureStyle(layer, feature.properties, this.options.scale);
    const count = feature.properties?.point_count;
    if (count > 1) return { ...options, radius: options.radius * 1.8, labelSize: 10 * this.options.scale };
    return layer.live ? liveStyle(options, stationSummary(featureId(feature))) : options;
  },

  _buildTiles() {
    const ids = this.visibleIds();
    this._fetched = new Set(ids);
    if (!ids.length) return null;
    const layers = ids.map((id) => this._byId.get(id));
    // tile zoom = map zoom - shift; a layer's zoom range is in tile zooms
    const shift = Math.round(Math.log2(this.options.tileSize / 256));
    const tiles = vectorTileLayer("", {
      pane: this.options.pane,
      minZoom: Math.min(...layers.map((l) => l.minzoom ?? 0)) + shift,
      maxZoom: Math.max(...layers.map((l) => l.maxzoom ?? 22)) + shift,
      layers: ids,
      style: (feature, layerName) => this._style(feature, layerName),
      featureToLayer: (feature, layerName, px, style) => this._featureLayer(feature, layerName, px, style),
      bounds: this.options.bounds ?? undefined,
      tileSize: this.options.tileSize,
      zoomOffset: -shift,
      updateWhenZooming: false,
      keepBuffer: 1,
    });
    tiles.getTileUrl = (coords) => {
      const tile = { x: coords.x, y: coords.y, z: coords.z - shift };
      return tileUrl(this._idsAt(ids, tile.z), tile, this.options.version);
    };
    const removeFeatureLayer = tiles.removeFeatureLayer;
    tiles.removeFeatureLayer = (featureLayer) => {
      this._unindex(featureLayer);
      return removeFeatureLayer(featureLayer);
    };
    tiles.on("click", this._onClick, this);
    tiles.on("load", () => this.fire("load"));
    return tiles;
  },

  _idsAt(ids, z) {
    const atZoom = ids.filter((id) => inZoom(this._byId.get(id), z));
    return atZoom.length ? atZoom : ids;
  },

  _featureLayer(feature, layerName, pxPerExtent, style) {
    if (feature.properties?.point_count > 1) return clusterFeatureLayer(feature, layerName, pxPerExtent, style);
    const featureLayer = defaultFeatureLayer(feature, layerName, pxPerExtent, style);
    if (!this._byId.get(layerName)?.live) return featureLayer;
    const key = String(featureId(feature));
    if (!this._liveIndex.has(key)) this._liveIndex.set(key, new Set());
    this._liveIndex.get(key).add(featureLayer);
    return featureLayer;
  },

  _unindex(featureLayer) {
    const key = String(featureId(featureLayer.feature));
    const drawn = this._liveIndex.get(key);
    if (!drawn) return;
    drawn.delete(featureLayer);
    if (!drawn.size) this._liveIndex.delete(key);
  },

  _swap() {
    const map = this._map;
    if (this._retiring) map.removeLayer(this._retiring);
    const old = this._tiles;
    this._retiring = old;
    this._tiles = this._buildTiles();
    if (!this._tiles) {
      if (old) map.removeLayer(old);
      this._retiring = null;
      return;
    }
    if (!old) {
      map.addLayer(this._tiles);
      return;
    }
    const retire = () => {
      clearTimeout(timer);
      if (this._retiring === old) {
        map.removeLayer(old);
        this._retiring = null;
      }
    };
    const timer = setTimeout(retire, SWAP_TIMEOUT_MS);
    this._tiles.once("load", retire);
    map.addLayer(this._tiles);
  },

  _onClick(event) {
    const featureLayer = event.layer ?? event.propagatedFrom;
    if (!featureLayer?.feature) return;
    if (featureLayer.feature.properties?.point_count > 1) {
      // a cluster stands for several points: show them rather than the one that names it
      this._map.setView(event.latlng, Math.min(this._map.getZoom() + 2, this._map.getMaxZoom()));
      return;
    }
    this.fire("featureclick", {
      layer: this._byId.get(featureLayer.layerName),
      id: featureId(featureLayer.feature),
      properties: featureLayer.feature.properties,
      latlng: event.latlng,
      originalEvent: event.originalEvent,
    });
  },
});

/** A tile feature's id: the `id` property, else the MVT feature id. */
export function featureId(feature) {
  return feature.properties?.id ?? feature.id;
}

const KIND_RANK = { fill: 0, line: 1, circle: 2 };

/**
 * Bottom to top: areas, then lines, then points (so a point is never under an area and its
 * click reaches it); within a kind, the layer listed first in the catalog is drawn on top.
 */
function drawingOrder(catalog) {
  return catalog
    .map((layer, index) => ({ id: layer.id, rank: KIND_RANK[layer.kind] ?? 0, index }))
    .sort((a, b) => a.rank - b.rank || b.index - a.index)
    .map((entry) => entry.id);
}

function inZoom(layer, zoom) {
  if (zoom === undefined || zoom === null) return true;
  return zoom >= (layer.minzoom ?? 0) && zoom <= (layer.maxzoom ?? 99);
}
