// The inspector's phone: one thumb, big targets. Map on top, a sheet below with "locate me",
// what is nearest (places and monitoring stations), the card of the chosen site and the
// inspection form.
import L from "leaflet";
import { onLangChange, t } from "../i18n.js";
import { LocationLayer } from "../layers/LocationLayer.js";
import { can } from "../roles.js";
import { h } from "../ui/dom.js";
import { FeaturePanel } from "../ui/featurePanel.js";
import { renderInspectionForm } from "../ui/inspectionForm.js";
import { mountLayerTree } from "../ui/layerTree.js";
import { mountModuleMenu } from "../ui/moduleMenu.js";
import { mountNearbyList } from "../ui/nearbyList.js";
import { overlayGroup } from "../ui/overlayGroup.js";
import { mountRasterGroup } from "../ui/rasterGroup.js";
import { locateHit, mountSearch } from "../ui/search.js";
import { mountTopbar } from "../ui/topbar.js";
import { startLive, startMap } from "./common.js";
import { enterpriseButtons, startPrograms } from "./programs.js";

export function mountField(root, { catalog, config, bounds, extent, user, role, modes }) {
  mountTopbar(root, { mode: "field", modes, user });
  const mapBox = root.appendChild(h("main", { class: "map", id: "map" }));
  const sheet = root.appendChild(h("section", { class: "sheet" }));
  const mapView = startMap(mapBox, { catalog, config, bounds, extent, zoomControl: false });
  const { map, tiles, highlight } = mapView;
  const here = new LocationLayer().addTo(map);
  let position = null;

  const home = h("div", { class: "sheet-home" });
  const card = h("div", { class: "sheet-card" });
  const formBox = h("div", { class: "sheet-form", hidden: true });
  const moduleBox = h("div", { class: "sheet-module", hidden: true });
  sheet.append(home, card, formBox, moduleBox);
  const { overlays, host } = startPrograms(mapView, { role, user, catalog }, moduleBox, {
    onShow: () => {
      for (const box of [home, card, formBox]) box.hidden = true;
      moduleBox.hidden = false;
      sheet.scrollTop = 0;
    },
    onHide: () => {
      moduleBox.hidden = true;
      home.hidden = false;
      card.hidden = true;
    },
  });

  const layersButton = h("button", { class: "map-button layers-button", "aria-label": t("layers") }, "☰");
  const layersBox = h("div", { class: "layers-popover", hidden: true });
  mapBox.append(layersButton, layersBox);
  mountLayerTree(layersBox, { catalog, tiles, extras: [overlayGroup(overlays), mountRasterGroup(map)] });
  layersButton.addEventListener("click", () => (layersBox.hidden = !layersBox.hidden));
  L.DomEvent.disableClickPropagation(layersBox);
  L.DomEvent.disableScrollPropagation(layersBox);
  L.DomEvent.disableClickPropagation(layersButton);
  mountModuleMenu(mapBox, host, { className: "map-button" });
  const locateButton = h("button", { class: "primary big locate" }, t("field.locate"));
  const status = h("p", { class: "locate-status", role: "status" });
  mountSearch(home, {
    catalog,
    onChoose: async (hit) => {
      const feature = await locateHit(map, catalog, hit);
      choose(feature);
    },
  });
  home.append(locateButton, status, h("h2", {}, t("field.nearest")));
  const nearby = mountNearbyList(home, { catalog, onChoose: (feature) => choose(feature) });

  const inspectButton = (feature) =>
    can(role, "inspect") && /enterprise|outfall/.test(feature.layer?.id ?? "")
      ? h("button", { class: "primary big inspect", onclick: () => openForm(feature) }, t("field.inspect"))
      : null;
  const panel = new FeaturePanel(card, {
    catalog,
    showTickets: can(role, "tickets"),
    actions: (f) => [inspectButton(f), ...enterpriseButtons(host, f)],
    onTicket: (ticket) => host.open("tickets", { ticketId: ticket.id }),
  });
  panel.onClose = () => {
    highlight.show(null);
    home.hidden = false;
  };

  const choose = (feature) => {
    if (host.active) host.close();
    home.hidden = true;
    formBox.hidden = true;
    card.hidden = false;
    highlight.show(feature.geojson?.geometry ? feature.geojson : null);
    panel.open(feature);
    sheet.scrollTop = 0;
  };

  const openForm = (feature) => {
    card.hidden = true;
    formBox.hidden = false;
    const back = () => {
      formBox.hidden = true;
      card.hidden = false;
    };
    renderInspectionForm(formBox, { target: feature, position, onDone: back, onCancel: back });
    sheet.scrollTop = 0;
  };

  const locate = () => {
    if (!navigator.geolocation) {
      status.textContent = t("field.denied", { reason: "geolocation" });
      return;
    }
    locateButton.disabled = true;
    status.textContent = t("field.locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        locateButton.disabled = false;
        position = { lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: pos.coords.accuracy };
        status.textContent = t("field.located", { m: Math.round(pos.coords.accuracy) });
        here.setPosition([position.lat, position.lng], position.accuracy);
        map.setView([position.lat, position.lng], Math.max(map.getZoom(), 16));
        nearby.list(position);
      },
      (err) => {
        locateButton.disabled = false;
        status.textContent = t("field.denied", { reason: err.message || err.code });
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 10000 },
    );
  };
  locateButton.addEventListener("click", locate);

  tiles.on("featureclick", (e) => {
    layersBox.hidden = true;
    if (host.takeFeature(e)) return;
    choose(e);
  });
  map.on("click", (e) => host.takeMapClick(e.latlng, e.originalEvent));
  onLangChange(() => {
    locateButton.textContent = t("field.locate");
    home.querySelector("h2").textContent = t("field.nearest");
    if (position) nearby.list(position);
    else nearby.hint();
  });
  startLive(mapView, { onTicket: () => overlays.refreshSoon("tickets") });
  window.parkmap.programs = host;
  window.parkmap.overlays = overlays;
  window.addEventListener("resize", () => map.invalidateSize());
}
