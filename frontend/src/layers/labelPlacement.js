// Where each value label goes so that none covers another, none runs off the map and none
// lies under a panel: labels are placed one by one, most important first, each at the first
// spot around its marker that is free; a label with no free spot, or whose marker merges with
// one already labelled, is left out at this zoom.
//
// Everything is in the map container's pixels: `{x, y}` points, `{left, top, right, bottom}` boxes.

const CELL = 64; // px: the grid that finds the boxes near a box

/** Boxes kept in a coarse grid, so a placement looks only at its neighbours. */
class BoxGrid {
  constructor() {
    this.cells = new Map();
  }

  *keys(box) {
    for (let i = Math.floor(box.left / CELL); i <= Math.floor(box.right / CELL); i++)
      for (let j = Math.floor(box.top / CELL); j <= Math.floor(box.bottom / CELL); j++) yield `${i}:${j}`;
  }

  add(box) {
    for (const key of this.keys(box)) {
      const cell = this.cells.get(key);
      if (cell) cell.push(box);
      else this.cells.set(key, [box]);
    }
  }

  hits(box, except = null) {
    for (const key of this.keys(box))
      for (const other of this.cells.get(key) ?? []) if (other !== except && overlaps(box, other)) return true;
    return false;
  }
}

export const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (box, area) => box.left >= area.left && box.top >= area.top && box.right <= area.right && box.bottom <= area.bottom;
const contains = (box, point) => point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom;

/**
 * The spots tried around a marker at `point` for a `width` × `height` label, `gap` px away:
 * to the right first (where a label is read from), then left, then above and below each side.
 * Each is the label's top-left corner relative to the marker.
 */
export function spotsAround(width, height, gap) {
  const half = gap / 2;
  return [
    { dx: gap, dy: -height / 2 },
    { dx: -gap - width, dy: -height / 2 },
    { dx: half, dy: -gap - height },
    { dx: half, dy: gap },
    { dx: -half - width, dy: -gap - height },
    { dx: -half - width, dy: gap },
  ];
}

/**
 * Place `labels` (`[{id, point, width, height, rank, spot}]`, `spot` the index used last time)
 * in `area`, clear of `covers` (panels over the map) and of each other; `markers` (points of
 * every station in view) are avoided where a spot allows. Returns id -> `{dx, dy, spot}`, or
 * null for a label left out.
 */
export function placeLabels(labels, { area, covers = [], markers = [], markerRadius = 6, gap = 10 }) {
  const placed = new BoxGrid();
  const dots = new BoxGrid();
  const dotOf = new Map();
  for (const { id, point } of markers) {
    const dot = { left: point.x - markerRadius, top: point.y - markerRadius, right: point.x + markerRadius, bottom: point.y + markerRadius };
    dots.add(dot);
    dotOf.set(id, dot);
  }
  // around each labelled marker, a patch where another marker's label could not be told apart
  const claimed = new BoxGrid();
  const reach = 2 * markerRadius;
  const ordered = [...labels].sort((a, b) => b.rank - a.rank || String(a.id).localeCompare(String(b.id)));
  const result = new Map();
  for (const label of ordered) {
    const { point, width, height } = label;
    if (!contains(area, point) || covers.some((cover) => contains(cover, point))) {
      result.set(label.id, null); // its station is off the map or under a panel
      continue;
    }
    if (claimed.hits({ left: point.x, top: point.y, right: point.x + 0.01, bottom: point.y + 0.01 })) {
      result.set(label.id, null); // its marker merges with one already labelled
      continue;
    }
    const spots = spotsAround(width, height, gap).map((spot, index) => ({ ...spot, index }));
    if (label.spot != null && spots[label.spot]) spots.unshift(spots[label.spot]); // keep still what can
    const boxes = spots.map((spot) => {
      const left = point.x + spot.dx;
      const top = point.y + spot.dy;
      return { spot, box: { left, top, right: left + width, bottom: top + height } };
    });
    const free = ({ box }) => inside(box, area) && !covers.some((cover) => overlaps(box, cover)) && !placed.hits(box);
    const own = dotOf.get(label.id);
    const chosen = boxes.find((b) => free(b) && !dots.hits(b.box, own)) ?? boxes.find(free);
    if (!chosen) {
      result.set(label.id, null);
      continue;
    }
    placed.add(chosen.box);
    claimed.add({ left: point.x - reach, top: point.y - reach, right: point.x + reach, bottom: point.y + reach });
    result.set(label.id, { dx: chosen.spot.dx, dy: chosen.spot.dy, spot: chosen.spot.index });
  }
  return result;
}
