// Distances from a position to GeoJSON geometries, for "what is nearest" on a phone.
// Within a few kilometres an equirectangular projection centred on the position is accurate
// to well under a metre per kilometre, which is plenty for walking directions.

const R = 6371008.8; // mean Earth radius, metres (IUGG)
const RAD = Math.PI / 180;

/** Metres from `{lat, lng}` to the nearest part of a GeoJSON geometry (0 inside a polygon). */
export function distanceToGeometry(position, geometry) {
  if (!geometry) return Infinity;
  const k = Math.cos(position.lat * RAD);
  const project = ([lng, lat]) => [(lng - position.lng) * RAD * R * k, (lat - position.lat) * RAD * R];
  const { type, coordinates } = geometry;
  switch (type) {
    case "Point":
      return Math.hypot(...project(coordinates));
    case "MultiPoint":
      return Math.min(...coordinates.map((c) => Math.hypot(...project(c))));
    case "LineString":
      return toLine(coordinates.map(project));
    case "MultiLineString":
      return Math.min(...coordinates.map((line) => toLine(line.map(project))));
    case "Polygon":
      return toPolygon(coordinates.map((ring) => ring.map(project)));
    case "MultiPolygon":
      return Math.min(...coordinates.map((poly) => toPolygon(poly.map((ring) => ring.map(project)))));
    case "GeometryCollection":
      return Math.min(...geometry.geometries.map((g) => distanceToGeometry(position, g)));
    default:
      return Infinity;
  }
}

// distances from the origin (the position) to projected shapes
function toSegment([ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const s = len2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
  return Math.hypot(ax + s * dx, ay + s * dy);
}

function toLine(points) {
  if (points.length === 1) return Math.hypot(...points[0]);
  let best = Infinity;
  for (let i = 1; i < points.length; i += 1) best = Math.min(best, toSegment(points[i - 1], points[i]));
  return best;
}

function contains(ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > 0 !== yj > 0 && 0 < ((xj - xi) * (0 - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function toPolygon(rings) {
  if (contains(rings[0]) && !rings.slice(1).some(contains)) return 0;
  return Math.min(...rings.map(toLine));
}

/** A lon/lat box around a position, `metres` on each side: [west, south, east, north]. */
export function boxAround(position, metres) {
  const dLat = metres / (R * RAD);
  const dLng = dLat / Math.cos(position.lat * RAD);
  return [position.lng - dLng, position.lat - dLat, position.lng + dLng, position.lat + dLat];
}

export function formatDistance(metres) {
  if (!Number.isFinite(metres)) return "";
  if (metres < 1000) return `${Math.round(metres)} m`;
  return `${(metres / 1000).toFixed(metres < 10000 ? 1 : 0)} km`;
}
