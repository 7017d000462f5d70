// The layer tree's "programs" group: one checkbox per program overlay the role may see, with
// its colour legend while it is shown.
import { onLangChange, t, word } from "../i18n.js";
import { h, fill } from "./dom.js";

const LEGEND_PREFIX = {
  tickets: "ticket.state",
  carbon: "carbon.level",
  outfalls: "outfall.status",
  rain_gates: "gate.state",
  voc: "voc.role",
};

export function overlayGroup(overlays) {
  const box = h("fieldset", { class: "group overlay-group", dataset: { group: "programs" } });
  const render = () => {
    if (!overlays.available.length) {
      fill(box);
      box.hidden = true;
      return;
    }
    fill(
      box,
      h("legend", {}, t("overlays.title")),
      overlays.available.map((def) => {
        const shown = overlays.isShown(def.id);
        return h("div", { class: "layer-row", dataset: { overlay: def.id } },
          h("label", {},
            h("input", { type: "checkbox", checked: shown, dataset: { overlay: def.id }, onchange: (e) => overlays.toggle(def.id, e.target.checked) }),
            h("span", { class: "swatch-dot", style: { background: Object.values(def.colours)[0] } }),
            h("span", { class: "layer-title" }, t(`overlay.${def.id}`)),
          ),
          shown && h("ul", { class: "legend" },
            Object.entries(def.colours).map(([value, colour]) =>
              h("li", {}, h("span", { class: "swatch-dot", style: { background: colour } }), word(LEGEND_PREFIX[def.id], value))),
            def.ring && h("li", {}, h("span", { class: "swatch-dot ringed" }), t(`overlay.${def.id}.ring`)),
          ),
        );
      }),
    );
  };
  render();
  overlays.on("visibility", render);
  onLangChange(render);
  return box;
}
