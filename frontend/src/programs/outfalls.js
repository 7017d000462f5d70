// The outfall investigation & rectification register: progress at a glance, each outfall's
// monitoring, rain gates and tasks, and a task's workflow (report with photos → review).
import * as api from "../api.js";
import { featureName, nameOf, t, word } from "../i18n.js";
import { can } from "../roles.js";
import { parameterLabel, valueText } from "../parameters.js";
import { h, fill, formatNumber, formatTime } from "../ui/dom.js";
import { BlobUrls, actionForm, badge, facts, field, formatDay, load, section, select, today } from "../ui/kit.js";
import { OUTFALL_STATUS } from "./colours.js";
import { ProgramModule } from "./module.js";
import { gateControl } from "./rainGate.js";

const STATUSES = Object.keys(OUTFALL_STATUS);

export class OutfallsModule extends ProgramModule {
  static id = "outfalls";
  static overlays = ["outfalls", "rain_gates"];

  start({ overlay, feature, outfallId, taskId } = {}) {
    this.blobs ??= new BlobUrls();
    const parkWide = can(this.role, "parkWide");
    this.view((body) => (parkWide ? this.dashboard(body) : this.ownTasks(body)));
    if (overlay === "rain_gates" && feature) this.view((body) => this.gate(body, feature.properties), { push: true });
    else if (feature || outfallId != null) this.view((body) => this.outfall(body, outfallId ?? feature.id), { push: true });
    if (taskId != null) this.view((body) => this.task(body, taskId), { push: true });
  }

  stop() {
    this.blobs?.release();
  }

  takeFeature(feature) {
    const layer = feature.layer?.id ?? "";
    if (layer === "outfalls" && feature.id != null) {
      this.view((body) => this.outfall(body, feature.id), { push: true });
      return true;
    }
    if (layer === "rain_gates" && feature.id != null) {
      this.view((body) => this.gate(body, { id: feature.id, ...feature.properties }), { push: true });
      return true;
    }
    return false;
  }

  dashboard(body) {
    const top = h("div", { class: "outfall-dashboard" }, h("p", { class: "empty" }, t("panel.loading")));
    const register = h("div", { class: "outfall-register" });
    body.append(top, register);
    load(top, this.fetch((signal) => api.outfallDashboard(signal)), (d) => {
      const total = d.outfalls || 1;
      fill(top,
        h("div", { class: "status-bars" }, STATUSES.map((status) => {
          const n = d.by_rectification_status?.[status] ?? 0;
          return h("div", { class: "status-bar", dataset: { status } },
            h("span", { class: "status-name" }, word("outfall.status", status)),
            h("span", { class: "bar" }, h("span", { class: "bar-fill", style: { width: `${(100 * n) / total}%`, background: OUTFALL_STATUS[status] } })),
            h("span", { class: "status-count" }, String(n)));
        })),
        h("div", { class: "tiles-row" },
          tile(t("outfall.total"), d.outfalls),
          tile(t("outfall.tasks_open"), d.tasks_by_status?.open ?? 0),
          tile(t("outfall.tasks_submitted"), d.tasks_by_status?.submitted ?? 0),
          tile(t("outfall.overdue"), d.overdue_tasks, d.overdue_tasks > 0),
          tile(t("outfall.due_soon", { days: d.due_soon_days }), d.due_soon_tasks),
        ),
        d.overdue?.length > 0 && section(t("outfall.overdue_list"), h("ul", { class: "row-list" }, d.overdue.map((task) =>
          h("li", {}, h("button", { type: "button", class: "row overdue", onclick: () => this.view((b) => this.task(b, task.id), { push: true }) },
            h("span", { class: "row-main" }, h("strong", {}, task.outfall_code), h("span", { class: "row-sub" }, task.problem)),
            h("span", { class: "row-side" }, h("span", { class: "row-sub" }, formatDay(task.deadline)))))))),
      );
    });
    load(register, this.fetch((signal) => api.outfallRegister(signal)), ({ outfalls }) => {
      fill(register, section(t("outfall.register"), h("ul", { class: "row-list outfalls" }, outfalls.map((o) =>
        h("li", {}, h("button", { type: "button", class: "row", dataset: { outfall: o.id }, onclick: () => this.view((b) => this.outfall(b, o.id), { push: true }) },
          h("span", { class: "row-main" }, h("strong", {}, o.code), h("span", { class: "row-sub" }, featureName(o))),
          h("span", { class: "row-side" }, badge("outfall.status", o.rectification_status),
            o.overdue_tasks > 0 && h("span", { class: "row-sub alert" }, t("outfall.overdue_n", { n: o.overdue_tasks })),
            o.monitoring?.some((m) => m.exceeded) && h("span", { class: "row-sub alert" }, t("outfall.exceeded")))))))));
    });
  }

  /** An enterprise account sees the tasks it is responsible for. */
  ownTasks(body) {
    const box = h("div", {}, h("p", { class: "empty" }, t("panel.loading")));
    body.append(section(t("outfall.my_tasks"), box));
    load(box, this.fetch((signal) => api.outfallTasks(undefined, signal)), ({ tasks }) =>
      fill(box, tasks.length ? this.taskList(tasks) : h("p", { class: "empty" }, t("outfall.no_tasks"))));
  }

  taskList(tasks) {
    return h("ul", { class: "row-list tasks" }, tasks.map((task) =>
      h("li", {}, h("button", { type: "button", class: `row${task.overdue ? " overdue" : ""}`, dataset: { task: task.id }, onclick: () => this.view((b) => this.task(b, task.id), { push: true }) },
        h("span", { class: "row-main" }, h("strong", {}, task.outfall_code ?? ""), h("span", { class: "row-sub" }, task.problem)),
        h("span", { class: "row-side" }, badge("task.status", task.status), h("span", { class: "row-sub" }, formatDay(task.deadline)))))));
  }

  outfall(body, outfallId) {
    body.append(h("p", { class: "empty" }, t("panel.loading")));
    load(body, this.fetch((signal) => api.outfall(outfallId, signal)), (o) => {
      this.highlight?.show({ type: "Feature", geometry: { type: "Point", coordinates: [o.lon, o.lat] } });
      const samples = o.samples?.length ? o.samples.slice(0, 12) : o.monitoring ?? [];
      fill(body,
        h("div", { class: "unit-head", dataset: { outfall: o.id } }, h("h3", { class: "unit-code" }, o.code), h("p", {}, featureName(o))),
        facts([
          [t("outfall.kind"), word("outfall.kind", o.kind)],
          [t("outfall.receiving"), o.receiving_water],
          [t("outfall.permit"), o.permit_no ?? t("outfall.no_permit")],
          [t("outfall.investigation"), word("outfall.investigation", o.investigation_status)],
          [t("outfall.rectification"), badge("outfall.status", o.rectification_status)],
          [t("outfall.sources"), o.source_enterprises?.map((e) => nameOf(e)).join("、") || t("outfall.no_sources")],
        ]),
        o.rain_gates?.length > 0 && section(t("outfall.gates"), h("ul", { class: "row-list" }, o.rain_gates.map((g) =>
          h("li", {}, h("button", { type: "button", class: "row", onclick: () => this.view((b) => this.gate(b, { ...g, outfall_code: o.code }), { push: true }) },
            h("span", { class: "row-main" }, h("strong", {}, g.code)), h("span", { class: "row-side" }, badge("gate.state", g.state))))))),
        section(t("outfall.monitoring"), samples.length ? samplesTable(samples) : h("p", { class: "empty" }, t("outfall.no_samples"))),
        section(t("outfall.tasks"), o.tasks?.length ? this.taskList(o.tasks) : h("p", { class: "empty" }, t("outfall.no_tasks"))),
        can(this.role, "fieldWrite") && this.newTask(o),
      );
    });
  }

  newTask(o) {
    const form = actionForm({
      className: "new-task",
      fields: [
        field(t("task.problem"), { name: "problem", required: true, maxlength: 4000 }, "textarea"),
        field(t("task.measure"), { name: "measure", required: true, maxlength: 4000 }, "textarea"),
        field(t("task.deadline"), { name: "deadline", type: "date", required: true, value: today(30) }),
        field(t("task.responsible"), { name: "responsible_unit", required: true, maxlength: 200, value: nameOf(o.source_enterprises?.[0] ?? {}) }),
        o.source_enterprises?.length > 0 &&
          select(t("task.enterprise"), "enterprise_id", [["", "—"], ...o.source_enterprises.map((e) => [e.id, nameOf(e)])], o.source_enterprises[0].id),
      ],
      submit: t("task.create"),
      send: (data) => api.createOutfallTask(o.id, {
        problem: data.get("problem"),
        measure: data.get("measure"),
        deadline: data.get("deadline"),
        responsible_unit: data.get("responsible_unit"),
        enterprise_id: data.get("enterprise_id") ? Number(data.get("enterprise_id")) : null,
      }),
      onDone: (task) => {
        this.overlays.refresh("outfalls");
        this.view((b) => this.task(b, task.id), { push: true });
      },
    });
    return h("details", { class: "new-task-box" }, h("summary", {}, t("task.new")), form);
  }

  task(body, taskId) {
    body.append(h("p", { class: "empty" }, t("panel.loading")));
    load(body, this.fetch((signal) => api.outfallTask(taskId, signal)), (task) => {
      const done = () => {
        this.overlays.refresh("outfalls");
        this.rerender();
      };
      fill(body,
        h("div", { class: "unit-head", dataset: { task: task.id, status: task.status } },
          h("h3", { class: "unit-code" }, `${task.outfall_code} · ${t("task.title", { id: task.id })}`),
          h("p", {}, badge("task.status", task.status), task.overdue ? h("span", { class: "alert" }, ` ${t("task.overdue")}`) : "")),
        facts([
          [t("task.problem"), task.problem],
          [t("task.measure"), task.measure],
          [t("task.deadline"), formatDay(task.deadline)],
          [t("task.responsible"), task.responsible_unit],
          [t("task.enterprise"), task.enterprise_name_zh],
          [t("task.created"), formatTime(task.created_at)],
          [t("task.submitted"), task.submitted_at && formatTime(task.submitted_at)],
          [t("task.accepted"), task.accepted_at && formatTime(task.accepted_at)],
          [t("task.review_note"), task.review_note],
        ]),
        section(t("task.evidence"), this.evidence(task)),
        task.status === "open" && can(this.role, "reportTask") && this.submitForm(task, done),
        task.status === "submitted" && can(this.role, "runPrograms") && this.reviewForms(task, done),
      );
    });
  }

  evidence(task) {
    if (!task.evidence?.length) return h("p", { class: "empty" }, t("task.no_evidence"));
    const box = h("div", { class: "thumbs evidence" });
    task.evidence.forEach((file, n) => {
      const slot = box.appendChild(h("a", { class: "evidence-item", href: "#", title: file.note ?? "" }, file.media_type === "application/pdf" ? "PDF" : "…"));
      this.fetch(() => api.outfallEvidence(task.id, n)).then(
        (blob) => {
          const href = this.blobs.add(blob);
          slot.href = href;
          slot.target = "_blank";
          slot.rel = "noopener";
          if (file.media_type.startsWith("image/")) fill(slot, h("img", { src: href, alt: t("task.photo", { n: n + 1 }) }));
        },
        () => fill(slot, "✗"),
      );
    });
    return box;
  }

  submitForm(task, done) {
    return section(t("task.report"), actionForm({
      className: "task-submit",
      fields: [
        field(t("task.note"), { name: "note", maxlength: 4000 }, "textarea"),
        field(t("task.files"), { name: "files", type: "file", accept: "image/*,application/pdf", capture: "environment", multiple: true }),
      ],
      submit: t("task.submit"),
      send: (data) => {
        const form = new FormData();
        if (data.get("note")) form.set("note", data.get("note"));
        for (const file of data.getAll("files")) if (file.size) form.append("files", file, file.name);
        return api.submitOutfallTask(task.id, form);
      },
      onDone: done,
    }));
  }

  reviewForms(task, done) {
    return section(t("task.review"),
      actionForm({
        className: "task-accept",
        fields: [field(t("task.review_note"), { name: "note", maxlength: 4000 })],
        submit: t("task.accept"),
        send: (data) => api.reviewOutfallTask(task.id, true, data.get("note")),
        onDone: done,
      }),
      actionForm({
        className: "task-return secondary",
        fields: [field(t("task.return_reason"), { name: "note", required: true, maxlength: 4000 })],
        submit: t("task.return"),
        send: (data) => api.reviewOutfallTask(task.id, false, data.get("note")),
        onDone: done,
      }),
    );
  }

  gate(body, gate) {
    body.append(gateControl(gate, {
      role: this.role,
      fetch: (request) => this.fetch(request),
      onChanged: () => {
        this.overlays.refresh("rain_gates");
        this.tiles?.refresh();
      },
    }));
  }
}

function tile(label, value, alert = false) {
  return h("div", { class: `mini-tile${alert ? " alert" : ""}` }, h("span", { class: "mini-value" }, formatNumber(value ?? 0)), h("span", { class: "mini-label" }, label));
}

function samplesTable(samples) {
  return h("table", { class: "samples" },
    h("thead", {}, h("tr", {}, h("th", {}, t("sample.parameter")), h("th", {}, t("sample.value")), h("th", {}, t("sample.limit")), h("th", {}, t("sample.when")))),
    h("tbody", {}, samples.map((s) => h("tr", { class: s.exceeded ? "exceeded" : "" },
      h("td", {}, parameterLabel(s.parameter)), h("td", {}, valueText(s.value, s.unit)), h("td", {}, s.limit_value != null ? valueText(s.limit_value, s.unit) : "—"), h("td", {}, formatDay(s.sampled_at))))));
}
