// The inspector's "nearby" list: the enterprises and outfalls closest to where they stand, and
// the closest monitoring stations with the value and state each shows now (kept current as
// readings arrive, or the replayed moment's while the time slider shows the past).
import * as api from "../api.js";
import { layerById } from "../catalog.js";
import { boxAround, distanceToGeometry, formatDistance } from "../geo.js";
import { featureName, local, t, word } from "../i18n.js";
import { LEVEL_COLOURS } from "../layers/styles.js";
import { onReading, onReplay, stationSummary } from "../liveState.js";
import { parameterLabel } from "../parameters.js";
import { h, fill, formatNumber } from "./dom.js";

const NEAR_METRES = 2000;
const PLACES_SHOWN = 6;
const STATIONS_SHOWN = 3;
const PLACE_COLLECTIONS = ["enterprises", "outfalls"];

/**
 * Mount the list in `parent`. `onChoose(feature)` opens a row's card; `list(position)` fills
 * the list around `{lat, lng}`; `hint()` shows the invitation to locate.
 */
export function mountNearbyList(parent, { catalog, onChoose }) {
  const root = parent.appendChild(h("ol", { class: "nearest" }));
  const stationLayer = catalog.layers.find((layer) => layer.live && layer.items !== null);
  const collections = [...PLACE_COLLECTIONS, ...(stationLayer ? [stationLayer.id] : [])];
  const values = new Map(); // station id -> the row's value element
  let request = null;

  const showValue = (stationId) => {
    const element = values.get(String(stationId));
    if (!element) return;
    const summary = stationSummary(stationId);
    if (!summary) {
      fill(element, t("panel.nodata"));
      element.dataset.level = "none";
      return;
    }
    const flag = summary.flag && summary.flag !== "N" ? ` (${word("flag", summary.flag)})` : "";
    const level = summary.level in LEVEL_COLOURS ? summary.level : "unknown";
    element.dataset.level = level;
    fill(element,
      h("span", { class: "dot", style: { background: LEVEL_COLOURS[level] } }),
      `${parameterLabel(summary.parameter)} ${formatNumber(summary.value)}${flag}`,
      level !== "unknown" && ` · ${t(`level.${level}`)}`,
    );
  };
  onReading((stationId) => showValue(stationId));
  onReplay(() => values.forEach((_, id) => showValue(id)));

  const row = (near) => {
    const layer = layerById(catalog.layers, near.collection) ?? { id: near.collection };
    const id = near.feature.id ?? near.feature.properties?.id;
    const isStation = near.collection === stationLayer?.id;
    const value = isStation ? h("span", { class: "near-value" }) : null;
    if (value) values.set(String(id), value);
    return h("li", {},
      h("button", {
        class: "near big",
        dataset: { collection: near.collection, id: String(id) },
        onclick: () => onChoose({ layer, id, properties: near.feature.properties ?? {}, geojson: near.feature }),
      },
        h("span", { class: "near-name" }, featureName(near.feature.properties) || id),
        h("span", { class: "near-kind" }, local(layer.title) || near.collection),
        h("span", { class: "near-distance" }, formatDistance(near.metres)),
        value,
      ),
    );
  };

  const list = async (position) => {
    request?.abort();
    const current = (request = new AbortController());
    const bbox = boxAround(position, NEAR_METRES);
    const answers = await Promise.allSettled(
      collections.map((c) => api.collectionItems(c, { bbox, limit: 200, signal: current.signal })),
    );
    if (current.signal.aborted) return;
    const places = [];
    const stations = [];
    answers.forEach((answer, i) => {
      if (answer.status !== "fulfilled") return;
      for (const feature of answer.value?.features ?? []) {
        const metres = distanceToGeometry(position, feature.geometry);
        if (metres > NEAR_METRES) continue;
        (collections[i] === stationLayer?.id ? stations : places).push({ collection: collections[i], feature, metres });
      }
    });
    const nearest = (found, n) => found.sort((a, b) => a.metres - b.metres).slice(0, n);
    // stations have a quota of their own, so a street of enterprises never hides them
    const shown = [...nearest(places, PLACES_SHOWN), ...nearest(stations, STATIONS_SHOWN)].sort((a, b) => a.metres - b.metres);
    values.clear();
    fill(root, shown.length ? shown.map(row) : h("li", { class: "empty" }, t("field.none")));
    values.forEach((_, id) => showValue(id));
  };

  const hint = () => {
    request?.abort();
    values.clear();
    fill(root, h("li", { class: "empty" }, t("field.hint")));
  };

  hint();
  return { element: root, list, hint };
}
