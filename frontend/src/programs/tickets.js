// E-supervision tickets: the list (open, overdue, one enterprise's), a ticket's alarm and
// history with its evidence, and the steps the server says this user may take now —
// officers dispatch and review, the enterprise answers with a statement, marks on its data
// and evidence, managers close.
import * as api from "../api.js";
import { nameOf, t, word } from "../i18n.js";
import { parameterLabel, parameterUnit, unitText } from "../parameters.js";
import { h, fill, formatNumber, formatTime } from "../ui/dom.js";
import { BlobUrls, badge, facts, load, section, select, timeline } from "../ui/kit.js";
import { ProgramModule } from "./module.js";
import { ticketActionForm } from "./ticketActions.js";

const FILTERS = ["open", "overdue", "all"];
const LEVELS = ["enterprise", "township", "park", "district"];

export class TicketsModule extends ProgramModule {
  static id = "tickets";
  static overlays = ["tickets"];

  start({ feature, ticketId, enterpriseId, enterpriseName } = {}) {
    this.blobs ??= new BlobUrls();
    this.filter ??= "open";
    this.enterprise = enterpriseId != null ? { id: Number(enterpriseId), name: enterpriseName } : null;
    this.view((body) => this.list(body));
    const id = ticketId ?? feature?.id ?? feature?.properties?.id;
    if (id != null) this.view((body) => this.ticket(body, id), { push: true });
  }

  stop() {
    this.blobs?.release();
  }

  takeFeature(feature) {
    if (!/^enterprises/.test(feature.layer?.id ?? "") || feature.id == null) return false;
    this.start({ enterpriseId: feature.id, enterpriseName: nameOf(feature.properties) });
    return true;
  }

  list(body) {
    const rows = h("div", {}, h("p", { class: "empty" }, t("panel.loading")));
    body.append(select(t("ticket.filter"), "filter", FILTERS.map((f) => [f, t(`ticket.filter.${f}`)]), this.filter, { onchange: (e) => { this.filter = e.target.value; this.rerender(); } }));
    if (this.enterprise) {
      body.append(h("p", { class: "scope-line" }, t("ticket.of_enterprise", { name: this.enterprise.name || `#${this.enterprise.id}` }), " ",
        h("button", { type: "button", class: "link", onclick: () => this.start({}) }, t("ticket.all_enterprises"))));
    }
    body.append(rows);
    const query = {
      state: this.filter === "all" ? undefined : "open",
      overdue: this.filter === "overdue" ? true : undefined,
      enterpriseId: this.enterprise?.id,
    };
    load(rows, this.fetch((signal) => api.tickets(query, signal)), ({ tickets }) => {
      fill(rows, tickets.length
        ? h("ul", { class: "row-list tickets" }, tickets.map((tk) => h("li", {},
            h("button", { type: "button", class: `row${tk.overdue ? " overdue" : ""}`, dataset: { ticket: tk.id }, onclick: () => this.view((b) => this.ticket(b, tk.id), { push: true }) },
              h("span", { class: "row-main" }, h("strong", {}, tk.code), h("span", { class: "row-sub" }, nameOf(tk, "enterprise_name") || tk.enterprise_code || ""),
                h("span", { class: "row-sub" }, [tk.station_code, word("rule", tk.rule), tk.parameter && parameterLabel(tk.parameter)].filter(Boolean).join(" · "))),
              h("span", { class: "row-side" }, badge("ticket.state", tk.state),
                h("span", { class: "row-sub" }, tk.stage_deadline ? formatTime(tk.stage_deadline) : ""),
                tk.overdue && h("span", { class: "row-sub alert" }, t("ticket.overdue")))))))
        : h("p", { class: "empty" }, t("ticket.none")));
    });
  }

  ticket(body, ticketId) {
    body.append(h("p", { class: "empty" }, t("panel.loading")));
    load(body, this.fetch((signal) => api.ticket(ticketId, signal)), (tk) => {
      const moved = () => {
        this.overlays.refresh("tickets");
        this.rerender();
      };
      fill(body,
        h("div", { class: "unit-head", dataset: { ticket: tk.id, state: tk.state } },
          h("h3", { class: "unit-code" }, tk.code),
          h("p", {}, badge("ticket.state", tk.state), tk.overdue ? h("span", { class: "alert" }, ` ${t("ticket.overdue")}`) : "")),
        facts([
          [t("ticket.enterprise"), nameOf(tk, "enterprise_name")],
          [t("ticket.health"), tk.health_code && badge("health", tk.health_code)],
          [t("ticket.station"), [tk.station_code, nameOf(tk, "station_name")].filter(Boolean).join(" · ")],
          [t("ticket.alarm"), [word("rule", tk.rule), tk.parameter && parameterLabel(tk.parameter), tk.value != null && `${formatNumber(tk.value)}${tk.limit_value != null ? ` / ${formatNumber(tk.limit_value)}` : ""} ${unitText(parameterUnit(tk.parameter))}`.trim()].filter(Boolean).join(" · ")],
          [t("ticket.severity"), word("severity", tk.severity)],
          [t("ticket.opened"), formatTime(tk.created_at)],
          [t("ticket.deadline"), tk.stage_deadline && formatTime(tk.stage_deadline)],
          [t("ticket.level"), word("ticket.level", LEVELS[tk.escalation_level] ?? tk.escalation_level)],
          [t("ticket.assignee"), tk.assignee],
        ]),
        tk.actions?.length > 0 && section(t("ticket.actions"), h("div", { class: "ticket-actions" },
          tk.actions.map((action) => ticketActionForm(tk, action, { onDone: moved })))),
        section(t("ticket.history"), timeline(tk.events.map((e) => ({
          kind: e.to_state,
          when: formatTime(e.at),
          what: e.from_state ? `${word("ticket.state", e.from_state)} → ${word("ticket.state", e.to_state)}` : word("ticket.state", e.to_state),
          who: e.actor ?? t("ticket.system"),
          detail: [e.note, this.evidence(tk.id, e.evidence?.files), e.evidence?.marks?.length > 0 && h("div", { class: "row-sub" }, t("ticket.marks", { n: e.evidence.marks.length }))].filter(Boolean),
        })))),
      );
    });
  }

  /** Thumbnails (images) or links (PDFs) of an event's evidence, fetched with the token. */
  evidence(ticketId, files) {
    if (!files?.length) return null;
    const box = h("div", { class: "thumbs evidence" });
    for (const file of files) {
      const slot = box.appendChild(h("a", { class: "evidence-item", href: "#", title: file.name }, file.media_type === "application/pdf" ? `PDF ${file.name}` : "…"));
      this.fetch(() => api.ticketEvidence(ticketId, file.sha256)).then(
        (blob) => {
          const href = this.blobs.add(blob);
          slot.href = href;
          slot.target = "_blank";
          slot.rel = "noopener";
          if (file.media_type.startsWith("image/")) fill(slot, h("img", { src: href, alt: file.name }));
        },
        () => fill(slot, `✗ ${file.name}`),
      );
    }
    return box;
  }
}

