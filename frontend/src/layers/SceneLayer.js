// One remote-sensing scene drawn as raster tiles from the server's catalog (true colour or an
// index), only inside the scene's bounds and zooms, in a pane under the park's vector tiles.
import L from "leaflet";
import { rasterTileUrl } from "../api.js";

export const SceneLayer = L.TileLayer.extend({
  options: {
    pane: "rasters",
    tileSize: 256,
    opacity: 0.85,
    // the server over-zooms a scene a few levels past its native resolution
    maxZoom: 19,
    updateWhenZooming: false,
    keepBuffer: 1,
  },

  /** `template` is a tile URL template from GET /rasters; `scene` the catalog entry it belongs to. */
  initialize(template, scene, options) {
    const [west, south, east, north] = scene.bounds;
    L.TileLayer.prototype.initialize.call(this, template, {
      bounds: L.latLngBounds([south, west], [north, east]),
      minNativeZoom: scene.minzoom ?? undefined,
      ...options,
    });
    this.scene = scene;
  },

  /** The tile's URL with the session's current token (it is refreshed while the map is open). */
  getTileUrl(coords) {
    return rasterTileUrl(this._url, { z: this._getZoomForUrl(), x: coords.x, y: coords.y });
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 300;
    L.TileLayer.prototype.onAdd.call(this, map);
  },
});
