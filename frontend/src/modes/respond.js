// The full map for a laptop or tablet in the command vehicle: layer tree, search, feature
// cards, and the incident workflow for roles that may run it.
import { t, onLangChange } from "../i18n.js";
import { can } from "../roles.js";
import { h } from "../ui/dom.js";
import { FeaturePanel } from "../ui/featurePanel.js";
import { IncidentPanel } from "../ui/incidentPanel.js";
import { mountLayerTree } from "../ui/layerTree.js";
import { locateHit, mountSearch } from "../ui/search.js";
import { mountTopbar } from "../ui/topbar.js";
import { liveDot, startLive, startMap } from "./common.js";

export function mountRespond(root, { catalog, config, bounds, extent, user, role, modes }) {
  const dot = liveDot();
  const tools = h("div", { class: "tools" }, dot);
  mountTopbar(root, { mode: "respond", modes, user, extra: tools });
  const side = root.appendChild(h("div", { class: "column left" }));
  const mapBox = root.appendChild(h("main", { class: "map", id: "map" }));
  const right = root.appendChild(h("div", { class: "column right" }));
  const mapView = startMap(mapBox, { catalog, config, bounds, extent });
  const { map, tiles, highlight } = mapView;

  const panel = new FeaturePanel(right, { catalog, showTickets: can(role, "tickets") });
  panel.onClose = () => highlight.show(null);
  mountSearch(side, {
    catalog,
    onChoose: async (hit) => {
      const feature = await locateHit(map, catalog, hit);
      highlight.show(feature.geojson.geometry ? feature.geojson : null);
      panel.open(feature);
    },
  });
  mountLayerTree(side, { catalog, tiles });

  let incident = null;
  if (can(role, "incident")) {
    incident = new IncidentPanel(right, map);
    const start = h("button", { class: "primary incident-start", onclick: () => { panel.close(); incident.start(); } }, t("incident.start"));
    onLangChange(() => (start.textContent = t("incident.start")));
    tools.prepend(start);
  }
  tiles.on("featureclick", (e) => {
    if (incident?.takeFeature(e, e.latlng)) return;
    highlight.show(null);
    panel.open(e);
  });
  startLive(mapView, { statusElement: dot });
  window.addEventListener("resize", () => map.invalidateSize());
}
