// Control-room indicators from GET /dashboard/kpis, polled; stale values are marked, never blanked.
import * as api from "../api.js";
import { onLangChange, t } from "../i18n.js";
import { h, fill, formatNumber } from "./dom.js";

const HEALTH = ["green", "yellow", "orange", "red"];

export function mountKpis(parent, { every = 30000 } = {}) {
  const box = parent.appendChild(h("section", { class: "panel kpis", "aria-label": "kpis" }));
  let kpis = null;
  let failed = null;
  let request = null;

  const tile = (key, value, extra) =>
    h("div", { class: "kpi", dataset: { kpi: key } }, h("div", { class: "kpi-label" }, t(`kpi.${key}`)), h("div", { class: "kpi-value" }, value), extra);

  const render = () => {
    if (!kpis) {
      fill(box, h("p", { class: "empty" }, failed ? t("kpi.unavailable") : t("panel.loading")));
      return;
    }
    const codes = kpis.health_codes ?? {};
    fill(
      box,
      tile("online", h("span", {}, formatNumber(kpis.stations_online), h("small", {}, ` / ${formatNumber(kpis.stations_total)}`))),
      tile("alarms", formatNumber(kpis.alarms_open), null),
      tile("overdue", formatNumber(kpis.tickets_overdue), null),
      h("div", { class: "kpi health", dataset: { kpi: "health" } },
        h("div", { class: "kpi-label" }, t("kpi.health")),
        h("div", { class: "health-codes" },
          HEALTH.map((code) => h("div", { class: `health-code health-${code}`, title: t(`health.${code}`) }, h("span", { class: "count" }, formatNumber(codes[code] ?? 0)), h("span", { class: "name" }, t(`health.${code}`)))),
        ),
      ),
    );
    box.classList.toggle("stale", Boolean(failed));
    box.querySelector('[data-kpi="alarms"]')?.classList.toggle("alert", (kpis.alarms_open ?? 0) > 0);
    box.querySelector('[data-kpi="overdue"]')?.classList.toggle("alert", (kpis.tickets_overdue ?? 0) > 0);
  };

  const poll = async () => {
    request?.abort();
    const current = (request = new AbortController());
    try {
      kpis = await api.dashboardKpis(current.signal);
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
