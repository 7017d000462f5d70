// The park programs in a layout: their overlays on the map, the module host, and the buttons
// an enterprise's card gets to open its carbon units, tickets and audit.
import { OverlaySet } from "../overlays.js";
import { ModuleHost } from "../programs/host.js";
import { nameOf, t } from "../i18n.js";
import { h } from "../ui/dom.js";

const CARD_MODULES = ["tickets", "carbon", "cleaner"];

export function startPrograms(view, { role, user, catalog, scale = 1 }, parent, placement = {}) {
  const { map, tiles, highlight } = view;
  const overlays = new OverlaySet(map, { role, tiles, scale });
  const host = new ModuleHost(parent, { map, tiles, overlays, highlight, catalog, role, user, scale }, placement);
  return { overlays, host };
}

/** Buttons on an enterprise's card that open a module on that enterprise. */
export function enterpriseButtons(host, feature) {
  if (!/^enterprises/.test(feature.layer?.id ?? "") || feature.id == null) return [];
  return CARD_MODULES.filter((id) => host.ids.includes(id)).map((id) =>
    h("button", {
      type: "button",
      class: "secondary open-module",
      dataset: { module: id },
      onclick: () => host.open(id, { enterpriseId: feature.id, enterpriseName: nameOf(feature.properties) }),
    }, t(`module.${id}`)));
}
