// One rain gate: its state, the outfall it guards, who changed it and why, and (for the roles
// that operate gates) the switch, which always asks for the reason.
import * as api from "../api.js";
import { t, word } from "../i18n.js";
import { can } from "../roles.js";
import { h, fill, formatTime } from "../ui/dom.js";
import { actionForm, badge, facts, field, load, section, timeline } from "../ui/kit.js";

export function gateControl(gate, { role, fetch, onChanged }) {
  const box = h("div", { class: "gate", dataset: { gate: gate.id, state: gate.state ?? "" } });
  const render = (current) => {
    const next = current.state === "closed" ? "open" : "closed";
    const history = h("div", {}, h("p", { class: "empty" }, t("panel.loading")));
    fill(box,
      h("div", { class: "unit-head" }, h("h3", { class: "unit-code" }, `${t("gate.title")} ${current.code ?? `#${current.id}`}`)),
      h("p", { class: "gate-state" }, badge("gate.state", current.state)),
      facts([
        [t("gate.outfall"), current.outfall_code],
        [t("gate.changed"), current.changed_at && formatTime(current.changed_at)],
      ]),
      can(role, "operateGates") && actionForm({
        className: `gate-switch gate-${next}`,
        fields: [field(t("gate.reason"), { name: "reason", required: true, maxlength: 2000 })],
        submit: t(`gate.to.${next}`),
        send: (data) => api.setRainGate(current.id, next, data.get("reason")),
        onDone: (changed) => {
          box.dataset.state = changed.state;
          render({ ...current, ...changed });
          onChanged?.(changed);
        },
      }),
      section(t("gate.history"), history),
    );
    load(history, fetch((signal) => api.rainGateEvents(current.id, signal)), ({ events }) =>
      fill(history, events.length
        ? timeline(events.map((e) => ({ kind: e.state, when: formatTime(e.at), what: word("gate.state", e.state), who: e.actor, detail: e.reason })))
        : h("p", { class: "empty" }, t("gate.no_history"))));
  };
  render(gate);
  return box;
}
