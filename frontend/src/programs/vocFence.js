// The VOC electronic fence: the last hour judged (wind, upwind background, each boundary
// station's rise and alarm, the arithmetic), the candidate sources of an alarm, the hours
// before, and for managers "judge the last hour now".
import * as api from "../api.js";
import { t, word } from "../i18n.js";
import { can } from "../roles.js";
import { LikelihoodLayer } from "../layers/LikelihoodLayer.js";
import { parameterLabel } from "../parameters.js";
import { h, fill, formatNumber, formatTime } from "../ui/dom.js";
import { actionForm, badge, facts, failure, load, section } from "../ui/kit.js";
import { ProgramModule } from "./module.js";

const HOURS_SHOWN = 24;
const TRACE_LOOKBACK_H = 6;

export class VocFenceModule extends ProgramModule {
  static id = "voc";
  static overlays = ["voc"];

  start() {
    this.view((body) => this.fence(body));
  }

  stop() {
    this.surface?.remove();
  }

  fence(body) {
    const latest = h("div", { class: "voc-latest" }, h("p", { class: "empty" }, t("panel.loading")));
    const hours = h("div", { class: "voc-hours" });
    body.append(latest);
    if (can(this.role, "runPrograms")) {
      body.append(actionForm({
        className: "voc-evaluate secondary",
        submit: t("voc.evaluate"),
        send: () => api.evaluateVocFence(),
        onDone: () => {
          this.overlays.refresh("voc");
          this.rerender();
        },
      }));
    }
    body.append(section(t("voc.hours"), hours));
    load(latest, this.fetch((signal) => api.vocFence(signal)), ({ evaluation }) => fill(latest, this.evaluation(evaluation)));
    load(hours, this.fetch((signal) => api.vocFenceHours(HOURS_SHOWN, signal)), (answer) => {
      fill(hours, answer.hours.length
        ? h("ol", { class: "hour-strip" }, answer.hours.map((e) => h("li", { class: `hour status-${e.status}`, title: `${formatTime(e.hour)} · ${word("voc.status", e.status)}` },
            h("span", { class: "hour-time" }, formatTime(e.hour).slice(6, 11)), badge("voc.status", e.status))))
        : h("p", { class: "empty" }, t("voc.no_hours")));
    });
  }

  evaluation(e) {
    if (!e) return h("p", { class: "empty" }, t("voc.none"));
    const r = e.result ?? {};
    const stations = [...(r.stations ?? [])].sort((a, b) => Number(b.exceeded) - Number(a.exceeded) || (b.delta ?? -1e9) - (a.delta ?? -1e9));
    return [
      h("div", { class: "voc-head", dataset: { status: e.status } },
        h("div", {}, h("div", { class: "row-sub" }, `${t("voc.hour")} ${formatTime(e.hour)}`), badge("voc.status", e.status, "big")),
        e.wind_from_deg != null && h("div", { class: "wind", title: t("voc.wind_from", { deg: formatNumber(e.wind_from_deg) }) },
          // the arrow points where the air goes: downwind of the direction it comes from
          h("span", { class: "wind-arrow", style: { transform: `rotate(${(Number(e.wind_from_deg) + 180) % 360}deg)` } }, "↑"),
          h("span", {}, `${formatNumber(e.wind_from_deg)}° · ${formatNumber(e.wind_speed_m_s)} m/s`)),
      ),
      facts([
        [t("voc.parameter"), r.parameter && parameterLabel(r.parameter)],
        [t("voc.background"), r.background != null && `${formatNumber(r.background)} mg/m³`],
        [t("voc.sigma"), r.sigma != null && `${formatNumber(r.sigma)} mg/m³`],
        [t("voc.threshold"), r.threshold != null && `${formatNumber(r.threshold)} mg/m³`],
      ]),
      stations.length > 0 && section(t("voc.stations"), h("table", { class: "voc-stations" },
        h("thead", {}, h("tr", {}, h("th", {}, t("voc.station")), h("th", {}, t("voc.role")), h("th", { class: "num" }, t("voc.mean")), h("th", { class: "num" }, "Δ"), h("th", {}, ""))),
        h("tbody", {}, stations.map((s) => h("tr", { class: s.exceeded ? "exceeded" : "", dataset: { station: s.station_id } },
          h("td", {}, s.code), h("td", {}, badge("voc.role", s.role)), h("td", { class: "num" }, formatNumber(s.mean)), h("td", { class: "num" }, formatNumber(s.delta)),
          h("td", {}, s.exceeded ? h("span", { class: "alert" }, t("voc.alarm")) : "")))))),
      r.traceability?.ranking?.length > 0 && section(t("voc.sources"),
        h("p", { class: "row-sub" }, t("voc.explained", { pct: formatNumber(100 * (r.traceability.explained ?? 0)) })),
        h("ol", { class: "sources" }, r.traceability.ranking.map((s) => h("li", {},
          h("span", { class: "source-name" }, s.name),
          h("span", { class: "bar" }, h("span", { class: "bar-fill", style: { width: `${Math.round(100 * s.share)}%` } })),
          h("span", { class: "num" }, `${formatNumber(100 * s.share)} %`)))),
        h("p", { class: "row-sub" }, r.traceability.method)),
      r.explanation?.length > 0 && h("details", { class: "explanation" }, h("summary", {}, t("voc.how")), h("ol", {}, r.explanation.map((line) => h("li", {}, line)))),
      e.status === "alarm" && can(this.role, "analyse") && this.traceBox(e),
    ];
  }

  /** Source traceability for the hour judged: a likelihood surface on the map and the ranking. */
  traceBox(evaluation) {
    const box = h("div", { class: "voc-trace" });
    const run = async (button) => {
      button.disabled = true;
      fill(box, button, h("p", { class: "empty" }, t("panel.loading")));
      // the hours before the alarm give each station its background (as the domain's alarm trace does)
      const hour = new Date(evaluation.hour).getTime();
      const start = new Date(hour - TRACE_LOOKBACK_H * 3600000);
      const end = new Date(hour + 3600000);
      try {
        const answer = await this.fetch((signal) => api.traceSources({ start: start.toISOString(), end: end.toISOString(), parameter: evaluation.result?.parameter ?? "nmhc" }, signal));
        this.surface ??= new LikelihoodLayer({ scale: this.scale ?? 1 }).addTo(this.map);
        this.surface.setSurface(answer);
        const p = answer.properties ?? {};
        fill(box, button,
          h("p", { class: "row-sub" }, t("voc.trace.explained", { pct: formatNumber(100 * (p.explained ?? 0)) }), " · ", t("voc.trace.legend")),
          h("h4", {}, t("voc.trace.ranking")),
          h("ol", { class: "sources trace-ranking" }, (p.ranking ?? []).map((c) => h("li", { title: c.explanation },
            h("span", { class: "source-name" }, `${c.code} ${c.enterprise_name ?? c.name ?? ""}`),
            h("span", { class: "bar" }, h("span", { class: "bar-fill", style: { width: `${Math.round(100 * c.share)}%` } })),
            h("span", { class: "num" }, `${formatNumber(100 * c.share)} %`)))));
      } catch (err) {
        fill(box, button, h("p", { class: "empty" }, failure(err)));
      }
      button.disabled = false;
    };
    const button = h("button", { type: "button", class: "secondary voc-trace-run", onclick: (e) => run(e.currentTarget) }, t("voc.trace"));
    box.append(button);
    return box;
  }
}
