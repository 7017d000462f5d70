// The layer catalog (GET /layers): groups and layers, in the order the server gives them.
import * as api from "./api.js";

/** `{groups, choices, layers, error}`; an unreachable or missing catalog gives empty lists and the error. */
export async function loadCatalog() {
  try {
    const answer = await api.layerCatalog();
    return { groups: answer?.groups ?? [], choices: answer?.choices ?? [], layers: answer?.layers ?? [], error: null };
  } catch (error) {
    return { groups: [], choices: [], layers: [], error };
  }
}

/**
 * A short signature of the catalog's data versions: tiles are re-fetched only when it changes.
 * A catalog without versions yields null (the caller then refreshes on a clock).
 */
export function versionOf(layers) {
  const versions = layers.map((layer) => layer.version).filter((v) => v !== undefined && v !== null);
  if (!versions.length) return null;
  let hash = 0;
  for (const ch of versions.join("|")) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}

/** Find the catalog layer a collection id or feature belongs to. */
export function layerById(layers, id) {
  return layers.find((layer) => layer.id === id) ?? null;
}

/** True for layers whose features are monitoring stations (latest values and a chart). */
export function isStationLayer(layer) {
  return Boolean(layer?.live) || /station/.test(layer?.id ?? "");
}

/**
 * Words for coded values, from the legends of matched styles: {layerId: {property: {value: label}}}
 * and, under "*", the same for any layer (a card of one layer may show another's codes).
 */
export function valueLabels(layers) {
  const words = { "*": {} };
  for (const layer of layers) {
    const property = layer.style?.match?.property ?? layer.style?.property;
    if (!property) continue;
    for (const entry of layer.legend ?? []) {
      if (entry.value === undefined || entry.value === null) continue;
      const key = String(entry.value);
      ((words[layer.id] ??= {})[property] ??= {})[key] = entry.label;
      (words["*"][property] ??= {})[key] ??= entry.label;
    }
  }
  return words;
}
