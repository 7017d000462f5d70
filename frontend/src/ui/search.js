// Search by name, code or CAS (GET /search): each place listed once, enterprises first; a
// storage unit is listed by its chemical with the enterprise holding it. Choosing a hit flies
// the map to it.
import L from "leaflet";
import * as api from "../api.js";
import { layerById } from "../catalog.js";
import { featureName, nameOf, onLangChange, t } from "../i18n.js";
import { h, fill } from "./dom.js";

const LIMIT = 24;
const PER_KIND = 6;
const DEBOUNCE_MS = 250;

export function mountSearch(parent, { catalog, onChoose }) {
  const input = h("input", {
    type: "search",
    class: "search-input",
    autocomplete: "off",
    enterkeyhint: "search",
    "aria-label": t("search.placeholder"),
    placeholder: t("search.placeholder"),
  });
  const list = h("ul", { class: "search-results", role: "listbox", hidden: true });
  const box = parent.appendChild(h("div", { class: "search", role: "search" }, input, list));
  let timer = null;
  let request = null;
  let hits = [];

  const close = () => {
    list.hidden = true;
  };

  const choose = (hit) => {
    close();
    input.value = featureName(hit) || input.value;
    onChoose(hit);
  };

  const run = async (query) => {
    request?.abort();
    if (query.length < 1) return close();
    const current = (request = new AbortController());
    let answer = null;
    try {
      answer = await api.searchPlaces(query, { limit: LIMIT, perKind: PER_KIND, signal: current.signal });
    } catch {
      if (current.signal.aborted) return;
    }
    if (current.signal.aborted) return;
    hits = answer?.results ?? [];
    render();
  };

  const render = () => {
    list.hidden = false;
    if (!hits.length) {
      fill(list, h("li", { class: "empty" }, t("search.none")));
      return;
    }
    fill(
      list,
      hits.map((hit) =>
        h("li", { role: "option" },
          h("button", { type: "button", class: "search-hit", dataset: { collection: hit.layer, kind: hit.kind, id: hit.id }, onclick: () => choose(hit) },
            h("span", { class: "hit-name" }, hitName(hit)),
            h("span", { class: "hit-kind" }, hitDetail(hit)),
          ),
        ),
      ),
    );
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value.trim()), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && hits[0]) choose(hits[0]);
    if (event.key === "Escape") close();
  });
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) close();
  });
  onLangChange(() => {
    input.placeholder = t("search.placeholder");
    if (!list.hidden) render();
  });
  return box;
}

/** The hit's name; a storage unit's is its chemical's, with its own code. */
function hitName(hit) {
  const name = featureName(hit) || hit.code;
  return hit.kind === "storage_unit" ? `${name} · ${hit.code}` : name;
}

/** What the hit is, and for a storage unit or an enterprise's station, whose it is. */
function hitDetail(hit) {
  const owner = nameOf(hit, "enterprise");
  return [t(`search.kind.${hit.kind}`), hit.cas && `CAS ${hit.cas}`, owner].filter(Boolean).join(" · ");
}

/** Fly to a hit and return what the feature panel needs (the whole feature when it can be read). */
export async function locateHit(map, catalog, hit) {
  const layer = layerById(catalog.layers, hit.layer) ?? { id: hit.layer, title: t(`search.kind.${hit.kind}`) };
  const point = { type: "Feature", id: hit.id, geometry: hit.lon != null && hit.lat != null ? { type: "Point", coordinates: [hit.lon, hit.lat] } : null, properties: { code: hit.code, name_zh: hit.name_zh, name_en: hit.name_en } };
  const full = layer.items ? await api.collectionItem(layer.id, hit.id).catch(() => null) : null;
  const feature = full?.geometry ? full : point;
  if (feature.geometry) {
    const bounds = L.geoJSON(feature).getBounds();
    if (feature.geometry.type === "Point") map.flyTo(bounds.getCenter(), Math.max(map.getZoom(), 17), { duration: 0.8 });
    else map.flyToBounds(bounds, { maxZoom: 17, duration: 0.8, padding: [40, 40] });
  }
  return { layer, id: hit.id, properties: { ...point.properties, ...(full?.properties ?? {}) }, geojson: feature, complete: Boolean(full) };
}
