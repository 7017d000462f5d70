// The big screen's program tiles from GET /programs/summary: carbon units due, outfall
// rectification, cleaner-production codes, VOC fence alarms, materials on loan, rain gates.
// Polled; a failed poll keeps the last values and greys them, it never blanks the wall.
import * as api from "../api.js";
import { onLangChange, t } from "../i18n.js";
import { CARBON_LEVEL, OUTFALL_STATUS } from "../programs/colours.js";
import { h, fill, formatNumber } from "./dom.js";

const sum = (counts) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

export function mountProgramKpis(parent, { every = 60000, onChoose } = {}) {
  const box = parent.appendChild(h("section", { class: "panel kpis program-kpis", "aria-label": "programs" }));
  let summary = null;
  let failed = null;
  let request = null;

  const tile = (key, value, { extra, alert = false, module } = {}) =>
    h(onChoose && module ? "button" : "div", { type: module ? "button" : undefined, class: `kpi${alert ? " alert" : ""}`, dataset: { kpi: key }, onclick: module ? () => onChoose(module) : undefined },
      h("div", { class: "kpi-label" }, t(`pkpi.${key}`)), h("div", { class: "kpi-value" }, value), extra);

  const dots = (counts, colours, prefix) =>
    h("div", { class: "kpi-dots" }, Object.keys(colours).filter((k) => counts?.[k]).map((k) =>
      h("span", { class: "kpi-dot", title: t(`${prefix}.${k}`) }, h("span", { class: "swatch-dot", style: { background: colours[k] } }), formatNumber(counts[k]))));

  const render = () => {
    if (!summary) {
      fill(box, h("h2", {}, t("pkpi.title")), h("p", { class: "empty" }, failed ? t("kpi.unavailable") : t("panel.loading")));
      return;
    }
    const s = summary;
    const codes = s.cleaner_production?.by_code ?? {};
    fill(box,
      h("h2", { class: "kpis-title" }, t("pkpi.title")),
      tile("carbon_due", h("span", {}, formatNumber(s.carbon?.saturated ?? 0), h("small", {}, ` / ${formatNumber(s.carbon?.units ?? 0)}`)),
        { extra: dots(s.carbon?.by_level, CARBON_LEVEL, "carbon.level"), alert: (s.carbon?.saturated ?? 0) > 0, module: "carbon" }),
      tile("carbon_jobs", formatNumber(sum(s.carbon?.open_jobs)), { module: "carbon" }),
      tile("outfalls", h("span", {}, formatNumber(s.outfalls?.by_rectification_status?.compliant ?? 0), h("small", {}, ` / ${formatNumber(s.outfalls?.total ?? 0)}`)),
        { extra: dots(s.outfalls?.by_rectification_status, OUTFALL_STATUS, "outfall.status"), module: "outfalls" }),
      tile("outfall_overdue", formatNumber(s.outfalls?.overdue_tasks ?? 0), { alert: (s.outfalls?.overdue_tasks ?? 0) > 0, module: "outfalls" }),
      tile("cleaner", formatNumber(s.cleaner_production?.mean_score), {
        // chips that wrap under one another rather than boxes that run out of a narrow tile
        extra: h("div", { class: "kpi-codes" }, ["green", "yellow", "red"].map((code) =>
          h("span", { class: `kpi-code health-${code}`, title: t(`cp.code.${code}`) }, h("span", { class: "count" }, formatNumber(codes[code] ?? 0)), h("span", { class: "name" }, t(`health.${code}`))))),
        module: "cleaner",
      }),
      tile("voc", formatNumber(s.voc_fence?.open_alarms ?? 0), { alert: (s.voc_fence?.open_alarms ?? 0) > 0, module: "voc" }),
      tile("loans", formatNumber(sum(s.materials?.open_loans)), { extra: h("div", { class: "kpi-sub" }, t("pkpi.stocks", { n: formatNumber(s.materials?.stocks ?? 0) })), module: "materials" }),
      tile("gates", h("span", {}, formatNumber(s.joint_warning?.rain_gates_closed ?? 0), h("small", {}, ` / ${formatNumber((s.joint_warning?.rain_gates_closed ?? 0) + (s.joint_warning?.rain_gates_open ?? 0))}`)),
        { alert: (s.joint_warning?.rain_gates_open ?? 0) > 0, module: "outfalls" }),
    );
    box.classList.toggle("stale", Boolean(failed));
  };

  const poll = async () => {
    request?.abort();
    const current = (request = new AbortController());
    try {
      summary = await api.programsSummary(current.signal);
      failed = null;
    } catch (err) {
      if (current.signal.aborted) return;
      failed = err;
    }
    render();
  };

  render();
  poll();
  setInterval(poll, every);
  onLangChange(render);
  return { element: box, refresh: poll };
}
