// The alarm ticker: open alarms, newest first, fed live and re-read periodically. The list
// is capped so a screen that runs for weeks keeps a constant DOM.
import * as api from "../api.js";
import { featureName, onLangChange, t, word } from "../i18n.js";
import { parameterLabel, parameterUnit, unitText } from "../parameters.js";
import { h, fill, formatNumber, formatTime } from "./dom.js";

export function mountAlarmTicker(parent, { cap = 30, every = 60000, onChoose, nameOf = () => "" } = {}) {
  const box = parent.appendChild(h("section", { class: "panel alarm-ticker", "aria-label": "alarms" }));
  const title = box.appendChild(h("h2", {}));
  const list = box.appendChild(h("ol", { class: "alarms" }));
  const alarms = new Map(); // id -> alarm, at most `cap`
  let failed = null;

  const label = (alarm) =>
    featureName({ name_zh: alarm.station_name_zh, name_en: alarm.station_name_en }) ||
    nameOf(alarm.station_id) ||
    alarm.station_code ||
    alarm.code ||
    (alarm.station_id != null ? `#${alarm.station_id}` : "");
  const limitOf = (alarm) => alarm.limit_value ?? alarm.limit;
  const row = (alarm, fresh) =>
    h("li", { class: `alarm severity-${alarm.severity ?? "warning"}${fresh ? " fresh" : ""}`, dataset: { alarm: alarm.id ?? "", parameter: alarm.parameter ?? "" } },
      h("button", { type: "button", onclick: () => onChoose?.(alarm) },
        h("span", { class: "when" }, formatTime(alarm.opened_at ?? alarm.ts)),
        h("span", { class: "where" }, label(alarm)),
        h("span", { class: "what" }, [alarm.parameter && parameterLabel(alarm.parameter), alarm.rule && word("rule", alarm.rule)].filter(Boolean).join(" · ")),
        alarm.value != null && h("span", { class: "value" }, formatNumber(alarm.value), limitOf(alarm) != null ? ` / ${formatNumber(limitOf(alarm))}` : "",
          unitText(parameterUnit(alarm.parameter)) && ` ${unitText(parameterUnit(alarm.parameter))}`),
      ),
    );

  const render = (freshId) => {
    title.textContent = `${t("alarms.title")} (${alarms.size})`;
    if (!alarms.size) {
      fill(list, h("li", { class: "empty" }, failed ? t("alarms.unavailable") : t("alarms.none")));
      return;
    }
    const ordered = [...alarms.values()].sort((a, b) => String(b.opened_at ?? b.ts ?? "").localeCompare(String(a.opened_at ?? a.ts ?? "")));
    fill(list, ordered.map((a) => row(a, a.id === freshId)));
  };

  const keepCap = () => {
    if (alarms.size <= cap) return;
    const oldest = [...alarms.values()].sort((a, b) => String(a.opened_at ?? a.ts ?? "").localeCompare(String(b.opened_at ?? b.ts ?? "")));
    for (const alarm of oldest.slice(0, alarms.size - cap)) alarms.delete(alarm.id);
  };

  const reload = async () => {
    try {
      const answer = await api.openAlarms(cap);
      const items = Array.isArray(answer) ? answer : answer?.items ?? answer?.alarms ?? [];
      alarms.clear();
      for (const alarm of items.slice(0, cap)) alarms.set(alarm.id, alarm);
      failed = null;
    } catch (err) {
      failed = err;
    }
    render();
  };

  /** Take one `{"type": "alarm"}` message from the live feed. */
  const push = (alarm) => {
    if (alarm.id == null) return;
    if (alarm.status && alarm.status !== "open") alarms.delete(alarm.id);
    else alarms.set(alarm.id, { ...alarms.get(alarm.id), ...alarm });
    keepCap();
    render(alarm.id);
  };

  render();
  reload();
  setInterval(reload, every);
  onLangChange(() => render());
  return { element: box, push, reload };
}
