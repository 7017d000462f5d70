// The Leaflet map shared by the three modes: panes, optional basemap, default icons, and
// the park's extent as the home view.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import iconRetinaUrl from "leaflet/dist/images/marker-icon-2x.png";
import iconUrl from "leaflet/dist/images/marker-icon.png";
import shadowUrl from "leaflet/dist/images/marker-shadow.png";
import * as api from "./api.js";

// Leaflet guesses its icon URLs from its CSS path, which a bundler rewrites: name them.
delete L.Icon.Default.prototype._getIconUrl;
L.Icon.Default.mergeOptions({ iconRetinaUrl, iconUrl, shadowUrl });

// Used when the server knows no park extent: the map must still open somewhere sensible.
const FALLBACK_VIEW = { center: [31.23, 121.47], zoom: 13 };

/** `scale` sizes what Leaflet draws in pixels (the scale bar) like the rest of a big screen. */
export function createMap(container, { basemap, zoomControl = true, scale = 1 } = {}) {
  const map = L.map(container, {
    zoomControl: false,
    attributionControl: true,
    minZoom: 3,
    maxZoom: 19,
    worldCopyJump: false,
    fadeAnimation: false,
  });
  map.attributionControl.setPrefix(false);
  if (zoomControl) L.control.zoom({ position: "topleft" }).addTo(map);
  L.control.scale({ position: "bottomleft", imperial: false, maxWidth: Math.round(100 * scale) }).addTo(map);
  if (basemap?.url) {
    L.tileLayer(basemap.url, { attribution: basemap.attribution ?? "", maxZoom: 19, crossOrigin: false }).addTo(map);
  }
  map.setView(FALLBACK_VIEW.center, FALLBACK_VIEW.zoom);
  return map;
}

/** The park's bounds from its outline (or, lacking one, its enterprises); null when unknown. */
export async function parkBounds(catalog) {
  const layer =
    catalog.layers.find((l) => /^park/.test(l.id) && l.items !== null) ??
    catalog.layers.find((l) => /enterprise/.test(l.id) && l.items !== null);
  try {
    const parks = await api.collectionItems(layer?.id ?? "parks", { limit: 200 });
    const bounds = L.geoJSON(parks).getBounds();
    return bounds.isValid() ? bounds : null;
  } catch {
    return null;
  }
}

/**
 * Where the park's data is: the union of every layer's TileJSON bounds. Tiles outside it are
 * never requested, which matters on a 4K screen showing the park's surroundings.
 */
export async function dataExtent(catalog) {
  const answers = await Promise.all(catalog.layers.map((layer) => api.tileJson(layer.id).catch(() => null)));
  let extent = null;
  for (const bounds of answers.map((a) => a?.bounds)) {
    if (!Array.isArray(bounds) || bounds.length !== 4) continue;
    const [west, south, east, north] = bounds;
    if (east - west >= 359 || north - south >= 170) return null; // a layer that may be anywhere
    const box = L.latLngBounds([south, west], [north, east]);
    extent = extent ? extent.extend(box) : box;
  }
  return extent?.isValid() ? extent.pad(0.02) : null;
}

/** Distance in metres between two lat/lng points (haversine on a sphere of radius 6 371 km). */
export function distanceMetres(a, b) {
  return L.latLng(a).distanceTo(L.latLng(b));
}
