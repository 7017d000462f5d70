// The last 24 hours of one station parameter (uPlot), extended live by incoming readings.
// Every stored value is drawn when the day holds few enough of them, so the value an alarm
// judged is the value on the chart; a busier day comes in bins, drawn as their mean inside the
// band from each bin's lowest to its highest value, so a spike is never averaged away. The
// limits the station is judged by for the parameter are dashed red lines.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import * as api from "../api.js";
import { onReading } from "../liveState.js";
import { t } from "../i18n.js";
import { parameterLabel, parameterName, parameterUnit, unitText, valueText } from "../parameters.js";
import { h, fill, formatTime } from "./dom.js";

const DAY_S = 24 * 3600;
const LINE = "#2f80ed";
const BAND = "rgba(47,128,237,0.22)";
const LIMIT = "#d32f2f";

export class StationChart {
  constructor(parent, { stationId, parameters, dark = false }) {
    this.stationId = String(stationId);
    this.dark = dark;
    this.root = parent.appendChild(h("div", { class: "station-chart" }));
    this.tabs = this.root.appendChild(h("div", { class: "chart-tabs", role: "tablist" }));
    this.body = this.root.appendChild(h("div", { class: "chart-body" }));
    this.caption = this.root.appendChild(h("div", { class: "chart-caption" }));
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
        h("button", { role: "tab", class: p === this.parameter ? "active" : "", "aria-selected": String(p === this.parameter), title: parameterName(p), dataset: { parameter: p }, onclick: () => this.show(p) }, parameterLabel(p)),
      ),
    );
    if (this.parameter && !this.plot && !this.request) this.show(this.parameter);
    if (!this.parameter) fill(this.body, h("p", { class: "empty" }, t("panel.nodata")));
  }

  async show(parameter) {
    this.parameter = parameter;
    for (const tab of this.tabs.children) {
      const on = tab.dataset.parameter === parameter;
      tab.classList.toggle("active", on);
      tab.setAttribute("aria-selected", String(on));
    }
    this.request?.abort();
    const request = (this.request = new AbortController());
    const to = new Date();
    const from = new Date(to.getTime() - DAY_S * 1000);
    fill(this.body, h("p", { class: "empty" }, t("panel.loading")));
    fill(this.caption);
    try {
      const [history, limits] = await Promise.all([
        api.stationReadings(this.stationId, { parameter, from, to, interval: "raw", signal: request.signal }),
        api.stationLimits(this.stationId, parameter, request.signal).catch(() => null),
      ]);
      if (request.signal.aborted) return;
      this._draw(history ?? {}, limits?.limits ?? []);
    } catch (err) {
      if (request.signal.aborted) return;
      this._destroyPlot();
      fill(this.body, h("p", { class: "empty" }, err.missing ? t("panel.unavailable") : t("error.generic", { reason: err.message })));
    } finally {
      if (this.request === request) this.request = null;
    }
  }

  _draw(history, limits) {
    this._destroyPlot();
    fill(this.body);
    const points = history.points ?? [];
    if (!points.length) {
      fill(this.body, h("p", { class: "empty" }, t("panel.nodata")));
      return;
    }
    // [ts, value, flag, min, max, count]: a stored value, or a bin's mean, lowest and highest
    const xs = points.map(([ts]) => Date.parse(ts) / 1000);
    const values = points.map(([, value]) => value);
    this.binned = history.step_seconds != null;
    this.step = history.step_seconds;
    this.limits = limits;
    this.unit = history.unit ?? limits[0]?.unit ?? parameterUnit(this.parameter);
    const data = [xs, values];
    const series = [{}, { label: parameterLabel(this.parameter), stroke: LINE, width: 1.5, spanGaps: false, points: { show: !this.binned && points.length < 300 } }];
    const bands = [];
    if (this.binned) {
      data.push(points.map((p) => p[3]), points.map((p) => p[4]));
      series.push({ label: "min", stroke: BAND, width: 1, spanGaps: false, points: { show: false } });
      series.push({ label: "max", stroke: BAND, width: 1, spanGaps: false, points: { show: false } });
      bands.push({ series: [3, 2], fill: BAND });
    }
    for (const limit of limits) {
      data.push(xs.map(() => limit.value));
      series.push({ label: limitText(limit, this.unit), stroke: LIMIT, width: 1.5, dash: [6, 4], points: { show: false } });
    }
    const axis = this.dark ? { stroke: "#c9d6e3", grid: { stroke: "rgba(255,255,255,0.08)" }, ticks: { stroke: "rgba(255,255,255,0.15)" } } : {};
    this.plot = new uPlot(
      {
        ..._sizeOf(this.body),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        // a lone value still gets a readable stretch of time around it
        scales: { x: { time: true, range: (_, min, max) => (max - min < 60 ? [min - 1800, max + 1800] : [min, max]) } },
        axes: [{ ...axis, values: (_, ticks) => ticks.map(clockLabel) }, { ...axis, label: unitText(this.unit), size: 56 }],
        series,
        bands,
      },
      data,
      this.body,
    );
    this._caption();
  }

  /** What the chart shows: raw values or bins, the highest value and when, and each limit. */
  _caption() {
    const [xs, values] = this.plot.data;
    const highs = this.binned ? this.plot.data[3] : values;
    let peak = -1;
    highs.forEach((v, i) => {
      if (v != null && (peak < 0 || v > highs[peak])) peak = i;
    });
    this.root.dataset.source = this.binned ? "binned" : "raw";
    this.root.dataset.limits = String(this.limits.length);
    fill(this.caption,
      h("div", { class: "chart-source" }, this.binned ? t("chart.binned", { step: stepText(this.step) }) : t("chart.raw")),
      peak >= 0 && h("div", { class: "chart-peak", dataset: { value: highs[peak] } },
        t("chart.peak", { value: valueText(highs[peak], this.unit), time: formatTime(xs[peak] * 1000) })),
      this.limits.map((limit) => h("div", { class: "chart-limit", dataset: { value: limit.value } },
        h("span", { class: "limit-dash", "aria-hidden": "true" }), limitText(limit, this.unit))),
    );
  }

  _append(reading) {
    const ts = Date.parse(reading.ts) / 1000;
    const [xs] = this.plot.data;
    if (!Number.isFinite(ts) || (xs.length && ts <= xs[xs.length - 1])) return;
    // keep a 24 h window: the arrays never grow past a day of points
    let start = 0;
    while (start < xs.length && xs[start] < ts - DAY_S) start += 1;
    // a live value is one reading: its own mean, lowest and highest; limit lines run on
    const next = this.plot.data.map((column, i) => {
      const kept = column.slice(start);
      if (i === 0) return [...kept, ts];
      if (i <= (this.binned ? 3 : 1)) return [...kept, reading.value];
      return [...kept, column[column.length - 1]];
    });
    this.plot.setData(next);
    this._caption();
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

/** "限值 ≤ 240 mg/m3（小时均值）". */
function limitText(limit, unit) {
  return t("chart.limit", {
    bound: limit.bound === "min" ? "≥" : "≤",
    value: valueText(limit.value, limit.unit ?? unit),
    averaging: t(`chart.averaging.${limit.averaging}`),
  });
}

function stepText(seconds) {
  if (seconds < 3600) return t("chart.step.minutes", { n: Math.round(seconds / 60) });
  if (seconds < 86400) return t("chart.step.hours", { n: Math.round(seconds / 3600) });
  return t("chart.step.days", { n: Math.round(seconds / 86400) });
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
