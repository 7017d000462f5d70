// Search by name across the park's collections; choosing a hit flies the map to it.
import L from "leaflet";
import * as api from "../api.js";
import { layerById } from "../catalog.js";
import { featureName, local, onLangChange, t } from "../i18n.js";
import { h, fill } from "./dom.js";

// what is searched by name, in the order hits are listed (a chemical is found by its storage units)
const SEARCHED = /enterprise|station|outfall|storage/;
const FALLBACK = ["enterprises", "stations", "outfalls", "storage_units"];
const PER_COLLECTION = 5;
const DEBOUNCE_MS = 250;

/** Collections to search: catalog layers with features by name, else the park's usual ones. */
export function searchedCollections(catalog) {
  const fromCatalog = catalog.layers.filter((l) => l.items !== null && SEARCHED.test(l.id)).map((l) => l.id);
  return fromCatalog.length ? fromCatalog : FALLBACK;
}

export function mountSearch(parent, { catalog, onChoose }) {
  const collections = searchedCollections(catalog);
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
    input.value = featureName(hit.feature.properties) || input.value;
    onChoose(hit);
  };

  const run = async (query) => {
    request?.abort();
    if (query.length < 1) return close();
    const current = (request = new AbortController());
    const answers = await Promise.allSettled(
      collections.map((collection) => api.collectionItems(collection, { q: query, limit: PER_COLLECTION, signal: current.signal })),
    );
    if (current.signal.aborted) return;
    hits = [];
    answers.forEach((answer, i) => {
      if (answer.status !== "fulfilled") return;
      for (const feature of answer.value?.features ?? []) hits.push({ collection: collections[i], feature });
    });
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
          h("button", { type: "button", class: "search-hit", dataset: { collection: hit.collection, id: hit.feature.id ?? "" }, onclick: () => choose(hit) },
            h("span", { class: "hit-name" }, featureName(hit.feature.properties) || hit.feature.id),
            h("span", { class: "hit-kind" }, local(layerById(catalog.layers, hit.collection)?.title) || hit.collection, hit.feature.geometry ? "" : ` · ${t("search.nolocation")}`),
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

/** Fly to a hit and return what the feature panel needs. */
export async function locateHit(map, catalog, hit) {
  const { collection, feature } = hit;
  if (feature.geometry) {
    const shape = L.geoJSON(feature);
    const bounds = shape.getBounds();
    if (feature.geometry.type === "Point") map.flyTo(bounds.getCenter(), Math.max(map.getZoom(), 17), { duration: 0.8 });
    else map.flyToBounds(bounds, { maxZoom: 17, duration: 0.8, padding: [40, 40] });
  }
  return { layer: layerById(catalog.layers, collection) ?? { id: collection, title: collection }, id: feature.id ?? feature.properties?.id, properties: feature.properties ?? {}, geojson: feature };
}
