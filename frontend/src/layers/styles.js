// Catalog styles (from GET /layers) to Leaflet path options.
//
// A catalog style is plain Leaflet path options, optionally with a match on one property:
//   {...base, "match": {"property": "industry", "values": {"petrochemical": {...}}, "default": {...}}}
// (the flat form {"property", "match": {value: {...}}, "default"} is read as well).
export const LEVEL_COLOURS = {
  normal: "#2e9d4f",
  warning: "#f2a007",
  exceedance: "#e0312b",
  unknown: "#7b8794",
};

const KIND_DEFAULTS = {
  fill: { stroke: true, weight: 1, color: "#3b6ea8", fill: true, fillColor: "#6fa0d8", fillOpacity: 0.35 },
  line: { stroke: true, weight: 2, color: "#3b6ea8", fill: false, opacity: 0.9 },
  circle: { stroke: true, weight: 1.5, color: "#ffffff", fill: true, fillColor: "#3b6ea8", fillOpacity: 0.95, radius: 6 },
};

const MATCH_KEYS = new Set(["property", "match", "default"]);

function matcher(style) {
  if (style.match && typeof style.match.property === "string") {
    return { property: style.match.property, cases: style.match.values ?? {}, other: style.match.default ?? {} };
  }
  if (typeof style.property === "string") {
    return { property: style.property, cases: style.match ?? {}, other: style.default ?? {} };
  }
  return null;
}

/** Resolve a catalog style against one feature's properties. */
export function resolveStyle(style, properties) {
  if (!style) return {};
  const match = matcher(style);
  if (!match) return style;
  const base = Object.fromEntries(Object.entries(style).filter(([key]) => !MATCH_KEYS.has(key)));
  const value = properties?.[match.property];
  const keys = typeof value === "boolean" ? [String(value), value ? "True" : "False"] : [String(value)];
  const chosen = keys.map((key) => match.cases[key]).find(Boolean) ?? match.other;
  return { ...base, ...chosen };
}

/** Leaflet options for one feature of a catalog layer, scaled for big screens. */
export function featureStyle(layer, properties, scale = 1) {
  const options = { ...KIND_DEFAULTS[layer.kind] ?? KIND_DEFAULTS.fill, ...resolveStyle(layer.style, properties) };
  if (layer.kind === "line") options.fill = false;
  if (scale !== 1) {
    if (options.weight) options.weight *= scale;
    if (options.radius) options.radius *= scale;
    if (options.dashArray) options.dashArray = options.dashArray.split(/[ ,]+/).map((n) => Number(n) * scale).join(" ");
  }
  options.interactive = true;
  return options;
}

/** Swatch options for a legend entry or a layer-tree row. */
export function legendSwatch(layer, style) {
  return { ...KIND_DEFAULTS[layer.kind] ?? KIND_DEFAULTS.fill, ...resolveStyle(style ?? layer.style, {}) };
}

/** Restyle a live station marker by its worst current level. */
export function liveStyle(options, live) {
  if (!live || !(live.level in LEVEL_COLOURS) || live.level === "unknown") return options;
  return {
    ...options,
    fillColor: LEVEL_COLOURS[live.level] ?? LEVEL_COLOURS.unknown,
    fillOpacity: 1,
    radius: (options.radius ?? 6) * (live.level === "exceedance" ? 1.35 : 1),
  };
}
