// The card of one feature: its popup fields from the catalog; for a station, its latest
// values (kept live) and a 24 h chart; for an enterprise, why it has its health code and
// its open tickets (each opens the ticket).
import * as api from "../api.js";
import { isStationLayer, valueLabels } from "../catalog.js";
import { currentLang, featureName, local, onLangChange, t, word } from "../i18n.js";
import { LEVEL_COLOURS } from "../layers/styles.js";
import { isPeriodSeries, parameterLabel, parameterName, parameterUnit, seriesOf, unitText, valueText } from "../parameters.js";
import { onReading, onReplay, replayTime, stationReadings } from "../liveState.js";
import { h, fill, formatNumber, formatTime } from "./dom.js";
import { healthSection } from "./healthReason.js";
import { badge } from "./kit.js";
import { StationChart } from "./stationChart.js";

// shown in a section of its own (healthReason.js), not as a raw value in the table
const OWN_SECTIONS = new Set(["health_reason"]);

export class FeaturePanel {
  constructor(parent, { catalog, dark = false, showTickets = false, actions = () => [], onTicket = null } = {}) {
    this.words = valueLabels(catalog?.layers ?? []);
    this.dark = dark;
    this.showTickets = showTickets;
    this.actions = actions;
    this.onTicket = onTicket;
    this.root = parent.appendChild(h("aside", { class: "panel feature-panel", hidden: true, "aria-live": "polite" }));
    this.cleanup = [];
    this.current = null;
    onLangChange(() => this.current && this.open(this.current));
    onReplay(() => this.current && isStationLayer(this.current.layer) && this.open(this.current));
  }

  /** Show a feature: `{layer, id, properties}` as fired by ParkTileLayer or a search hit. */
  open(feature) {
    this._release();
    this.current = feature;
    const { layer, properties = {} } = feature;
    const body = h("div", { class: "feature-body" });
    fill(
      this.root,
      h("header", {},
        h("div", {},
          h("div", { class: "feature-kind" }, local(layer?.title)),
          h("h2", { class: "feature-name" }, featureName(properties) || String(feature.id ?? "")),
        ),
        h("button", { class: "close", "aria-label": t("panel.close"), title: t("panel.close"), onclick: () => this.close() }, "×"),
      ),
      body,
    );
    const fields = body.appendChild(fieldTable(layer, properties, this.words));
    if (layer?.items && feature.id != null && !feature.complete) this._complete(feature, fields);
    const actions = this.actions(feature).filter(Boolean);
    if (actions.length) body.append(h("div", { class: "feature-actions" }, actions));
    if (isStationLayer(layer) && feature.id != null) this._station(body, feature);
    if (/^enterprises/.test(layer?.id ?? "") && feature.id != null) {
      const request = new AbortController();
      this.cleanup.push(() => request.abort());
      body.append(healthSection(feature.id, request.signal));
    }
    if (this.showTickets && /enterprise/.test(layer?.id ?? "") && feature.id != null) this._tickets(body, feature.id);
    this.root.hidden = false;
  }

  close() {
    this._release();
    this.current = null;
    this.root.hidden = true;
    fill(this.root);
    this.onClose?.();
  }

  _release() {
    for (const undo of this.cleanup.splice(0)) undo();
  }

  /** Tiles carry few properties at low zoom: read the whole feature and refill the table. */
  _complete(feature, fields) {
    const request = new AbortController();
    this.cleanup.push(() => request.abort());
    api.collectionItem(feature.layer.id, feature.id, request.signal).then(
      (full) => {
        if (request.signal.aborted || !full?.properties) return;
        feature.properties = { ...feature.properties, ...full.properties };
        feature.complete = true;
        if (full.geometry && !feature.geojson) feature.geojson = full;
        fields.replaceWith(fieldTable(feature.layer, feature.properties, this.words));
        this.stationRender?.();
        const name = this.root.querySelector(".feature-name");
        if (name) name.textContent = featureName(feature.properties) || String(feature.id);
      },
      () => {},
    );
  }

  _station(body, feature) {
    const stationId = feature.id;
    const past = replayTime();
    const title = past ? t("panel.at", { time: formatTime(past) }) : t("panel.latest");
    const latest = body.appendChild(h("section", { class: past ? "latest replay" : "latest" }, h("h3", {}, title)));
    const table = latest.appendChild(h("table", { class: "latest-values" }));
    const chartBox = body.appendChild(h("section", { class: "chart" }, h("h3", {}, t("panel.chart"))));
    const known = new Map();
    const render = () => {
      // in the order the station declares its parameters (once its record is read), then any other
      const order = declaredParameters(feature.properties);
      const rank = (p) => (order.includes(p) ? order.indexOf(p) : order.length);
      // a minute, hour or day statistic (HJ 212 period data) only where no real-time value is
      const rows = [...known.values()]
        .filter((r) => !isPeriodSeries(r.parameter) || !known.has(seriesOf(r.parameter).parameter))
        .sort((a, b) => rank(a.parameter) - rank(b.parameter) || a.parameter.localeCompare(b.parameter));
      fill(table, rows.length ? rows.map(latestRow) : h("tr", {}, h("td", { class: "empty" }, t("panel.nodata"))));
      chart.setParameters([...order, ...rows.map((r) => r.parameter)]);
    };
    const merge = (reading) => {
      const before = known.get(reading.parameter);
      if (!before || !before.ts || !reading.ts || reading.ts >= before.ts) known.set(reading.parameter, { ...before, ...reading });
    };
    const chart = new StationChart(chartBox, { stationId, parameters: declaredParameters(feature.properties), dark: this.dark });
    this.stationRender = render;
    this.cleanup.push(() => (this.stationRender = null));
    this.cleanup.push(() => chart.destroy());
    stationReadings(stationId).forEach(merge);
    render();
    // a replayed moment shows that moment's values only
    if (past) return;
    const request = new AbortController();
    this.cleanup.push(() => request.abort());
    api.stationLatest(stationId, request.signal).then(
      (answer) => {
        latestList(answer).forEach(merge);
        render();
      },
      (err) => {
        if (request.signal.aborted || known.size) return;
        fill(table, h("tr", {}, h("td", { class: "empty" }, err.missing ? t("panel.unavailable") : t("panel.nodata"))));
      },
    );
    this.cleanup.push(
      onReading((key, station) => {
        if (key !== String(stationId)) return;
        station.parameters.forEach(merge);
        render();
      }),
    );
  }

  _tickets(body, enterpriseId) {
    const box = body.appendChild(h("section", { class: "tickets" }, h("h3", {}, t("panel.tickets")), h("p", { class: "empty" }, t("panel.loading"))));
    const request = new AbortController();
    this.cleanup.push(() => request.abort());
    api.openTickets(enterpriseId, request.signal).then(
      (answer) => {
        const tickets = Array.isArray(answer) ? answer : answer?.items ?? answer?.tickets ?? [];
        box.lastChild.replaceWith(
          tickets.length
            ? h("ul", { class: "ticket-list" }, tickets.slice(0, 20).map((tk) => h("li", { dataset: { ticket: tk.id } },
                this.onTicket
                  ? h("button", { type: "button", class: "link", onclick: () => this.onTicket(tk) }, tk.code ?? `#${tk.id}`)
                  : h("strong", {}, tk.code ?? `#${tk.id}`),
                " ", badge("ticket.state", tk.state), tk.overdue ? h("span", { class: "alert" }, ` ${t("ticket.overdue")}`) : "",
                tk.stage_deadline ? ` · ${formatTime(tk.stage_deadline)}` : "")))
            : h("p", { class: "empty" }, t("panel.notickets")),
        );
      },
      (err) => {
        if (!request.signal.aborted) box.lastChild.replaceWith(h("p", { class: "empty" }, err.missing ? t("panel.unavailable") : t("error.generic", { reason: err.message })));
      },
    );
  }
}

function fieldTable(layer, properties, words = {}) {
  const fields = layer?.popup?.length
    ? layer.popup.map((f) => [f.field, local(f.label ?? f.title) || f.field, f.unit, f.values])
    : Object.keys(properties).filter((key) => !/^(id|name_zh|name_en|geom)/.test(key)).map((key) => [key, key]);
  const shown = fields.filter(([field]) => !OWN_SECTIONS.has(field));
  // words for a coded value: the field's own, else those of the legends
  const wordFor = (field, value, values) => {
    const key = String(value);
    if (values && typeof values === "object" && values[key]) return values[key];
    return words[layer?.id]?.[field]?.[key] ?? words["*"]?.[field]?.[key];
  };
  return h("table", { class: "fields" },
    shown.map(([field, label, unit, values]) => {
      const value = properties[field];
      const word = value != null && wordFor(field, value, values);
      const text = values === "parameters" ? listOf(value).map(parameterLabel).join(currentLang() === "en" ? ", " : "、") || "—"
        : word ? local(word) : display(value);
      return h("tr", { dataset: { field } }, h("th", {}, label), h("td", {}, text, unit && value != null ? ` ${unitText(unit)}` : ""));
    }),
  );
}

/** A list property as tiles and features carry it: an array, a JSON list or a Postgres array. */
function listOf(value) {
  if (Array.isArray(value)) return value;
  if (typeof value !== "string" || !value) return [];
  try {
    const list = JSON.parse(value);
    if (Array.isArray(list)) return list;
  } catch {
    // a Postgres array literal: {a,b}
  }
  return value.replace(/[{}"\[\]]/g, "").split(/[,\s]+/).filter(Boolean);
}

function display(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "number") return formatNumber(value, 6);
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (Array.isArray(value)) return value.map(display).join(", ");
  if (typeof value === "string" && /^\[.*\]$/.test(value)) {
    try {
      const list = JSON.parse(value);
      if (Array.isArray(list)) return list.map(display).join(", ");
    } catch {
      // not a JSON list after all: shown as written
    }
  }
  if (typeof value === "object") return local(value) || JSON.stringify(value);
  return String(value);
}

function latestRow(r) {
  const level = r.level ?? "unknown";
  return h("tr", { class: `level-${level}`, dataset: { parameter: r.parameter } },
    h("th", { title: parameterName(r.parameter) }, parameterLabel(r.parameter)),
    h("td", { class: "value" }, h("span", { class: "dot", style: { background: LEVEL_COLOURS[level] ?? LEVEL_COLOURS.unknown } }), valueText(r.value, r.unit ?? parameterUnit(r.parameter)),
      r.flag && r.flag !== "N" && h("span", { class: "flag", dataset: { flag: r.flag } }, ` (${word("flag", r.flag)})`)),
    h("td", { class: "when" }, formatTime(r.ts)),
  );
}

/** Normalise GET /stations/{id}/latest: a list, `{values|latest|parameters: [...]}`, or `{parameter: {...}}`. */
function latestList(answer) {
  if (!answer) return [];
  if (Array.isArray(answer)) return answer;
  for (const key of ["values", "latest", "readings", "parameters"]) {
    if (Array.isArray(answer[key])) return answer[key];
    if (answer[key] && typeof answer[key] === "object") return latestList(answer[key]);
  }
  return Object.entries(answer)
    .filter(([, v]) => v && typeof v === "object" && "value" in v)
    .map(([parameter, v]) => ({ parameter, ...v }));
}

function declaredParameters(properties) {
  return listOf(properties?.parameters);
}
