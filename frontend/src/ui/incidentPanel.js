// The responder's incident: pick a release point or a storage unit, say what is released and
// how, and the threat zones are drawn — then redrawn as the release or the weather is changed.
// With them: what the model cannot do (its warnings), who and what is inside, where the
// water goes and which gates to close, the nearest help, and the one-page report.
import L from "leaflet";
import * as api from "../api.js";
import { featureName, onLangChange, t } from "../i18n.js";
import { DownstreamLayer } from "../layers/DownstreamLayer.js";
import { ThreatZoneLayer } from "../layers/ThreatZoneLayer.js";
import { h, fill, toast } from "./dom.js";
import { failure } from "./kit.js";
import { incidentResults, minutes } from "./incidentResults.js";

const STABILITY = ["auto", "A", "B", "C", "D", "E", "F"];
const LIVE_DELAY_MS = 700;
// the chemical picker's value for a group a station measures (NMHC), not a CAS
const GROUP = "parameter:";
const groupValue = (group) => `${GROUP}${group.parameter}`;

export class IncidentPanel {
  constructor(parent, map, { scale = 1 } = {}) {
    this.map = map;
    this.root = parent.appendChild(h("aside", { class: "panel incident-panel", hidden: true }));
    this.zones = new ThreatZoneLayer(null, { scale }).addTo(map);
    this.downstream = new DownstreamLayer({ scale }).addTo(map);
    this.marker = null;
    this.picking = false;
    this.source = null;
    this.chemicals = null;
    this.groups = [];
    this.answer = null;
    this.trace = null;
    this.failure = null;
    this.request = null;
    this.timer = null;
    this.state = {
      release: "continuous", rate: 60, duration: 10, mass: 1000,
      weatherSource: "auto", windSpeed: 2, windFrom: 270, stability: "auto", cloud: "",
      chemical: "", endpoints: { "AEGL-1": "", "AEGL-2": "", "AEGL-3": "" },
    };
    this.onMapClick = (event) => this.picking && this.setSource({ latlng: event.latlng });
    map.on("click", this.onMapClick);
    onLangChange(() => !this.root.hidden && this.render());
  }

  /** Enter pick mode: the next click on the map (or a storage unit) is the release point. */
  start() {
    this.reset();
    this.picking = true;
    this.map.getContainer().classList.add("picking");
    this.root.hidden = false;
    this.render();
    this._loadChemicals();
  }

  /** Take a feature click while picking; returns true when the incident used it. */
  takeFeature(feature, latlng) {
    if (!this.picking) return false;
    const unit = /storage/.test(feature.layer?.id ?? "") ? { ...feature.properties, id: feature.id } : null;
    this.setSource({ latlng, unit });
    return true;
  }

  setSource(source) {
    this.picking = false;
    this.map.getContainer().classList.remove("picking");
    this.source = source;
    if (source.unit?.cas) this.state.chemical = source.unit.cas;
    if (source.unit) this.state.release = "unit";
    if (this.marker) this.marker.setLatLng(source.latlng);
    else this.marker = L.marker(source.latlng, { keyboard: false, title: t("incident.source") }).addTo(this.map);
    this.render();
  }

  reset() {
    clearTimeout(this.timer);
    this.request?.abort();
    this.picking = false;
    this.source = this.answer = this.trace = this.failure = null;
    this.zones.clearLayers();
    this.downstream.clearLayers();
    this.marker?.remove();
    this.marker = null;
    this.map.getContainer().classList.remove("picking");
  }

  close() {
    this.reset();
    this.root.hidden = true;
    fill(this.root);
  }

  async _loadChemicals() {
    if (this.chemicals) return;
    // the library, the park's own chemicals first (a truck on the park's roads may carry any)
    try {
      const answer = await api.chemicals();
      this.chemicals = answer?.chemicals ?? [];
      // groups such as NMHC: what a VOC station measures when the substance is not known
      this.groups = (answer?.parameters ?? []).filter((p) => !p.cas);
    } catch {
      this.chemicals = [];
      this.groups = [];
    }
    if (!this.root.hidden && this.source) this.render();
  }

  /** Recompute a moment after the last change, once zones have been drawn. */
  changed() {
    if (!this.answer) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute(), LIVE_DELAY_MS);
  }

  render() {
    const s = this.state;
    const input = (key, label, attrs = {}) =>
      h("label", { class: "form-field" }, h("span", {}, t(label)),
        h("input", { type: "number", step: "any", min: "0", value: s[key], name: key, oninput: (e) => { s[key] = e.target.value; this.changed(); }, ...attrs }));
    const radio = (name, value, label, current, onchange) =>
      h("label", { class: "choice" }, h("input", { type: "radio", name, value, checked: current === value, onchange }), t(label));
    const state = this.answer ? "zones" : this.failure ? this.failure.state : "pending";
    fill(
      this.root,
      h("header", {},
        h("h2", {}, t("incident.title")),
        h("button", { class: "close", "aria-label": t("incident.clear"), title: t("incident.clear"), onclick: () => this.close() }, "×"),
      ),
      this.picking || !this.source
        ? h("p", { class: "hint" }, t("incident.pick"))
        : h("form", { class: "incident-form", onsubmit: (e) => { e.preventDefault(); this.compute(); } },
            h("p", { class: "source" }, h("strong", {}, `${t("incident.source")}: `),
              this.source.unit ? `${this.source.unit.code ?? featureName(this.source.unit)} · ` : "",
              this.source.unit?.chemical_zh ? `${featureName({ name_zh: this.source.unit.chemical_zh, name_en: this.source.unit.chemical_en })} · ` : "",
              `${this.source.latlng.lat.toFixed(5)}, ${this.source.latlng.lng.toFixed(5)}`),
            h("label", { class: "form-field" }, h("span", {}, t("incident.chemical")), this._chemicalInput()),
            h("fieldset", { class: "release" }, h("legend", {}, t("incident.release")),
              this.source.unit && radio("release", "unit", "incident.release.unit", s.release, () => { s.release = "unit"; this.render(); this.changed(); }),
              radio("release", "continuous", "incident.release.continuous", s.release, () => { s.release = "continuous"; this.render(); this.changed(); }),
              radio("release", "instant", "incident.release.instant", s.release, () => { s.release = "instant"; this.render(); this.changed(); }),
              s.release === "instant" ? input("mass", "incident.amount") : s.release === "continuous" ? [input("rate", "incident.rate"), input("duration", "incident.duration")] : h("p", { class: "row-sub" }, t("incident.release.unit_hint"))),
            h("fieldset", { class: "weather" }, h("legend", {}, t("incident.weather")),
              radio("weatherSource", "auto", "incident.weather.auto", s.weatherSource, () => { s.weatherSource = "auto"; this.changed(); }),
              radio("weatherSource", "entered", "incident.weather.entered", s.weatherSource, () => { s.weatherSource = "entered"; this.changed(); }),
              input("windSpeed", "incident.wind_speed", { min: "0.1" }),
              input("windFrom", "incident.wind_from", { max: "360" }),
              h("label", { class: "form-field" }, h("span", {}, t("incident.stability")),
                h("select", { name: "stability", onchange: (e) => { s.stability = e.target.value; this.changed(); } },
                  STABILITY.map((c) => h("option", { value: c, selected: c === s.stability }, c === "auto" ? t("incident.stability.auto") : c)))),
              input("cloud", "incident.cloud", { max: "8", step: "1" })),
            this._endpointInputs(),
            h("button", { type: "submit", class: "primary" }, this.answer ? t("incident.recompute") : t("incident.compute")),
          ),
      h("div", { class: "incident-results", dataset: { state } },
        this.failure ? h("p", { class: "empty incident-failure" }, this.failure.message) : null,
        this.answer ? incidentResults(this, this.answer, this.trace) : h("section", { class: "pending" }, h("p", { class: "empty" }, t("incident.pending")))),
    );
  }

  _chemicalInput() {
    const s = this.state;
    const onchange = (e) => { s.chemical = e.target.value.trim(); this.changed(); };
    if (this.chemicals?.length) {
      const known = this.chemicals.some((c) => c.cas === s.chemical) || this.groups.some((g) => groupValue(g) === s.chemical);
      const option = (c) => h("option", { value: c.cas, selected: c.cas === s.chemical },
        `${featureName(c)} (${c.cas})${c.modelled === false ? ` · ${t("incident.chemical.unmodelled")}` : ""}`);
      const held = this.chemicals.filter((c) => c.storage_units > 0);
      const others = this.chemicals.filter((c) => !(c.storage_units > 0));
      return h("select", { name: "chemical", required: true, onchange },
        h("option", { value: "" }, t("incident.chemical.pick")),
        !known && s.chemical && h("option", { value: s.chemical, selected: true }, s.chemical),
        held.length > 0 && h("optgroup", { label: t("incident.chemical.held") }, held.map(option)),
        others.length > 0 && h("optgroup", { label: t("incident.chemical.library") }, others.map(option)),
        this.groups.length > 0 && h("optgroup", { label: t("incident.chemical.groups") }, this.groups.map((g) =>
          h("option", { value: groupValue(g), selected: groupValue(g) === s.chemical }, `${featureName(g)} · ${t("incident.chemical.at_limits")}`))));
    }
    return h("input", { name: "chemical", placeholder: "CAS", required: true, pattern: "\\d{2,7}-\\d{2}-\\d", value: s.chemical, onchange });
  }

  /** Endpoints the responder gives, for a chemical the library has no sourced value for. */
  _endpointInputs() {
    const missing = this.failure?.noSourcedValue || Object.values(this.state.endpoints).some(Boolean);
    return h("details", { class: "endpoints", open: missing || undefined },
      h("summary", {}, t("incident.endpoints.own")),
      h("p", { class: "row-sub" }, t("incident.endpoints.hint")),
      Object.keys(this.state.endpoints).reverse().map((level) =>
        h("label", { class: "form-field inline" }, h("span", {}, `${level} (ppm)`),
          h("input", { type: "number", step: "any", min: "0", name: `endpoint-${level}`, value: this.state.endpoints[level],
            oninput: (e) => { this.state.endpoints[level] = e.target.value; this.changed(); } }))));
  }

  /** The body of POST /analysis/plume (and the incident record). */
  scenario() {
    const s = this.state;
    const release = s.release === "instant" ? { kind: "instantaneous", mass_kg: Number(s.mass) }
      : s.release === "continuous" ? { kind: "continuous", rate_kg_min: Number(s.rate), duration_min: Number(s.duration) }
      : {};
    const weather = {
      source: s.weatherSource,
      wind_speed_m_s: Number(s.windSpeed) || undefined,
      wind_from_deg: s.windFrom === "" ? undefined : Number(s.windFrom) % 360,
      stability: s.stability,
      cloud_oktas: s.cloud === "" ? undefined : Number(s.cloud),
    };
    const endpoints = Object.entries(s.endpoints).filter(([, v]) => Number(v) > 0).map(([label, v]) => ({ label, value: Number(v), unit: "ppm" }));
    const unit = this.source.unit;
    const group = s.chemical?.startsWith(GROUP) ? s.chemical.slice(GROUP.length) : undefined;
    return {
      lon: unit ? undefined : this.source.latlng.lng,
      lat: unit ? undefined : this.source.latlng.lat,
      storage_unit_id: unit?.id ?? undefined,
      cas: (unit && s.chemical === unit.cas) || group ? undefined : s.chemical || undefined,
      parameter: group,
      release,
      weather,
      endpoints,
      impact: true,
    };
  }

  async compute() {
    if (!this.source) return;
    clearTimeout(this.timer);
    this.request?.abort();
    const request = (this.request = new AbortController());
    const button = this.root.querySelector(".incident-form button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = t("incident.computing");
    }
    const first = !this.answer;
    const where = { lon: this.source.latlng.lng, lat: this.source.latlng.lat };
    const [plume, trace] = await Promise.allSettled([
      api.plume(this.scenario(), request.signal),
      api.traceDownstream({ ...where, network: "rain" }, request.signal),
    ]);
    if (request.signal.aborted) return;
    this.trace = trace.status === "fulfilled" ? trace.value : { error: trace.reason };
    if (plume.status === "fulfilled") {
      this.answer = plume.value;
      this.failure = null;
      this.zones.setZones(this.answer);
      this.downstream.setTrace(trace.status === "fulfilled" ? trace.value : null, minutes);
      if (first && this.zones.getLayers().length) {
        // keep the zones clear of the panel that floats over the map's right edge
        const panel = this.root.offsetWidth < this.map.getSize().x / 2 ? this.root.offsetWidth + 24 : 24;
        this.map.fitBounds(this.zones.getBounds(), { paddingTopLeft: [40, 40], paddingBottomRight: [panel, 40], maxZoom: 16 });
      }
    } else {
      const err = plume.reason;
      this.answer = null;
      this.zones.clearLayers();
      this.downstream.clearLayers();
      this.failure = {
        state: err.missing ? "unavailable" : "failed",
        message: err.missing ? t("incident.no_analysis") : `${t("incident.failed")}: ${failure(err)}`,
        noSourcedValue: /no sourced/.test(err.message ?? ""),
      };
      if (!err.missing && !this.failure.noSourcedValue) toast(this.failure.message, "error");
    }
    this.render();
    // the first answer: bring the results into view (later ones redraw in place)
    if (first && this.answer) this.root.querySelector(".incident-results")?.scrollIntoView({ block: "start" });
  }

  /** Record the incident with what was computed, make its report and open it in a new tab. */
  async report(button) {
    const tab = window.open("", "_blank");
    button.disabled = true;
    try {
      const p = this.answer.properties ?? {};
      const unit = p.release?.storage_unit;
      const scenario = this.scenario();
      const incident = await api.createIncident({
        title: t("incident.report.title", { chemical: featureName({ name_zh: p.chemical?.name_zh, name_en: p.chemical?.name_en }), place: unit?.code ?? "" }).trim(),
        occurred_at: new Date().toISOString(),
        lon: p.release?.lon ?? this.source.latlng.lng,
        lat: p.release?.lat ?? this.source.latlng.lat,
        place: unit ? `${unit.code} · ${unit.enterprise_name ?? ""}` : null,
        chemical_id: p.chemical?.id ?? null,
        storage_unit_id: unit?.id ?? null,
        release: scenario.release,
        weather: scenario.weather,
        results: { plume: this.answer, downstream: this.trace?.type === "FeatureCollection" ? this.trace : null },
      });
      await api.makeIncidentReport(incident.id);
      const href = api.incidentReportUrl(incident.id);
      if (tab) {
        tab.opener = null;
        tab.location.href = href;
      } else {
        window.open(href, "_blank", "noopener");
      }
      toast(t("incident.report.ready"), "ok");
    } catch (err) {
      tab?.close();
      toast(failure(err), "error");
    }
    button.disabled = false;
  }

  /** Fly to a place listed in the results. */
  show(lat, lng) {
    if (lat == null || lng == null) return;
    this.map.flyTo([lat, lng], Math.max(this.map.getZoom(), 16), { duration: 0.6 });
  }
}
