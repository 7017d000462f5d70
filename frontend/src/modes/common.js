// What every mode shares: the map with the park's tiles fitted to the park, the live feed
// restyling station markers, and a handle for tests and operators (window.parkmap).
import { versionOf } from "../catalog.js";
import { ParkTileLayer } from "../layers/ParkTileLayer.js";
import { HighlightLayer } from "../layers/HighlightLayer.js";
import { StationLabelLayer } from "../layers/StationLabelLayer.js";
import { LiveClient } from "../liveClient.js";
import { onReplay, recordReading, seedReading, stationSummary } from "../liveState.js";
import * as api from "../api.js";
import { createMap } from "../map.js";
import { t } from "../i18n.js";
import { formatTime, h, toast } from "../ui/dom.js";

/** Build the map in `container` with the park in view and its tiles requested. */
export function startMap(container, { catalog, config, bounds, extent, scale = 1, zoomControl = true }) {
  const map = createMap(container, { basemap: config?.basemap, zoomControl, scale });
  if (bounds) map.fitBounds(bounds, { padding: [16, 16], animate: false });
  // columns fill in after the map starts (layer tree, panels): keep the view centred on what it was
  new ResizeObserver(() => map.invalidateSize()).observe(container);
  // a 4K canvas asks for 1024-pixel tiles: a quarter of the requests again
  const tileSize = container.clientWidth * container.clientHeight > 4e6 ? 1024 : 512;
  const tiles = new ParkTileLayer({ catalog: catalog.layers, scale, tileSize, bounds: extent, version: versionOf(catalog.layers) ?? "0" });
  const highlight = new HighlightLayer({ radius: 14 * scale, weight: 4 * scale }).addTo(map);
  let first = true;
  tiles.on("load", () => {
    if (!first) return;
    first = false;
    performance.mark("parkmap:first-map");
  });
  tiles.addTo(map);
  const labels = stationLabels(map, tiles, catalog, scale);
  // the time slider swapped what the stations show: restyle each of them in place
  onReplay((stationIds) => {
    for (const id of stationIds) {
      tiles.updateStation(id);
      labels.update(id, stationSummary(id));
    }
  });
  if (!catalog.layers.length) {
    container.append(h("div", { class: "map-message" }, catalog.error ? t("map.nolayers") : t("layers.none")));
  }
  window.parkmap = { map, tiles, labels, catalog };
  return { map, tiles, highlight, labels };
}

/** Station id -> properties, filled once the live layer's stations are read. */
export const stationDirectory = new Map();

// what may lie over the map in one layout or another: value labels are kept out from under it
const MAP_COVERS = [
  ".leaflet-control",
  ".replay-banner",
  ".map-message",
  ".map-button",
  ".programs-menu",
  ".layers-popover",
  ".column.right > *",
].join(", ");

/** Value labels for the live layer's stations, shown while that layer is. */
function stationLabels(map, tiles, catalog, scale) {
  const labels = new StationLabelLayer({ offset: 10 * scale, markerRadius: 6 * scale, covers: MAP_COVERS }).addTo(map);
  const live = catalog.layers.find((layer) => layer.live && layer.items !== null);
  if (!live) return labels;
  labels.setShown(tiles.isVisible(live.id));
  tiles.on("visibility", (e) => e.id === live.id && labels.setShown(e.visible));
  api.collectionItems(live.id, { limit: 2000 }).then(
    (answer) => {
      const stations = (answer?.features ?? [])
        .filter((f) => f.geometry?.type === "Point")
        .map((f) => {
          stationDirectory.set(String(f.id ?? f.properties?.id), f.properties ?? {});
          return f;
        })
        .map((f) => ({ id: f.id ?? f.properties?.id, latlng: [f.geometry.coordinates[1], f.geometry.coordinates[0]] }));
      labels.setPositions(stations);
    },
    () => {},
  );
  return labels;
}

/** Feed readings into the live state and the map; alarms to `onAlarm`, ticket moves to `onTicket`. */
export function startLive({ tiles, labels }, { onAlarm, onTicket, statusElement } = {}) {
  const setStatus = (up) => {
    if (statusElement) {
      statusElement.classList.toggle("up", up);
      statusElement.title = up ? t("live.connected") : t("live.offline");
    }
    if (!up) toast(t("live.offline"), "warn");
  };
  // a station is redrawn once a frame however many of its readings came in that frame
  const changed = new Set();
  let frame = 0;
  const redraw = () => {
    frame = 0;
    for (const stationId of changed) {
      tiles.updateStation(stationId);
      labels.update(stationId, stationSummary(stationId));
    }
    changed.clear();
  };
  const client = new LiveClient({
    onMessage: (message) => {
      if (message.type === "reading" && message.station_id != null) {
        recordReading(message);
        changed.add(message.station_id);
        frame ||= requestAnimationFrame(redraw);
      } else if (message.type === "alarm") {
        onAlarm?.(message);
      } else if (message.type === "ticket") {
        onTicket?.(message);
      }
    },
    onStatus: setStatus,
  });
  const started = client.start();
  // the latest stored values, so a station shows its value before it next reports
  api.stationsAt(new Date().toISOString()).then(
    (answer) => {
      for (const reading of answer?.readings ?? []) {
        if (reading.station_id == null || !seedReading(reading)) continue;
        tiles.updateStation(reading.station_id);
        labels.update(reading.station_id, stationSummary(reading.station_id));
      }
    },
    () => {},
  );
  return started;
}

/** A clock for the control room, one element updated every second. */
export function clock() {
  const element = h("time", { class: "clock" });
  const tick = () => {
    const now = new Date();
    element.dateTime = now.toISOString();
    element.textContent = `${now.getFullYear()}-${formatTime(now)}`;
  };
  tick();
  setInterval(tick, 1000);
  return element;
}

/** The small dot in the header that shows whether the live feed is connected. */
export function liveDot() {
  return h("span", { class: "live-dot", title: t("live.offline"), "aria-hidden": "true" });
}
