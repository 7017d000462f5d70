// Joint early warning for a clicked place: water, air and soil side by side, and which of
// the three prevention levels (enterprise, park, basin) holds an incident there.
import * as api from "../api.js";
import { featureName, nameOf, t, word } from "../i18n.js";
import { formatDistance } from "../geo.js";
import { JointWarningLayer } from "../layers/JointWarningLayer.js";
import { h, fill, formatNumber } from "../ui/dom.js";
import { badge, failure, section, select } from "../ui/kit.js";
import { ProgramModule } from "./module.js";

const RADII = [500, 1000, 2000, 5000];
const LEVELS = ["enterprise", "park", "basin"];

export class JointWarningModule extends ProgramModule {
  static id = "joint";

  start({ lat, lng } = {}) {
    this.drawn ??= new JointWarningLayer({ scale: this.scale ?? 1 }).addTo(this.map);
    this.state ??= { radius: 1000, point: null, answer: null };
    this.map.getContainer().classList.add("picking");
    this.view((body) => this.panel(body));
    if (lat != null && lng != null) this.takeMapClick({ lat, lng });
  }

  stop() {
    this.drawn?.remove();
    this.map.getContainer().classList.remove("picking");
  }

  takeMapClick(latlng) {
    this.state.point = { lat: latlng.lat, lng: latlng.lng };
    this.ask();
    return true;
  }

  async ask() {
    const s = this.state;
    if (!s.point) return;
    s.answer = "loading";
    this.rerender();
    try {
      s.answer = await this.fetch((signal) => api.jointWarning({ lon: s.point.lng, lat: s.point.lat, radius: s.radius }, signal));
      this.drawn.setWarning(s.answer);
    } catch (err) {
      s.answer = err;
    }
    this.rerender();
  }

  panel(body) {
    const s = this.state;
    body.append(
      select(t("joint.radius"), "radius", RADII.map((m) => [m, formatDistance(m)]), s.radius, { onchange: (e) => { s.radius = Number(e.target.value); this.ask(); } }),
      h("p", { class: "hint pick-hint" }, s.point ? t("joint.at", { lat: s.point.lat.toFixed(5), lng: s.point.lng.toFixed(5) }) : t("joint.pick")),
    );
    if (s.answer === "loading") body.append(h("p", { class: "empty" }, t("panel.loading")));
    else if (s.answer instanceof Error) body.append(h("p", { class: "empty" }, failure(s.answer)));
    else if (s.answer) body.append(...this.result(s.answer));
  }

  result(a) {
    const p = a.prevention;
    const place = a.place.enterprise ? nameOf(a.place.enterprise) : t(a.place.inside_park ? "joint.in_park" : "joint.outside_park");
    return [
      h("p", { class: "joint-place" }, h("strong", {}, place)),
      h("ol", { class: "prevention", dataset: { contained: p.contained_at } }, LEVELS.map((level) => {
        const holds = level === p.contained_at;
        return h("li", { class: `level ${holds ? "contained" : ""} ${p[level].holds ? "holds" : "breached"}`, dataset: { level } },
          h("div", { class: "level-head" }, h("span", { class: "level-name" }, t(`joint.level.${level}`)),
            h("span", { class: "level-verdict" }, holds ? t("joint.contained_here") : p[level].holds ? t("joint.holds") : t("joint.breached"))),
          h("div", { class: "level-detail" }, this.levelDetail(level, p[level])));
      })),
      section(t("joint.air"), stationList(a.air.stations), a.air.open_alarms > 0 && h("p", { class: "alert" }, t("joint.alarms", { n: a.air.open_alarms }))),
      section(t("joint.water"),
        a.water.outfalls.length ? h("ul", { class: "plain" }, a.water.outfalls.map((o) => h("li", {}, `${o.code} `, badge("outfall.status", o.rectification_status), o.exceeded ? h("span", { class: "alert" }, ` ${t("outfall.exceeded")}`) : ""))) : h("p", { class: "empty" }, t("joint.no_outfalls")),
        a.water.plant_inlets?.length > 0 && h("p", {}, t("joint.plant_inlets", { codes: a.water.plant_inlets.map((i) => i.code).join("、") })),
        a.water.pipe_ids?.length > 0 && h("p", { class: "row-sub" }, t("joint.pipes", { n: a.water.pipe_ids.length })),
        stationList(a.water.stations)),
      section(t("joint.soil"),
        a.soil.storage_units.length
          ? h("ul", { class: "plain" }, a.soil.storage_units.slice(0, 10).map((u) => h("li", {}, `${u.code} · ${u.chemical_name_zh ?? ""} ${formatNumber(u.quantity_t)} t · ${formatDistance(u.distance_m)}`)))
          : h("p", { class: "empty" }, t("joint.no_tanks")),
        h("p", { class: "row-sub" }, t("joint.soil_note"))),
    ];
  }

  levelDetail(level, d) {
    if (level === "enterprise") {
      if (!d.applies) return t("joint.enterprise.na");
      return d.signals_outside.length ? t("joint.enterprise.signals", { codes: d.signals_outside.join("、") }) : t("joint.enterprise.quiet");
    }
    if (level === "park") {
      return [
        t("joint.park.gates", { closed: d.rain_gates_closed, total: d.rain_gates }),
        d.open_gates.length > 0 && h("div", { class: "alert" }, t("joint.park.open", { codes: d.open_gates.map((g) => g.code).join("、") })),
        d.emergency_pools?.length > 0 && h("div", {}, t("joint.park.pools", { pools: d.emergency_pools.map((pool) => `${featureName(pool)} ${formatNumber(pool.capacity)} m³ (${formatDistance(pool.distance_m)})`).join("；") })),
      ];
    }
    return d.river_stations.length
      ? [t("joint.basin.stations", { codes: d.river_stations.map((r) => r.code).join("、") }), d.stations_in_alarm.length > 0 && h("div", { class: "alert" }, t("joint.basin.alarm", { codes: d.stations_in_alarm.join("、") }))]
      : t("joint.basin.none");
  }
}

function stationList(stations) {
  if (!stations?.length) return h("p", { class: "empty" }, t("joint.no_stations"));
  return h("ul", { class: "plain stations" }, stations.slice(0, 8).map((s) =>
    h("li", { class: s.open_alarms?.length ? "alert" : "" }, `${s.code} · ${word("station.kind", s.kind)} · ${formatDistance(s.distance_m)}`,
      s.open_alarms?.length ? ` · ${t("joint.alarms", { n: s.open_alarms.length })}` : "")));
}
