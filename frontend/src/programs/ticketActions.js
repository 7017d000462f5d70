// One step of a ticket as a form: what the step needs (a note, an assignee, the enterprise's
// statement with a data mark and evidence) posted as multipart to /tickets/{id}/{action}.
import * as api from "../api.js";
import { t, word } from "../i18n.js";
import { h } from "../ui/dom.js";
import { actionForm, field, select } from "../ui/kit.js";

const MARK_KINDS = ["shutdown", "transition", "maintenance", "calibration", "fault"];
// steps that cannot be taken without saying why (the server refuses them otherwise)
const NOTE_REQUIRED = new Set(["submit_feedback", "reject", "close"]);

/** datetime-local value (the browser's time zone) for a Date. */
function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function ticketActionForm(ticket, action, { onDone }) {
  const fields = [];
  if (action === "dispatch") fields.push(field(t("ticket.assignee"), { name: "assignee", maxlength: 64, placeholder: t("ticket.assignee.hint") }));
  fields.push(field(action === "submit_feedback" ? t("ticket.statement") : t("ticket.note"), { name: "note", required: NOTE_REQUIRED.has(action), maxlength: 10000 }, "textarea"));
  if (action === "submit_feedback") fields.push(...feedbackFields(ticket));
  const primary = !["close", "reject"].includes(action);
  const form = actionForm({
    className: `ticket-action action-${action}${primary ? "" : " secondary"}`,
    fields,
    submit: word("ticket.action", action),
    confirmText: action === "close" ? t("ticket.close.confirm") : null,
    send: (data) => api.moveTicket(ticket.id, action, body(ticket, action, data)),
    onDone,
  });
  form.dataset.action = action;
  return h("details", { class: "ticket-step", open: action === "submit_feedback" || undefined }, h("summary", {}, word("ticket.action", action)), form);
}

/** The enterprise's answer: an optional mark on the station's data, and evidence files. */
function feedbackFields(ticket) {
  const opened = new Date(ticket.alarm_opened_at ?? ticket.created_at);
  const mark = h("fieldset", { class: "mark-fields", disabled: true },
    h("legend", {}, t("mark.title")),
    select(t("mark.kind"), "mark_kind", MARK_KINDS.map((k) => [k, word("mark.kind", k)]), "maintenance"),
    field(t("mark.starts"), { name: "mark_starts", type: "datetime-local", value: localInput(new Date(opened.getTime() - 3600000)) }),
    field(t("mark.ends"), { name: "mark_ends", type: "datetime-local" }),
    field(t("mark.reason"), { name: "mark_reason", maxlength: 2000 }),
  );
  const toggle = h("label", { class: "choice" },
    h("input", { type: "checkbox", name: "with_mark", onchange: (e) => { mark.disabled = !e.target.checked; mark.querySelector("[name=mark_reason]").required = e.target.checked; } }),
    t("mark.add", { station: ticket.station_code ?? "" }));
  return [
    ticket.station_id != null ? [toggle, mark] : null,
    field(t("ticket.evidence"), { name: "evidence", type: "file", accept: "image/*,application/pdf", capture: "environment", multiple: true }),
  ];
}

function body(ticket, action, data) {
  const form = new FormData();
  const note = String(data.get("note") ?? "").trim();
  if (note) form.set("note", note);
  const assignee = String(data.get("assignee") ?? "").trim();
  if (assignee) form.set("assignee", assignee);
  if (action === "submit_feedback") {
    if (data.get("with_mark") && ticket.station_id != null) {
      const ends = data.get("mark_ends");
      form.set("marks", JSON.stringify([{
        station_id: ticket.station_id,
        kind: data.get("mark_kind"),
        starts_at: new Date(data.get("mark_starts")).toISOString(),
        ends_at: ends ? new Date(ends).toISOString() : null,
        reason: data.get("mark_reason") || note,
        parameter: ticket.parameter ?? null,
      }]));
    }
    for (const file of data.getAll("evidence")) if (file.size) form.append("evidence", file, file.name);
  }
  return form;
}
