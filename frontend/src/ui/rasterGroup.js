// The layer tree's remote-sensing group: a scene by date, what to draw (true colour, NDVI,
// water index, thermal), opacity, the legend; a second date to swipe-compare with, or the
// change between the two dates as a layer of its own.
import * as api from "../api.js";
import { currentLang, featureName, onLangChange, t } from "../i18n.js";
import { SceneLayer } from "../layers/SceneLayer.js";
import { SwipeControl } from "../layers/SwipeControl.js";
import { h, fill, formatNumber } from "./dom.js";
import { failure } from "./kit.js";

const title = (o) => (currentLang() === "en" ? o.title_en : o.title_zh) ?? o.title_en ?? o.id;

export function mountRasterGroup(map, { scale = 1 } = {}) {
  const box = h("fieldset", { class: "group raster-group", dataset: { group: "remote_sensing" } });
  const state = { shown: false, a: null, b: null, layer: "truecolor", opacity: 0.85, mode: "single" };
  let catalog = null;
  let failed = null;
  let drawn = [];
  let swipe = null;

  const scene = (name) => catalog.scenes.find((s) => s.name === name);
  const layersOf = (name) => scene(name)?.layers ?? [];
  const index = (id) => catalog.indices.find((ix) => ix.id === id) ?? null;

  const clear = () => {
    swipe?.remove();
    swipe = null;
    for (const layer of drawn) layer.remove();
    drawn = [];
  };

  const tileLayer = (name) => {
    const entry = layersOf(name).find((l) => l.id === state.layer) ?? layersOf(name)[0];
    const template = entry && api.rasterTemplate(entry.tiles);
    return template ? new SceneLayer(template, scene(name), { opacity: state.opacity }) : null;
  };

  const draw = () => {
    clear();
    if (!state.shown || !catalog || !state.a) return;
    if (state.mode === "change" && state.b && state.b !== state.a && index(state.layer)) {
      // the change is always later minus earlier, whichever date was picked first
      const [before, after] = [scene(state.a), scene(state.b)].sort((x, y) => String(x.acquired).localeCompare(String(y.acquired)));
      const template = api.rasterTemplate(catalog.change.tiles
        .replace("{scene_a}", encodeURIComponent(before.name))
        .replace("{scene_b}", encodeURIComponent(after.name))
        .replace("{index}", encodeURIComponent(state.layer)));
      if (template) drawn = [new SceneLayer(template, before, { opacity: state.opacity, className: "change-layer" }).addTo(map)];
    } else {
      const left = tileLayer(state.a);
      if (left) drawn.push(left.addTo(map));
      if (state.mode === "swipe" && state.b && state.b !== state.a) {
        const right = tileLayer(state.b);
        if (right && left) {
          drawn.push(right.addTo(map));
          swipe = new SwipeControl(left, right, { leftLabel: dateOf(scene(state.a)), rightLabel: dateOf(scene(state.b)) }).addTo(map);
        }
      }
    }
  };

  const set = (changes) => {
    Object.assign(state, changes);
    draw();
    render();
  };

  const render = () => {
    const legendTitle = h("legend", {}, t("rs.title"));
    if (failed) return fill(box, legendTitle, h("p", { class: "empty" }, failure(failed)));
    if (!catalog) return fill(box, legendTitle, h("p", { class: "empty" }, t("panel.loading")));
    if (!catalog.scenes.length) return fill(box, legendTitle, h("p", { class: "empty" }, t("rs.none")));
    const dates = catalog.scenes.map((s) => [s.name, `${dateOf(s)}${s.synthetic ? ` ${t("rs.synthetic")}` : ""}`]);
    const kinds = layersOf(state.a).map((l) => [l.id, title(l)]);
    const legend = state.mode === "change" ? index(state.layer)?.change_legend : index(state.layer)?.legend;
    fill(box, legendTitle,
      h("div", { class: "layer-row" }, h("label", {},
        h("input", { type: "checkbox", checked: state.shown, dataset: { raster: "shown" }, onchange: (e) => set({ shown: e.target.checked }) }),
        h("span", { class: "layer-title" }, t("rs.show")))),
      state.shown && h("div", { class: "raster-controls" },
        control(t("rs.date"), "raster-date", dates, state.a, (v) => set({ a: v })),
        control(t("rs.layer"), "raster-layer", kinds, state.layer, (v) => set({ layer: v })),
        h("label", { class: "form-field" }, h("span", {}, `${t("rs.opacity")} ${Math.round(state.opacity * 100)} %`),
          h("input", { type: "range", name: "raster-opacity", min: "0", max: "1", step: "0.05", value: String(state.opacity), oninput: (e) => {
            state.opacity = Number(e.target.value);
            for (const layer of drawn) layer.setOpacity(state.opacity);
            e.target.previousSibling.textContent = `${t("rs.opacity")} ${Math.round(state.opacity * 100)} %`;
          } })),
        dates.length > 1 && h("div", { class: "raster-modes" },
          ["single", "swipe", "change"].map((mode) => h("label", { class: "choice" },
            h("input", { type: "radio", name: "raster-mode", value: mode, checked: state.mode === mode, disabled: mode === "change" && !index(state.layer), onchange: () => set({ mode }) }),
            t(`rs.mode.${mode}`)))),
        state.mode !== "single" && dates.length > 1 && control(state.mode === "swipe" ? t("rs.compare") : t("rs.against"), "raster-date-b", dates, state.b, (v) => set({ b: v })),
        legend && legendBar(legend, state.mode === "change"),
        state.mode === "change" && changeRanking(state, scene),
        state.mode === "swipe" && h("p", { class: "row-sub" }, t("rs.swipe_hint")),
      ),
    );
  };

  api.rasterCatalog().then(
    (answer) => {
      catalog = { scenes: answer?.scenes?.filter((s) => s.available !== false) ?? [], indices: answer?.indices ?? [], change: answer?.change ?? {} };
      catalog.scenes.sort((x, y) => String(x.acquired).localeCompare(String(y.acquired)));
      const newest = catalog.scenes[catalog.scenes.length - 1];
      state.a = newest?.name ?? null;
      state.b = catalog.scenes.length > 1 ? catalog.scenes[catalog.scenes.length - 2].name : null;
      render();
    },
    (err) => {
      failed = err;
      render();
    },
  );
  render();
  onLangChange(render);
  const handle = { element: box, state: () => ({ ...state }), set, swipe: () => swipe, layers: () => drawn };
  box.rasters = handle;
  if (window.parkmap) window.parkmap.rasters = handle;
  return box;
}

/** The enterprises whose index changed most between the two dates (later minus earlier). */
function changeRanking(state, scene) {
  const box = h("div", { class: "change-ranking" });
  if (!state.b || state.b === state.a) return box;
  const [before, after] = [scene(state.a), scene(state.b)].sort((x, y) => String(x.acquired).localeCompare(String(y.acquired)));
  api.rasterChangeRanking({ a: before.name, b: after.name, index: state.layer, limit: 5 }).then(
    (answer) => fill(box, h("div", { class: "legend-title" }, t("rs.most_changed")),
      h("ol", { class: "plain" }, answer.ranking.map((r) => h("li", {}, `${featureName(r)} `, h("span", { class: r.delta < 0 ? "alert" : "" }, `${r.delta > 0 ? "+" : ""}${formatNumber(r.delta)}`))))),
    () => fill(box),
  );
  return box;
}

function dateOf(scene) {
  return String(scene?.acquired ?? "").slice(0, 10);
}

function control(label, name, options, value, onChange) {
  return h("label", { class: "form-field" }, h("span", {}, label),
    h("select", { name, onchange: (e) => onChange(e.target.value) },
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
}

/** A colour ramp from the legend's stops, with its ends and unit. */
function legendBar(legend, change) {
  const stops = legend.stops ?? [];
  const span = (legend.max - legend.min) || 1;
  const gradient = stops.map((s) => `${s.color} ${(100 * (s.value - legend.min)) / span}%`).join(", ");
  return h("div", { class: "raster-legend", dataset: { change: String(change) } },
    h("div", { class: "legend-title" }, title(legend), legend.unit ? ` (${legend.unit})` : ""),
    h("div", { class: "ramp", style: { background: `linear-gradient(to right, ${gradient})` } }),
    h("div", { class: "ramp-ends" }, h("span", {}, formatNumber(legend.min)), h("span", {}, formatNumber((legend.min + legend.max) / 2)), h("span", {}, formatNumber(legend.max))));
}
