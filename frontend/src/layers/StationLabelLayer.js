// Live value labels next to station markers ("二氧化硫 0.021" / "SO₂ 0.021"), coloured by level.
//
// Labels live outside the vector tiles so a tile edge never cuts one in half; the markers
// themselves stay in the tiles and are restyled there. One element per station, updated in
// place: the DOM never grows with the number of readings.
//
// After every move, zoom, resize or new value, and whenever a panel over the map opens, closes
// or moves, the labels are laid out again (labelPlacement.js): none covers another, none runs
// off the map, none lies under a panel over the map; where stations crowd, the worst levels
// keep their labels and the rest wait for a closer zoom.
import L from "leaflet";
import { placeLabels } from "./labelPlacement.js";
import { LEVEL_COLOURS } from "./styles.js";
import { onLangChange, word } from "../i18n.js";
import { parameterLabel } from "../parameters.js";
import { formatNumber } from "../ui/dom.js";

const RANK = { exceedance: 3, warning: 2, normal: 1, unknown: 0 };

export const StationLabelLayer = L.Layer.extend({
  options: {
    pane: "stationLabels",
    // below this zoom the park is too small for labels to be readable
    minZoom: 14,
    // pixels between the marker's centre and the label
    offset: 10,
    // the markers' radius in pixels: other stations' markers are kept clear of a label
    markerRadius: 6,
    // elements that may lie over the map (controls, panels): labels are kept out from under them
    covers: ".leaflet-control",
  },

  initialize(options) {
    L.setOptions(this, options);
    this._positions = new Map(); // station id -> LatLng
    this._labels = new Map(); // station id -> element
    this._summaries = new Map(); // station id -> {parameter, value, level}
    this._sizes = new Map(); // station id -> [width, height] of its label as last measured
    this._spots = new Map(); // station id -> {dx, dy, spot} from its marker, or null when left out
    this._shown = true;
    this._frame = null;
    this._coverKey = "";
    onLangChange(() => this._map && this._summaries.forEach((_, id) => this._render(id)));
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 450;
    this._container = L.DomUtil.create("div", "station-labels", map.getPane(this.options.pane));
    for (const id of this._summaries.keys()) this._render(id);
    this._reposition();
    this._watchCovers();
  },

  onRemove() {
    this._unwatchCovers();
    L.Util.cancelAnimFrame(this._frame);
    this._frame = null;
    this._container.remove();
    this._labels.clear();
    this._sizes.clear();
    this._spots.clear();
  },

  getEvents() {
    return { zoomend: this._reposition, viewreset: this._reposition, moveend: this._layoutSoon, resize: this._resized, zoomanim: this._animateZoom };
  },

  /** Where stations are: `[{id, latlng}]` (from the stations collection). */
  setPositions(stations) {
    for (const { id, latlng } of stations) this._positions.set(String(id), L.latLng(latlng));
    if (this._map) for (const id of this._summaries.keys()) this._render(id);
    this._layoutSoon();
    return this;
  },

  /** Show or hide every label (follows the stations layer's checkbox). */
  setShown(shown) {
    this._shown = shown;
    if (this._container) this._container.hidden = !shown;
    this._layoutSoon();
    return this;
  },

  /** Update one station's label from its live summary `{parameter, value, level, flag}`. */
  update(stationId, summary) {
    const id = String(stationId);
    this._summaries.set(id, summary);
    if (this._map) this._render(id);
    return this;
  },

  _render(id) {
    const latlng = this._positions.get(id);
    const summary = this._summaries.get(id);
    let label = this._labels.get(id);
    if (!summary) {
      // nothing to show at this moment (a replayed time when the station was silent)
      label?.remove();
      this._labels.delete(id);
      this._sizes.delete(id);
      this._spots.delete(id);
      this._layoutSoon();
      return;
    }
    if (!latlng) return;
    if (!label) {
      // hidden until the layout has found it a free spot
      label = L.DomUtil.create("div", "station-label leaflet-zoom-animated crowded", this._container);
      label.dataset.station = id;
      this._labels.set(id, label);
    }
    // a device flag other than N (normal) travels with the value: F stopped, M maintenance, D fault…
    const flag = summary.flag && summary.flag !== "N" ? ` (${word("flag", summary.flag)})` : "";
    const text = `${parameterLabel(summary.parameter)} ${formatNumber(summary.value)}${flag}`;
    label.dataset.parameter = summary.parameter;
    if (label.textContent !== text) {
      label.textContent = text;
      this._sizes.delete(id);
    }
    label.style.borderColor = LEVEL_COLOURS[summary.level] ?? LEVEL_COLOURS.unknown;
    label.classList.toggle("exceedance", summary.level === "exceedance");
    label.dataset.level = summary.level ?? "unknown";
    this._layoutSoon();
  },

  _layoutSoon() {
    if (!this._map || this._frame) return;
    this._frame = L.Util.requestAnimFrame(() => {
      this._frame = null;
      this._layout();
    });
  },

  _resized() {
    this._sizes.clear(); // the big screen's label type follows the window's width
    this._layoutSoon();
  },

  _reposition() {
    if (!this._map) return;
    this._container.classList.toggle("too-far", this._map.getZoom() < this.options.minZoom);
    this._layout();
  },

  /** The boxes of the elements over the map, in the map container's pixels. */
  _coverBoxes() {
    const container = this._map.getContainer();
    const frame = container.getBoundingClientRect();
    const boxes = [];
    for (const element of document.querySelectorAll(this.options.covers)) {
      if (element === container || element.contains(container)) continue;
      const r = element.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= frame.left || r.left >= frame.right || r.bottom <= frame.top || r.top >= frame.bottom) continue;
      boxes.push({ left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top });
    }
    return boxes;
  },

  /** Look again where the covers are whenever one opens, closes, changes or ends moving. */
  _watchCovers() {
    const covers = this.options.covers;
    const touches = (node) => node.nodeType === 1 && (node.matches(covers) || node.querySelector(covers) !== null);
    const isCover = (node) => node.nodeType === 1 && node.closest(covers) !== null;
    this._coverObserver = new MutationObserver((records) => {
      if (this._coverFrame) return;
      for (const record of records) {
        if (isCover(record.target) || [...record.addedNodes].some(touches) || [...record.removedNodes].some(touches)) {
          this._checkCoversSoon();
          return;
        }
      }
    });
    this._coverObserver.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["class", "style", "hidden", "open"],
    });
    // a panel sliding in is where it stays only once its transition ends
    this._coverMoved = (event) => isCover(event.target) && this._checkCoversSoon();
    document.addEventListener("transitionend", this._coverMoved, true);
    document.addEventListener("animationend", this._coverMoved, true);
  },

  _unwatchCovers() {
    this._coverObserver?.disconnect();
    document.removeEventListener("transitionend", this._coverMoved, true);
    document.removeEventListener("animationend", this._coverMoved, true);
    L.Util.cancelAnimFrame(this._coverFrame);
    this._coverFrame = null;
  },

  _checkCoversSoon() {
    if (this._coverFrame) return;
    this._coverFrame = L.Util.requestAnimFrame(() => {
      this._coverFrame = null;
      this._checkCovers();
    });
  },

  _checkCovers() {
    if (!this._map || !this._shown) return;
    const key = this._coverBoxes().map((b) => `${b.left},${b.top},${b.right},${b.bottom}`).join(";");
    if (key === this._coverKey) return;
    this._coverKey = key;
    this._layout();
  },

  _layout() {
    const map = this._map;
    if (!map || !this._shown || map.getZoom() < this.options.minZoom) return;
    // read every size first, then write every position: one reflow for the whole layer
    for (const [id, label] of this._labels) {
      if (!this._sizes.has(id)) this._sizes.set(id, [label.offsetWidth, label.offsetHeight]);
    }
    const size = map.getSize();
    const area = { left: 0, top: 0, right: size.x, bottom: size.y };
    const covers = this._coverBoxes();
    this._coverKey = covers.map((b) => `${b.left},${b.top},${b.right},${b.bottom}`).join(";");
    const markers = [];
    for (const [id, latlng] of this._positions) {
      const point = map.latLngToContainerPoint(latlng);
      if (point.x >= -20 && point.y >= -20 && point.x <= size.x + 20 && point.y <= size.y + 20) markers.push({ id, point });
    }
    const labels = [];
    for (const [id, label] of this._labels) {
      const latlng = this._positions.get(id);
      if (!latlng) continue;
      const [width, height] = this._sizes.get(id);
      const level = this._summaries.get(id)?.level;
      // a label already shown keeps its place ahead of one of the same level appearing
      const rank = 2 * (RANK[level] ?? 0) + (this._spots.get(id) ? 1 : 0);
      labels.push({ id, point: map.latLngToContainerPoint(latlng), width, height, rank, spot: this._spots.get(id)?.spot });
    }
    const placed = placeLabels(labels, { area, covers, markers, markerRadius: this.options.markerRadius, gap: this.options.offset });
    for (const [id, label] of this._labels) {
      const spot = placed.get(id) ?? null;
      this._spots.set(id, spot);
      label.classList.toggle("crowded", !spot);
      if (!spot) continue;
      label.dataset.side = spot.dx < 0 ? "left" : "right"; // the level's bar on the marker's side
      this._place(label, this._positions.get(id), spot);
    }
  },

  _place(label, latlng, spot) {
    L.DomUtil.setPosition(label, this._map.latLngToLayerPoint(latlng).add([spot.dx, spot.dy]).round());
  },

  _animateZoom(event) {
    for (const [id, label] of this._labels) {
      const spot = this._spots.get(id);
      if (!spot) continue;
      const point = this._map._latLngToNewLayerPoint(this._positions.get(id), event.zoom, event.center);
      L.DomUtil.setPosition(label, point.add([spot.dx, spot.dy]).round());
    }
  },
});
