// The pieces every program panel is made of: a header, sections, badges, small forms, a
// timeline, and a guard that turns a failed request into a polite line instead of a blank.
import { t, word } from "../i18n.js";
import { h, fill, toast } from "./dom.js";

/** A panel header: kind line, title, and the close button. */
export function panelHeader({ kind, title, onClose, onBack }) {
  return h("header", {},
    onBack && h("button", { type: "button", class: "back-link", "aria-label": t("panel.back"), title: t("panel.back"), onclick: onBack }, "‹"),
    h("div", { class: "header-text" },
      kind && h("div", { class: "feature-kind" }, kind),
      h("h2", { class: "module-title" }, title),
    ),
    onClose && h("button", { type: "button", class: "close", "aria-label": t("panel.close"), title: t("panel.close"), onclick: onClose }, "×"),
  );
}

export function section(title, ...children) {
  return h("section", { class: "module-section" }, title && h("h3", {}, title), ...children);
}

/** A coloured badge for a coded state (`carbon.level`, `outfall.status`…); the class carries the colour. */
export function badge(prefix, value, extra = "") {
  const code = value ?? "none";
  return h("span", { class: `badge badge-${prefix.replace(/\./g, "-")}-${code} ${extra}`.trim(), dataset: { value: code } }, word(prefix, value));
}

/** A label–value list (`dl`), skipping empty values. */
export function facts(rows) {
  return h("dl", { class: "facts" },
    rows.filter(([, value]) => value !== undefined && value !== null && value !== "" && value !== false)
      .map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
  );
}

/** A small labelled input; `attrs` go to the input (type, value, min, required…). */
export function field(label, attrs = {}, control = "input") {
  const input = control === "textarea" ? h("textarea", { rows: 3, ...attrs }) : h(control, attrs);
  return h("label", { class: "form-field" }, h("span", {}, label), input);
}

export function select(label, name, options, value, attrs = {}) {
  return h("label", { class: "form-field" }, h("span", {}, label),
    h("select", { name, ...attrs }, options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value) }, text))),
  );
}

/** Events oldest first: time, what happened, who, and an optional detail line. */
export function timeline(events) {
  return h("ol", { class: "timeline" },
    events.map((e) => h("li", { class: `step step-${e.kind ?? ""}`, dataset: { kind: e.kind ?? "", ...e.data } },
      h("span", { class: "step-when" }, e.when),
      h("span", { class: "step-what" }, e.what),
      e.who && h("span", { class: "step-who" }, e.who),
      e.detail && h("div", { class: "step-detail" }, e.detail),
    )),
  );
}

/**
 * Run one request for a panel: `render(answer)` on success; on failure a line that says why
 * (the server does not offer it yet, or the role may not see it), never an exception.
 */
export async function load(element, request, render) {
  try {
    const answer = await request;
    render(answer);
  } catch (err) {
    if (err.name === "AbortError") return;
    fill(element, h("p", { class: "empty" }, failure(err)));
  }
}

/** Words for a failed request. */
export function failure(err) {
  if (err.status === 403) return t("panel.forbidden");
  if (err.missing) return t("panel.unavailable");
  if (err.code === "busy") return t("error.busy");
  return t("error.generic", { reason: err.message });
}

/**
 * A form that posts once: the button is disabled while it runs, the server's refusal is shown
 * under it, and `onDone(answer)` runs on success.
 */
export function actionForm({ fields = [], submit, className = "", send, onDone, confirmText }) {
  const status = h("p", { class: "form-status", role: "status" });
  const button = h("button", { type: "submit", class: "primary" }, submit);
  const form = h("form", {
    class: `action-form ${className}`.trim(),
    onsubmit: async (event) => {
      event.preventDefault();
      if (confirmText && !window.confirm(confirmText)) return;
      button.disabled = true;
      status.textContent = "";
      try {
        const answer = await send(new FormData(form), form);
        toast(t("action.done"), "ok");
        onDone?.(answer);
      } catch (err) {
        status.textContent = failure(err);
        button.disabled = false;
      }
    },
  }, fields, status, button);
  return form;
}

/** Today in the park's calendar as YYYY-MM-DD (the browser's own time zone). */
export function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A date (YYYY-MM-DD or ISO time) as the date only. */
export function formatDay(value) {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Object URLs made for a panel, all released when the panel lets go of them. */
export class BlobUrls {
  constructor() {
    this.urls = [];
  }

  add(blob) {
    const href = URL.createObjectURL(blob);
    this.urls.push(href);
    return href;
  }

  release() {
    this.urls.splice(0).forEach((href) => URL.revokeObjectURL(href));
  }
}

/** Open a document the server made (a report) in a new tab, without putting a token in a URL. */
export async function openDocument(fetchBlob) {
  const tab = window.open("", "_blank");
  try {
    const blob = await fetchBlob();
    const href = URL.createObjectURL(blob);
    if (tab) {
      tab.opener = null;
      tab.location.href = href;
    } else {
      window.location.assign(href);
    }
    setTimeout(() => URL.revokeObjectURL(href), 60000);
  } catch (err) {
    tab?.close();
    toast(failure(err), "error");
  }
}
