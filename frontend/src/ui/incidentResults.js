// What an incident's analysis says, section by section: the model's limits, the zones and the
// values they rest on (with their sources), who and what is inside, where the water goes and
// which gates to close, and the nearest help.
import { currentLang, featureName, t, word } from "../i18n.js";
import { formatDistance } from "../geo.js";
import { ZONE_COLOURS, zoneKey, zoneNameKey } from "../layers/ThreatZoneLayer.js";
import { h, formatNumber, formatTime } from "./dom.js";
import { facts, failure } from "./kit.js";

const LISTED = 12;
// places where people cannot simply be told to leave: listed first and marked
const VULNERABLE = new Set(["school", "kindergarten", "hospital", "nursing_home", "medical_station"]);
// the library's wording for a toxic endpoint no source gives (shown in both languages on purpose)
export const NO_SOURCED_VALUE = "无来源数值 / no sourced value";

/** A results section: `name` is its class, so each part can be found on the page. */
function part(name, title, ...children) {
  return h("section", { class: `module-section incident-${name}` }, title && h("h3", {}, title), ...children);
}

/** A travel time: "12 min", "1 h 05 min". */
export function minutes(seconds) {
  const m = Math.round(seconds / 60);
  if (m < 60) return `${Math.max(m, 1)} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

export function incidentResults(panel, answer, trace) {
  const p = answer.properties ?? {};
  const zones = (answer.features ?? []).filter((f) => f.properties?.kind === "threat_zone");
  const isolation = answer.features?.find((f) => f.properties?.kind === "initial_isolation")?.properties;
  const protective = answer.features?.find((f) => f.properties?.kind === "protective_action")?.properties;
  const impact = p.impact ?? {};
  return [
    summary(p),
    warnings(p.warnings ?? [], p.chemical),
    part("zones", t("incident.zones"),
      h("table", { class: "zones-table" },
        h("thead", {}, h("tr", {}, h("th", {}, t("incident.zone")), h("th", { class: "num" }, "ppm"), h("th", { class: "num" }, t("incident.downwind")), h("th", { class: "num" }, t("incident.width")))),
        h("tbody", {}, zones.map((z) => zoneRow(z.properties)))),
      isolation && h("p", { class: "zone-line", dataset: { zone: "initial_isolation" } }, swatch("initial_isolation"), t("incident.isolation", { m: formatNumber(isolation.radius_m) })),
      protective && h("p", { class: "zone-line", dataset: { zone: "protective_action" } }, swatch("protective_action"), t("incident.protective", { m: formatNumber(protective.distance_m), w: formatNumber(2 * protective.half_width_m) })),
      (isolation ?? protective)?.basis && h("p", { class: "row-sub zone-basis" }, basisText(isolation ?? protective, p)),
      endpointSources(p.chemical)),
    impactSection(panel, impact),
    downstreamSection(panel, trace),
    resourcesSection(panel, impact.nearest_resources ?? []),
    h("button", { type: "button", class: "primary incident-report", onclick: (e) => panel.report(e.currentTarget) }, t("incident.report")),
  ];
}

function summary(p) {
  const r = p.release ?? {};
  const c = p.chemical ?? {};
  const w = p.weather ?? {};
  const release = r.kind === "instantaneous"
    ? `${t("incident.release.instant")} ${formatNumber(r.mass_kg)} kg`
    : `${t("incident.release.continuous")} ${formatNumber((r.rate_g_s * 60) / 1000)} kg/min${r.duration_s ? ` × ${formatNumber(r.duration_s / 60)} min` : ""}`;
  return part("summary", null, facts([
    [t("incident.chemical"), [featureName(c), c.cas && `CAS ${c.cas}`, c.un_number && `UN ${c.un_number}`].filter(Boolean).join(" · ")],
    [t("incident.release"), h("span", { class: "release-amount" }, release, amountText(r) && ` (${amountText(r)})`)],
    [t("incident.weather"), `${formatNumber(w.wind_speed_m_s)} m/s, ${t("incident.from")} ${formatNumber(w.wind_from_deg)}° · ${w.stability ?? ""}`],
    [t("incident.weather.basis"), h("span", { class: "weather-basis" }, [windText(w), stabilityText(w)].filter(Boolean).join(" · "))],
  ]));
}

/** Where the released amount comes from, when the responder did not enter it. */
function amountText(r) {
  const unit = r.storage_unit;
  if (r.amount_source === "entered" || (!r.amount_source && r.amount_basis === "entered")) return "";
  if (unit && (r.amount_source === "worst_case" || r.amount_source === "whole_content")) {
    return t(`incident.amount.${r.amount_source}`, { unit: unit.code, t: formatNumber(unit.quantity_t), min: formatNumber((r.duration_s ?? 0) / 60) });
  }
  return r.amount_basis ?? "";
}

function windText(w) {
  if (w.station) return t("incident.wind.station", { code: w.station.code ?? w.station.name, time: formatTime(w.station.observed_at) });
  return w.wind_source ? word("incident.wind_source", w.wind_source) : "";
}

/** How the stability class was chosen: entered, or read from the Pasquill table. */
function stabilityText(w) {
  const f = w.stability_facts;
  if (!f) return w.stability_basis ?? "";
  if (f.method === "entered") return t("incident.stability.entered");
  return t("incident.stability.pasquill", {
    period: t(f.daytime ? "incident.stability.day" : "incident.stability.night"),
    sun: formatNumber(f.sun_elevation_deg),
    cloud: f.cloud_oktas == null ? t("incident.stability.cloud_unknown") : t("incident.stability.cloud", { n: f.cloud_oktas }),
    insolation: f.insolation ? t(`incident.stability.insolation.${f.insolation}`) : "",
  });
}

/** What the isolation and protective-action distances rest on: the model's zones or an ERG row. */
function basisText(zone, p) {
  const f = zone.basis_facts;
  if (f?.source === "model") {
    return t("incident.basis.model", { release: t(`incident.basis.${p.release?.kind}`), chemical: featureName(p.chemical), isolation: word("incident.zone", f.isolation), protective: word("incident.zone", f.protective) });
  }
  if (f?.source === "erg") {
    return t("incident.basis.erg", { edition: f.edition, un: f.un_number, spill: t(`incident.basis.spill.${f.spill}`), period: t(`incident.basis.period.${f.period}`) });
  }
  return zone.basis;
}

/** The model's warning in the reader's language from the facts it states (its own words otherwise). */
function warningText(w, chemical) {
  const key = `incident.warning_text.${w.code}`;
  if (!w.facts || t(key) === key) return w.message;
  const vars = Object.fromEntries(Object.entries(w.facts).map(([k, v]) => [k, typeof v === "number" ? formatNumber(v) : v]));
  const place = w.facts.place ? t(`incident.place.${w.facts.place}`, { zone: word("incident.zone", w.facts.zone) }) : "";
  return t(key, { ...vars, place, chemical: featureName(chemical) });
}

/** The model's own statement of what it cannot do here, as ALOHA words its limits. */
function warnings(list, chemical) {
  if (!list.length) return null;
  return h("section", { class: "incident-warnings", role: "note" },
    h("h3", {}, t("incident.warnings")),
    h("ul", {}, list.map((w) => h("li", { dataset: { warning: w.code } },
      h("strong", {}, word("incident.warning", w.code)), h("span", { class: "warning-text" }, warningText(w, chemical))))));
}

function swatch(key) {
  return h("span", { class: "swatch-dot", style: { background: ZONE_COLOURS[key] ?? "#c62828" } });
}

function zoneRow(z) {
  const key = zoneKey(z);
  return h("tr", { dataset: { zone: key } },
    h("td", {}, swatch(key), ` ${word("incident.zone", z.level)}`),
    h("td", { class: "num" }, formatNumber(z.ppm)),
    h("td", { class: "num" }, `${formatDistance(z.max_downwind_m)}${z.truncated ? " +" : ""}`),
    h("td", { class: "num" }, formatDistance(2 * (z.max_half_width_m ?? 0))));
}

/** Each toxic endpoint with where its value comes from — or, plainly, that none is sourced. */
function endpointSources(chemical) {
  const endpoints = chemical?.endpoints ?? [];
  if (!endpoints.length) return null;
  return h("details", { class: "endpoint-sources", open: endpoints.some((e) => !e.sourced) || undefined },
    h("summary", {}, t("incident.endpoints", { basis: endpointsBasis(chemical) })),
    h("ul", {}, endpoints.map((e) => h("li", { class: e.sourced ? "sourced" : "unsourced", dataset: { level: e.level } },
      h("strong", {}, `${word("incident.zone", e.level)}: `),
      e.sourced ? `${formatNumber(e.ppm)} ppm (${formatNumber(e.mg_m3)} mg/m³) — ${e.source}` : h("span", { class: "no-source" }, NO_SOURCED_VALUE)))),
    chemical.modelled_endpoints?.some((m) => m.entered_as && !endpoints.find((e) => e.level === m.level && e.sourced)) &&
      h("p", { class: "row-sub" }, t("incident.endpoints.entered")));
}

function endpointsBasis(chemical) {
  if (chemical.endpoints_source === "library") return t("incident.endpoints.library");
  if (chemical.endpoints_source === "entered") return t("incident.endpoints.entered_all");
  if (chemical.endpoints_source === "ambient") return t("incident.endpoints.ambient");
  return chemical.endpoints_basis ?? "";
}

function placeRow(panel, row, extra) {
  return h("li", { class: VULNERABLE.has(row.kind) ? "vulnerable" : "" },
    h("button", { type: "button", class: "link", onclick: () => panel.show(row.lat, row.lon) }, featureName(row) || row.code),
    ` · ${formatDistance(row.distance_m)}`,
    row.wind && ` · ${word("incident.wind", row.wind)}`,
    extra ? ` · ${extra}` : "",
  );
}

function impactSection(panel, impact) {
  const inside = impact.inside ?? {};
  const totals = impact.totals ?? {};
  const zoneNames = impact.zones ?? Object.keys(totals);
  if (!zoneNames.length) return null;
  const people = (inside.population ?? []).slice().sort((a, b) => Number(VULNERABLE.has(b.kind)) - Number(VULNERABLE.has(a.kind)) || a.distance_m - b.distance_m);
  const vulnerable = [...people.filter((r) => VULNERABLE.has(r.kind)), ...(inside.resource ?? []).filter((r) => VULNERABLE.has(r.kind))];
  const list = (rows, render) => rows.length
    ? h("ul", { class: "plain places" }, rows.slice(0, LISTED).map(render), rows.length > LISTED && h("li", { class: "row-sub" }, t("incident.more", { n: rows.length - LISTED })))
    : h("p", { class: "empty" }, t("incident.none_inside"));
  return part("inside", t("incident.inside"),
    h("table", { class: "totals" },
      h("thead", {}, h("tr", {}, h("th", {}, t("incident.zone")), h("th", { class: "num" }, t("incident.enterprises")), h("th", { class: "num" }, t("incident.people")), h("th", { class: "num" }, t("incident.tanks")))),
      h("tbody", {}, zoneNames.map((zone) => h("tr", { dataset: { zone } },
        h("td", {}, swatch(zoneNameKey(zone)), ` ${word("incident.zone", zone)}`),
        h("td", { class: "num" }, formatNumber(totals[zone]?.enterprise ?? 0)),
        h("td", { class: "num" }, formatNumber(totals[zone]?.people ?? 0)),
        h("td", { class: "num" }, formatNumber(totals[zone]?.storage_unit ?? 0)))))),
    vulnerable.length > 0 && h("div", { class: "vulnerable-box" }, h("h4", {}, t("incident.vulnerable")),
      list(vulnerable, (r) => placeRow(panel, r, [word("incident.kind", r.kind), r.people != null && t("incident.n_people", { n: formatNumber(r.people) }), r.capacity != null && `${formatNumber(r.capacity)}`].filter(Boolean).join(" · ")))),
    h("h4", {}, t("incident.enterprises")),
    list(inside.enterprise ?? [], (r) => placeRow(panel, r, [r.zones?.[0] && word("incident.zone", r.zones[0]), r.employees != null && t("incident.n_people", { n: formatNumber(r.employees) }), r.phone].filter(Boolean).join(" · "))),
    h("h4", {}, t("incident.people_places")),
    list(people, (r) => placeRow(panel, r, [word("incident.kind", r.kind), t("incident.n_people", { n: formatNumber(r.people) })].join(" · "))),
  );
}

function downstreamSection(panel, trace) {
  if (!trace) return null;
  if (trace.error) return part("downstream", t("incident.downstream"), h("p", { class: "empty" }, failure(trace.error)));
  const p = trace.properties ?? {};
  const gates = p.rain_gates ?? [];
  const outfalls = p.outfalls ?? [];
  return part("downstream", t("incident.downstream"),
    h("p", { class: "row-sub" }, t("incident.pipes", { n: p.pipe_count ?? 0, m: formatDistance(p.pipe_length_m ?? 0) })),
    h("h4", {}, t("incident.gates")),
    gates.length
      ? h("ul", { class: "plain gates" }, gates.map((g) => h("li", { class: g.state === "closed" ? "closed" : "alert", dataset: { gate: g.id } },
          h("button", { type: "button", class: "link", onclick: () => panel.show(g.lat, g.lon) }, g.code),
          ` · ${word("gate.state", g.state)} · ${t("incident.action")}: ${word("incident.gate_action", g.action)} · ${minutes(g.travel_time_s)}`)))
      : h("p", { class: "empty" }, t("incident.no_gates")),
    h("h4", {}, t("incident.outfalls")),
    outfalls.length
      ? h("ul", { class: "plain outfalls" }, outfalls.map((o) => h("li", { dataset: { outfall: o.outfall_id ?? "" } },
          h("button", { type: "button", class: "link", onclick: () => panel.show(o.lat, o.lon) }, o.outfall_code ?? o.code),
          o.outfall ? ` · ${featureName(o.outfall)}` : "", ` · ${formatDistance(o.distance_m)} · ${t("incident.arrives", { t: minutes(o.travel_time_s) })}`)))
      : h("p", { class: "empty" }, t("incident.no_outfalls")),
    (p.plant_inlets ?? []).length > 0 && h("p", {}, t("incident.plant_inlets", { codes: p.plant_inlets.map((i) => `${i.code} (${minutes(i.travel_time_s)})`).join("、") })),
    h("p", { class: "row-sub" }, t("incident.velocity", { v: formatNumber(p.velocity_m_s) })),
  );
}

function resourcesSection(panel, rows) {
  if (!rows.length) return null;
  return part("resources", t("incident.resources"),
    h("ul", { class: "plain resources" }, rows.map((r) => h("li", { dataset: { kind: r.kind } },
      h("strong", {}, word("incident.kind", r.kind)), " ",
      h("button", { type: "button", class: "link", onclick: () => panel.show(r.lat, r.lon) }, featureName(r) || r.code),
      ` · ${formatDistance(r.distance_m)} · ${word("incident.wind", r.wind)}`,
      r.zones?.length ? h("span", { class: "alert" }, ` · ${t("incident.inside_zone")}`) : "",
      r.capacity != null ? ` · ${t("incident.capacity", { n: formatNumber(r.capacity) })}` : "",
      r.contact ? ` · ${r.contact}` : "",
      Object.keys(r.materials ?? {}).length > 0 && h("div", { class: "row-sub" },
        Object.entries(r.materials).map(([k, v]) => `${word("incident.material", k)} ${formatNumber(v)}`).join(currentLang() === "en" ? ", " : "，"))))),
    h("p", { class: "row-sub" }, t("incident.resources.hint")));
}
