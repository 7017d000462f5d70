// The last 24 hours of one station parameter (uPlot), extended live by incoming readings.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import * as api from "../api.js";
import { onReading } from "../liveState.js";
import { t } from "../i18n.js";
import { h, fill } from "./dom.js";

const DAY_S = 24 * 3600;

export class StationChart {
  constructor(parent, { stationId, parameters, dark = false }) {
    this.stationId = String(stationId);
    this.dark = dark;
    this.root = parent.appendChild(h("div", { class: "station-chart" }));
    this.tabs = this.root.appendChild(h("div", { class: "chart-tabs", role: "tablist" }));
    this.body = this.root.appendChild(h("div", { class: "chart-body" }));
    this.plot = null;
    this.request = null;
    this.stopLive = onReading((stationKey, station) => {
      if (stationKey !== this.stationId || !this.plot) return;
      const reading = station.parameters.get(this.parameter);
      if (reading) this._append(reading);
    });
    this.resize = new ResizeObserver(() => this.plot?.setSize(this._size()));
    this.resize.observe(this.body);
    this.setParameters(parameters);
  }

  setParameters(parameters) {
    this.parameters = [...new Set(parameters)].filter(Boolean);
    if (!this.parameters.includes(this.parameter)) this.parameter = this.parameters[0];
    fill(
      this.tabs,
      this.parameters.map((p) =>
        h("button", { role: "tab", class: p === this.parameter ? "active" : "", "aria-selected": String(p === this.parameter), onclick: () => this.show(p) }, p),
      ),
    );
    if (this.parameter && !this.plot && !this.request) this.show(this.parameter);
    if (!this.parameter) fill(this.body, h("p", { class: "empty" }, t("panel.nodata")));
  }

  async show(parameter) {
    this.parameter = parameter;
    for (const tab of this.tabs.children) {
      const on = tab.textContent === parameter;
      tab.classList.toggle("active", on);
      tab.setAttribute("aria-selected", String(on));
    }
    this.request?.abort();
    const request = (this.request = new AbortController());
    const to = new Date();
    const from = new Date(to.getTime() - DAY_S * 1000);
    fill(this.body, h("p", { class: "empty" }, t("panel.loading")));
    try {
      const answer = await api.stationReadings(this.stationId, { parameter, from, to, interval: "1m", signal: request.signal });
      if (request.signal.aborted) return;
      this._draw(answer?.points ?? [], answer?.unit ?? "");
    } catch (err) {
      if (request.signal.aborted) return;
      this._destroyPlot();
      fill(this.body, h("p", { class: "empty" }, err.missing ? t("panel.unavailable") : t("error.generic", { reason: err.message })));
    } finally {
      if (this.request === request) this.request = null;
    }
  }

  _draw(points, unit) {
    this._destroyPlot();
    fill(this.body);
    if (!points.length) {
      fill(this.body, h("p", { class: "empty" }, t("panel.nodata")));
      return;
    }
    const xs = points.map(([ts]) => Date.parse(ts) / 1000);
    const ys = points.map(([, value]) => value);
    const axis = this.dark ? { stroke: "#c9d6e3", grid: { stroke: "rgba(255,255,255,0.08)" }, ticks: { stroke: "rgba(255,255,255,0.15)" } } : {};
    this.plot = new uPlot(
      {
        ..._sizeOf(this.body),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{ ...axis, values: (_, ticks) => ticks.map(clockLabel) }, { ...axis, label: unit, size: 56 }],
        series: [{}, { label: this.parameter, stroke: "#2f80ed", width: 1.5, fill: "rgba(47,128,237,0.12)", spanGaps: false }],
      },
      [xs, ys],
      this.body,
    );
  }

  _append(reading) {
    const ts = Date.parse(reading.ts) / 1000;
    const [xs, ys] = this.plot.data;
    if (!Number.isFinite(ts) || (xs.length && ts <= xs[xs.length - 1])) return;
    // keep a 24 h window: the array never grows past a day of points
    let start = 0;
    while (start < xs.length && xs[start] < ts - DAY_S) start += 1;
    this.plot.setData([[...xs.slice(start), ts], [...ys.slice(start), reading.value]]);
  }

  _size() {
    return _sizeOf(this.body);
  }

  _destroyPlot() {
    this.plot?.destroy();
    this.plot = null;
  }

  destroy() {
    this.request?.abort();
    this.stopLive();
    this.resize.disconnect();
    this._destroyPlot();
    this.root.remove();
  }
}

/** 24-hour clock ticks; midnight shows the date instead. */
function clockLabel(seconds) {
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  if (d.getHours() === 0 && d.getMinutes() === 0) return `${d.getMonth() + 1}/${d.getDate()}`;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function _sizeOf(el) {
  const width = Math.max(240, el.clientWidth || 320);
  return { width, height: Math.round(Math.min(280, Math.max(160, width * 0.5))) };
}
