// The control-room big screen: dark, large type scaled to the viewport, KPIs, the alarm
// ticker, live station values, and tiles that refresh themselves. It runs for days: every
// list is capped, every timer is created once, and tile refreshes swap rather than grow.
import * as api from "../api.js";
import { loadCatalog, versionOf } from "../catalog.js";
import { mountAlarmTicker } from "../ui/alarmTicker.js";
import { featureName } from "../i18n.js";
import { h } from "../ui/dom.js";
import { FeaturePanel } from "../ui/featurePanel.js";
import { mountKpis } from "../ui/kpiPanel.js";
import { markLiveDuringReplay } from "../ui/liveMark.js";
import { mountLayerTree } from "../ui/layerTree.js";
import { mountModuleMenu } from "../ui/moduleMenu.js";
import { overlayGroup } from "../ui/overlayGroup.js";
import { mountProgramKpis } from "../ui/programKpis.js";
import { mountRasterGroup } from "../ui/rasterGroup.js";
import { mountTimeSlider } from "../ui/timeSlider.js";
import { mountTopbar } from "../ui/topbar.js";
import { clock, liveDot, startLive, startMap, stationDirectory } from "./common.js";
import { enterpriseButtons, startPrograms } from "./programs.js";

const REFRESH_MS = 60000;
// without layer versions from the catalog, tiles are re-fetched on this clock
const BLIND_REFRESH_MS = 5 * 60000;

export function mountScreen(root, { catalog, config, bounds, extent, user, role, modes }) {
  document.documentElement.classList.add("theme-dark");
  document.body.classList.add("theme-dark");
  const dot = liveDot();
  const tools = h("div", { class: "tools" }, dot, clock());
  mountTopbar(root, { mode: "screen", modes, user, extra: tools });
  const left = root.appendChild(h("div", { class: "column left" }));
  const mapBox = root.appendChild(h("main", { class: "map", id: "map" }));
  const right = root.appendChild(h("div", { class: "column right" }));
  const scale = Math.min(2.5, Math.max(1, window.innerWidth / 1920));
  const mapView = startMap(mapBox, { catalog, config, bounds, extent, scale, zoomControl: false });
  const { map, tiles, highlight } = mapView;

  const kpis = mountKpis(left);
  const { overlays, host } = startPrograms(mapView, { role, user, catalog, scale }, right, {
    onShow: (element) => right.prepend(element),
  });
  const programKpis = mountProgramKpis(left, { onChoose: (id) => host.open(id) });
  mountLayerTree(left, { catalog, tiles, extras: [overlayGroup(overlays), mountRasterGroup(map, { scale })] });
  mountModuleMenu(tools, host);
  // the wall shows every open ticket where it is
  overlays.show("tickets");
  const panel = new FeaturePanel(right, {
    catalog,
    dark: true,
    actions: (feature) => enterpriseButtons(host, feature),
    onTicket: (ticket) => host.open("tickets", { ticketId: ticket.id }),
    showTickets: true,
  });
  panel.onClose = () => highlight.show(null);
  const nameOf = (stationId) => featureName(stationDirectory.get(String(stationId)));
  const focusAlarm = async (alarm) => {
    if (alarm.station_id == null) return;
    const station = catalog.layers.find((l) => l.live) ?? { id: "stations", title: "stations" };
    const hit =
      alarm.lon != null && alarm.lat != null
        ? { type: "Feature", geometry: { type: "Point", coordinates: [alarm.lon, alarm.lat] }, properties: null }
        : await api.collectionItem(station.id, alarm.station_id).catch(() => null);
    if (hit?.geometry) {
      highlight.show(hit);
      map.flyTo([hit.geometry.coordinates[1], hit.geometry.coordinates[0]], Math.max(map.getZoom(), 16));
    }
    const properties = hit?.properties ?? stationDirectory.get(String(alarm.station_id)) ?? { code: alarm.station_code };
    panel.open({ layer: station, id: alarm.station_id, properties });
    right.prepend(panel.root);
  };
  const ticker = mountAlarmTicker(right, { cap: 30, nameOf, onChoose: focusAlarm });
  window.parkmap.timeSlider = mountTimeSlider(map, { nameOf, onAlarm: focusAlarm });
  // the wall's indicators and alarms stay live while the map replays, and say so
  markLiveDuringReplay([kpis.element, programKpis.element, ticker.element]);
  tiles.on("featureclick", (e) => {
    if (host.takeFeature(e)) return;
    panel.open(e);
    right.prepend(panel.root);
  });
  map.on("click", (e) => host.takeMapClick(e.latlng, e.originalEvent));
  let recount = null;
  const alarmed = (alarm) => {
    ticker.push(alarm);
    // the counts follow the alarms, once a burst has passed
    clearTimeout(recount);
    recount = setTimeout(kpis.refresh, 2000);
  };
  startLive(mapView, { onAlarm: alarmed, onTicket: () => overlays.refreshSoon("tickets"), statusElement: dot });
  window.parkmap.programs = host;
  window.parkmap.overlays = overlays;
  keepTilesFresh(tiles, catalog);
  window.addEventListener("resize", () => map.invalidateSize());
}

/** Re-read the catalog every minute and re-fetch tiles when a layer's data version moved. */
function keepTilesFresh(tiles, catalog) {
  let version = versionOf(catalog.layers);
  let lastBlind = Date.now();
  setInterval(async () => {
    const fresh = await loadCatalog();
    if (fresh.error) return;
    const next = versionOf(fresh.layers);
    if (next !== null) {
      if (next !== version) {
        version = next;
        tiles.refresh(next);
      }
    } else if (Date.now() - lastBlind >= BLIND_REFRESH_MS) {
      lastBlind = Date.now();
      tiles.refresh(String(Math.floor(lastBlind / BLIND_REFRESH_MS)));
    }
  }, REFRESH_MS);
}
