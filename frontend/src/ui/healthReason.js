// Why an enterprise has its health code: the colour, the score against the thresholds, each
// factor that added points, and the programs that set a floor (carbon, cleaner production…).
import * as api from "../api.js";
import { currentLang, t, word } from "../i18n.js";
import { h, fill, formatNumber, formatTime } from "./dom.js";
import { badge, failure } from "./kit.js";

/** A section that fills itself from GET /enterprises/{id}/health; `signal` aborts the request. */
export function healthSection(enterpriseId, signal) {
  const box = h("section", { class: "health-reason" }, h("h3", {}, t("health.title")), h("p", { class: "empty" }, t("panel.loading")));
  api.enterpriseHealth(enterpriseId, signal).then(
    (answer) => fill(box, h("h3", {}, t("health.title")), ...explain(answer)),
    (err) => {
      if (!signal?.aborted) fill(box, h("h3", {}, t("health.title")), h("p", { class: "empty" }, failure(err)));
    },
  );
  return box;
}

function explain(answer) {
  const reason = answer.reason ?? {};
  const counted = (reason.factors ?? []).filter((f) => f.points > 0);
  const floors = reason.floors ?? [];
  const lines = [
    ...floors.map((f) => h("li", { class: "floor" }, badge("health", f.code), " ", (currentLang() === "en" ? f.reason_en : f.reason_zh) ?? f.reason_en ?? f.program)),
    ...counted.map((f) => h("li", { class: "factor" }, `${word("health.factor", f.name) === f.name ? f.label : word("health.factor", f.name)}: ${formatNumber(f.count)} × ${formatNumber(f.points_each)} = ${formatNumber(f.points)} ${t("health.points")}`)),
  ];
  const thresholds = reason.thresholds ?? {};
  return [
    h("p", { class: "health-line" }, badge("health", answer.health_code, "big"),
      reason.score != null && h("span", { class: "row-sub" }, ` ${t("health.score", { score: formatNumber(reason.score) })}`)),
    lines.length
      ? h("ul", { class: "health-factors" }, lines)
      : h("p", { class: "empty" }, Object.keys(reason).length ? t("health.clean") : t("health.no_reason")),
    Object.keys(thresholds).length > 0 && h("p", { class: "row-sub" },
      t("health.thresholds", { yellow: formatNumber(thresholds.yellow), orange: formatNumber(thresholds.orange), red: formatNumber(thresholds.red) })),
    reason.computed_at && h("p", { class: "row-sub" }, t("health.computed", { at: formatTime(reason.computed_at) })),
  ];
}
