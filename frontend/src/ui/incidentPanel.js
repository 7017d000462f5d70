// The responder's incident shell: pick a release point or storage unit, describe the release
// and the weather, ask the server for threat zones and draw them. Sections the analysis
// endpoints will fill stay visible as placeholders so the page layout never jumps.
import L from "leaflet";
import * as api from "../api.js";
import { currentLang, featureName, onLangChange, t } from "../i18n.js";
import { ThreatZoneLayer } from "../layers/ThreatZoneLayer.js";
import { h, fill, formatNumber, toast } from "./dom.js";

const STABILITY = ["A", "B", "C", "D", "E", "F"];

/** A storage unit's chemical in the current language. */
const localName = (unit) => (currentLang() === "en" ? unit.chemical_en : unit.chemical_zh) ?? unit.chemical_zh ?? "";
const PENDING = ["isolation", "inside", "downstream", "resources"];

export class IncidentPanel {
  constructor(parent, map) {
    this.map = map;
    this.root = parent.appendChild(h("aside", { class: "panel incident-panel", hidden: true }));
    this.zones = new ThreatZoneLayer(null).addTo(map);
    this.marker = null;
    this.picking = false;
    this.source = null;
    this.chemicals = null;
    this.answer = null;
    this.state = { release: "continuous", amount: 1000, rate: 1, duration: 10, windSpeed: 2, windFrom: 270, stability: "D", chemical: "" };
    this.onMapClick = (event) => this.picking && this.setSource({ latlng: event.latlng });
    map.on("click", this.onMapClick);
    onLangChange(() => !this.root.hidden && this.render());
  }

  /** Enter pick mode: the next click on the map (or a storage unit) is the release point. */
  start() {
    this.picking = true;
    this.source = null;
    this.answer = null;
    this.zones.clearLayers();
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
    if (source.unit) {
      const byCas = this.chemicals?.find((c) => c.cas && c.cas === source.unit.cas);
      if (source.unit.chemical_id != null) this.state.chemical = String(source.unit.chemical_id);
      else if (byCas) this.state.chemical = byCas.id;
      else if (source.unit.cas) this.state.chemical = source.unit.cas;
      if (source.unit.quantity_t != null) this.state.amount = Math.round(source.unit.quantity_t * 1000);
    }
    if (this.marker) this.marker.setLatLng(source.latlng);
    else this.marker = L.marker(source.latlng, { keyboard: false, title: t("incident.source") }).addTo(this.map);
    this.render();
  }

  close() {
    this.picking = false;
    this.source = null;
    this.answer = null;
    this.zones.clearLayers();
    this.marker?.remove();
    this.marker = null;
    this.map.getContainer().classList.remove("picking");
    this.root.hidden = true;
    fill(this.root);
  }

  async _loadChemicals() {
    if (this.chemicals) return;
    try {
      const answer = await api.collectionItems("chemicals", { limit: 500 });
      this.chemicals = (answer?.features ?? []).map((f) => ({ id: String(f.id ?? f.properties?.id), ...f.properties }));
    } catch {
      this.chemicals = [];
    }
    if (!this.root.hidden) this.render();
  }

  render() {
    const s = this.state;
    const field = (key, label, attrs = {}) =>
      h("label", { class: "form-field" }, h("span", {}, t(label)),
        h("input", { type: "number", step: "any", min: "0", value: s[key], name: key, oninput: (e) => (s[key] = e.target.value), ...attrs }));
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
              this.source.unit?.chemical_zh ? `${localName(this.source.unit)} · ` : "",
              `${this.source.latlng.lat.toFixed(5)}, ${this.source.latlng.lng.toFixed(5)}`),
            h("label", { class: "form-field" }, h("span", {}, t("incident.chemical")), this._chemicalInput()),
            h("fieldset", { class: "release" }, h("legend", {}, t("incident.release")),
              ["instant", "continuous"].map((kind) =>
                h("label", { class: "choice" }, h("input", { type: "radio", name: "release", value: kind, checked: s.release === kind, onchange: () => { s.release = kind; this.render(); } }), t(`incident.release.${kind}`)))),
            s.release === "instant" ? field("amount", "incident.amount") : [field("rate", "incident.rate"), field("duration", "incident.duration")],
            h("fieldset", { class: "weather" }, h("legend", {}, t("incident.weather")),
              field("windSpeed", "incident.wind_speed"),
              field("windFrom", "incident.wind_from", { max: "360" }),
              h("label", { class: "form-field" }, h("span", {}, t("incident.stability")),
                h("select", { name: "stability", onchange: (e) => (s.stability = e.target.value) },
                  STABILITY.map((c) => h("option", { value: c, selected: c === s.stability }, c))))),
            h("button", { type: "submit", class: "primary" }, t("incident.compute")),
          ),
      this._results(),
    );
  }

  _chemicalInput() {
    const s = this.state;
    if (this.chemicals?.length) {
      return h("select", { name: "chemical", required: true, onchange: (e) => (s.chemical = e.target.value) },
        h("option", { value: "" }, t("incident.chemical.pick")),
        this.chemicals.map((c) => h("option", { value: c.id, selected: c.id === s.chemical }, `${featureName(c)}${c.cas ? ` (${c.cas})` : ""}`)));
    }
    return h("input", { name: "chemical", placeholder: "CAS", value: s.chemical, oninput: (e) => (s.chemical = e.target.value) });
  }

  _results() {
    const zones = this.answer?.features ?? [];
    const state = this.answer === null ? "pending" : typeof this.answer === "string" ? this.failure : "zones";
    return h("div", { class: "incident-results", dataset: { state } },
      h("section", {}, h("h3", {}, t("incident.zones")),
        this.answer === null ? h("p", { class: "empty" }, t("incident.pending"))
          : typeof this.answer === "string" ? h("p", { class: "empty" }, this.answer)
          : h("ul", { class: "zones" }, zones.map((z) => h("li", {}, String(z.properties?.zone ?? z.properties?.level ?? "").toUpperCase(),
              z.properties?.distance_m != null ? ` — ${formatNumber(z.properties.distance_m)} m` : "")))),
      PENDING.map((key) => h("section", { class: "pending" }, h("h3", {}, t(`incident.pending.${key}`)), h("p", { class: "empty" }, t("incident.pending")))),
    );
  }

  /** The request body for POST /analysis/plume. */
  incident() {
    const s = this.state;
    const chemical = this.chemicals?.find((c) => c.id === s.chemical);
    return {
      lon: this.source.latlng.lng,
      lat: this.source.latlng.lat,
      chemical_id: chemical ? Number(chemical.id) : undefined,
      cas: chemical?.cas ?? (this.chemicals?.length ? undefined : s.chemical),
      storage_unit_id: this.source.unit?.id,
      release: s.release === "instant"
        ? { kind: "instant", amount_kg: Number(s.amount) }
        : { kind: "continuous", rate_kg_s: Number(s.rate), duration_s: Number(s.duration) * 60 },
      weather: { wind_speed_ms: Number(s.windSpeed), wind_from_deg: Number(s.windFrom), stability: s.stability },
    };
  }

  async compute() {
    if (!this.source) return;
    const button = this.root.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = t("incident.computing");
    }
    try {
      const answer = await api.plume(this.incident());
      this.answer = answer?.type === "FeatureCollection" ? answer : { features: [] };
      this.zones.setZones(this.answer);
      if (this.zones.getLayers().length) this.map.fitBounds(this.zones.getBounds(), { padding: [40, 40], maxZoom: 16 });
    } catch (err) {
      this.answer = err.missing ? t("incident.no_analysis") : `${t("incident.failed")}: ${err.message}`;
      this.failure = err.missing ? "unavailable" : "failed";
      if (!err.missing) toast(this.answer, "error");
    }
    this.render();
  }
}
