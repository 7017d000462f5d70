// The layer tree: groups from the catalog, one checkbox per layer, its legend underneath
// while it is shown. Layers of a choice (several fills of the same features) are one set of
// radio buttons, with "none", placed where the first of them would be: two fills of the same
// plots would blend, and neither legend would match what is drawn. Toggling restyles or
// re-fetches through ParkTileLayer. Groups that are not catalog layers (program overlays,
// remote sensing) come in as `extras`: elements that keep themselves up to date and are
// placed after the catalog's groups.
import { local, onLangChange, t } from "../i18n.js";
import { legendSwatch } from "../layers/styles.js";
import { h, fill } from "./dom.js";

const SVG_NS = "http://www.w3.org/2000/svg";

export function mountLayerTree(parent, { catalog, tiles, collapsed = false, extras = [] }) {
  const box = parent.appendChild(h("section", { class: "panel layer-tree", "aria-label": "layers" }));
  const render = () => {
    if (!catalog.layers.length) {
      fill(box, h("h2", {}, t("layers")), h("p", { class: "empty" }, t("layers.none")), extras);
      return;
    }
    const groups = catalog.groups.length ? catalog.groups : [{ id: null, title: "" }];
    const known = new Set(groups.map((g) => g.id));
    fill(
      box,
      h("details", { open: !collapsed },
        h("summary", {}, h("h2", {}, t("layers"))),
        groups.map((group) => {
          const members = catalog.layers.filter((l) => l.group === group.id || (!known.has(l.group) && group === groups[0]));
          if (!members.length) return null;
          return h("fieldset", { class: "group", dataset: { group: group.id ?? "" } },
            group.id !== null && h("legend", {}, local(group.title)),
            members.map((layer) => {
              if (!layer.choice) return layerRow(layer, tiles);
              const options = catalog.layers.filter((l) => l.choice === layer.choice);
              return options[0] === layer ? choiceBlock(catalog, layer.choice, options, tiles) : null;
            }),
          );
        }),
        extras,
      ),
    );
  };
  render();
  onLangChange(render);
  tiles.on("visibility", render);
  return box;
}

function layerRow(layer, tiles, input = null) {
  const visible = tiles.isVisible(layer.id);
  input ??= h("input", {
    type: "checkbox",
    checked: visible,
    dataset: { layer: layer.id },
    onchange: (event) => tiles.setVisible(layer.id, event.target.checked),
  });
  return h("div", { class: "layer-row", dataset: { layer: layer.id } },
    h("label", {}, input, swatch(layer), h("span", { class: "layer-title" }, local(layer.title))),
    visible && legendList(layer),
  );
}

function legendList(layer) {
  if (!(layer.legend?.length > 1)) return null;
  return h("ul", { class: "legend" },
    layer.legend.map((entry) => h("li", {}, swatch(layer, entry.style), local(entry.label))),
  );
}

/** One radio button a layer of the choice, and "none". */
function choiceBlock(catalog, choice, options, tiles) {
  const name = `choice-${choice}`;
  const radio = (id) => h("input", {
    type: "radio",
    name,
    value: id ?? "",
    checked: tiles.chosen(choice) === id,
    dataset: { choice, ...(id ? { layer: id } : {}) },
    onchange: () => tiles.choose(choice, id),
  });
  const title = catalog.choices?.find((c) => c.id === choice)?.title;
  return h("fieldset", { class: "layer-choice", dataset: { choice } },
    title && h("legend", {}, local(title)),
    options.map((layer) => layerRow(layer, tiles, radio(layer.id))),
    h("div", { class: "layer-row", dataset: { layer: "" } },
      h("label", {}, radio(null), h("span", { class: "layer-title" }, t("layers.choice.none")))),
  );
}

/** A small SVG sample of a layer's (or legend entry's) style. */
export function swatch(layer, style) {
  const s = legendSwatch(layer, style);
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "swatch");
  svg.setAttribute("viewBox", "0 0 20 14");
  svg.setAttribute("aria-hidden", "true");
  let shape;
  if (layer.kind === "line") {
    shape = document.createElementNS(SVG_NS, "line");
    Object.entries({ x1: 1, y1: 7, x2: 19, y2: 7 }).forEach(([k, v]) => shape.setAttribute(k, v));
  } else if (layer.kind === "circle") {
    shape = document.createElementNS(SVG_NS, "circle");
    Object.entries({ cx: 10, cy: 7, r: 5 }).forEach(([k, v]) => shape.setAttribute(k, v));
  } else {
    shape = document.createElementNS(SVG_NS, "rect");
    Object.entries({ x: 2, y: 2, width: 16, height: 10 }).forEach(([k, v]) => shape.setAttribute(k, v));
  }
  shape.setAttribute("stroke", s.stroke === false ? "none" : s.color ?? "#3b6ea8");
  shape.setAttribute("stroke-width", Math.min(s.weight ?? 1.5, 4));
  if (s.dashArray) shape.setAttribute("stroke-dasharray", s.dashArray);
  const filled = layer.kind !== "line" && s.fill !== false;
  shape.setAttribute("fill", filled ? s.fillColor ?? s.color ?? "#6fa0d8" : "none");
  if (filled) shape.setAttribute("fill-opacity", Math.max(s.fillOpacity ?? 0.5, 0.35));
  svg.append(shape);
  return svg;
}
