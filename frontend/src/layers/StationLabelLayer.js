// Live value labels next to station markers ("二氧化硫 0.021" / "SO₂ 0.021"), coloured by level.
//
// Labels live outside the vector tiles so a tile edge never cuts one in half; the markers
// themselves stay in the tiles and are restyled there. One element per station, updated in
// place: the DOM never grows with the number of readings.
import L from "leaflet";
import { LEVEL_COLOURS } from "./styles.js";
import { onLangChange, word } from "../i18n.js";
import { parameterLabel } from "../parameters.js";
import { formatNumber } from "../ui/dom.js";

export const StationLabelLayer = L.Layer.extend({
  options: {
    pane: "stationLabels",
    // below this zoom the park is too small for labels to be readable
    minZoom: 14,
    // pixels between the marker's centre and the label
    offset: 10,
  },

  initialize(options) {
    L.setOptions(this, options);
    this._positions = new Map(); // station id -> LatLng
    this._labels = new Map(); // station id -> element
    this._summaries = new Map(); // station id -> {parameter, value, level}
    this._shown = true;
    onLangChange(() => this._map && this._summaries.forEach((_, id) => this._render(id)));
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 450;
    this._container = L.DomUtil.create("div", "station-labels", map.getPane(this.options.pane));
    for (const id of this._summaries.keys()) this._render(id);
    this._reposition();
  },

  onRemove() {
    this._container.remove();
    this._labels.clear();
  },

  getEvents() {
    return { zoomend: this._reposition, viewreset: this._reposition, zoomanim: this._animateZoom };
  },

  /** Where stations are: `[{id, latlng}]` (from the stations collection). */
  setPositions(stations) {
    for (const { id, latlng } of stations) this._positions.set(String(id), L.latLng(latlng));
    if (this._map) for (const id of this._summaries.keys()) this._render(id);
    return this;
  },

  /** Show or hide every label (follows the stations layer's checkbox). */
  setShown(shown) {
    this._shown = shown;
    if (this._container) this._container.hidden = !shown;
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
      return;
    }
    if (!latlng) return;
    if (!label) {
      label = L.DomUtil.create("div", "station-label leaflet-zoom-animated", this._container);
      label.dataset.station = id;
      this._labels.set(id, label);
      this._place(label, latlng);
    }
    // a device flag other than N (normal) travels with the value: F stopped, M maintenance, D fault…
    const flag = summary.flag && summary.flag !== "N" ? ` (${word("flag", summary.flag)})` : "";
    label.textContent = `${parameterLabel(summary.parameter)} ${formatNumber(summary.value)}${flag}`;
    label.dataset.parameter = summary.parameter;
    label.style.borderColor = LEVEL_COLOURS[summary.level] ?? LEVEL_COLOURS.unknown;
    label.classList.toggle("exceedance", summary.level === "exceedance");
  },

  _place(label, latlng) {
    const point = this._map.latLngToLayerPoint(latlng).add([this.options.offset, -this.options.offset]);
    L.DomUtil.setPosition(label, point);
  },

  _reposition() {
    if (!this._map) return;
    this._container.classList.toggle("too-far", this._map.getZoom() < this.options.minZoom);
    for (const [id, label] of this._labels) this._place(label, this._positions.get(id));
  },

  _animateZoom(event) {
    for (const [id, label] of this._labels) {
      const point = this._map._latLngToNewLayerPoint(this._positions.get(id), event.zoom, event.center);
      L.DomUtil.setPosition(label, point.add([this.options.offset, -this.options.offset]));
    }
  },
});
