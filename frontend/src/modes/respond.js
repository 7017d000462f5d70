// The full map for a laptop or tablet in the command vehicle: layer tree, search, feature
// cards, the park programs, and the incident workflow for roles that may run it. The right
// column is a stack of panels, the one opened last on top.
import { featureName, onLangChange, t } from "../i18n.js";
import { can } from "../roles.js";
import { h } from "../ui/dom.js";
import { FeaturePanel } from "../ui/featurePanel.js";
import { IncidentPanel } from "../ui/incidentPanel.js";
import { mountLayerTree } from "../ui/layerTree.js";
import { mountModuleMenu } from "../ui/moduleMenu.js";
import { overlayGroup } from "../ui/overlayGroup.js";
import { mountRasterGroup } from "../ui/rasterGroup.js";
import { locateHit, mountSearch } from "../ui/search.js";
import { mountTimeSlider } from "../ui/timeSlider.js";
import { mountTopbar } from "../ui/topbar.js";
import { liveDot, startLive, startMap, stationDirectory } from "./common.js";
import { enterpriseButtons, startPrograms } from "./programs.js";

export function mountRespond(root, { catalog, config, bounds, extent, user, role, modes }) {
  const dot = liveDot();
  const tools = h("div", { class: "tools" }, dot);
  mountTopbar(root, { mode: "respond", modes, user, extra: tools });
  const side = root.appendChild(h("div", { class: "column left" }));
  const mapBox = root.appendChild(h("main", { class: "map", id: "map" }));
  const right = root.appendChild(h("div", { class: "column right" }));
  const mapView = startMap(mapBox, { catalog, config, bounds, extent });
  const { map, tiles, highlight } = mapView;
  const toTop = (element) => {
    right.prepend(element);
    right.scrollTop = 0;
  };

  const { overlays, host } = startPrograms(mapView, { role, user, catalog }, right, { onShow: toTop });
  const panel = new FeaturePanel(right, {
    catalog,
    showTickets: can(role, "tickets"),
    actions: (feature) => enterpriseButtons(host, feature),
    onTicket: (ticket) => host.open("tickets", { ticketId: ticket.id }),
  });
  panel.onClose = () => highlight.show(null);
  const openCard = (feature) => {
    panel.open(feature);
    toTop(panel.root);
  };
  mountSearch(side, {
    catalog,
    onChoose: async (hit) => {
      const feature = await locateHit(map, catalog, hit);
      highlight.show(feature.geojson.geometry ? feature.geojson : null);
      openCard(feature);
    },
  });
  mountLayerTree(side, { catalog, tiles, extras: [overlayGroup(overlays), mountRasterGroup(map, { scale: 1 })] });
  mountModuleMenu(tools, host);

  let incident = null;
  // before the incident panel's own handler: a click that picks the release point is its alone
  map.on("click", (e) => {
    if (incident?.picking) return;
    host.takeMapClick(e.latlng, e.originalEvent);
  });
  if (can(role, "incident")) {
    incident = new IncidentPanel(right, map);
    const start = h("button", { class: "primary incident-start", onclick: () => { panel.close(); incident.start(); toTop(incident.root); } }, t("incident.start"));
    onLangChange(() => (start.textContent = t("incident.start")));
    tools.prepend(start);
  }
  tiles.on("featureclick", (e) => {
    if (incident?.takeFeature(e, e.latlng)) return;
    if (host.takeFeature(e)) return;
    highlight.show(null);
    openCard(e);
  });
  const station = catalog.layers.find((l) => l.live);
  window.parkmap.timeSlider = mountTimeSlider(map, {
    nameOf: (stationId) => featureName(stationDirectory.get(String(stationId))),
    onAlarm: (alarm) => {
      if (alarm.lon != null && alarm.lat != null) map.flyTo([alarm.lat, alarm.lon], Math.max(map.getZoom(), 16));
      if (station) openCard({ layer: station, id: alarm.station_id, properties: stationDirectory.get(String(alarm.station_id)) ?? { code: alarm.station_code } });
    },
  });
  startLive(mapView, { statusElement: dot, onTicket: () => overlays.refreshSoon("tickets") });
  window.parkmap.programs = host;
  window.parkmap.overlays = overlays;
  window.parkmap.card = panel;
  window.addEventListener("resize", () => map.invalidateSize());
}
