// Activated-carbon stewardship: every adsorber's saturation (how full, when full, how it was
// worked out), the one-click replacement request, and the job's steps fill → pickup →
// regeneration → refill, each by the role that does it.
import * as api from "../api.js";
import { nameOf, t, word } from "../i18n.js";
import { can } from "../roles.js";
import { h, fill, formatNumber, formatTime } from "../ui/dom.js";
import { actionForm, badge, facts, field, formatDay, load, section, timeline, today } from "../ui/kit.js";
import { CARBON_LEVEL } from "./colours.js";
import { ProgramModule } from "./module.js";

const LEVELS = ["red", "orange", "yellow", "blue", "none"];
const OPEN_JOB = new Set(["requested", "scheduled", "picked_up"]);

export class CarbonModule extends ProgramModule {
  static id = "carbon";
  static overlays = ["carbon"];

  start({ feature, enterpriseId, enterpriseName, unitId } = {}) {
    this.enterprise = enterpriseId != null ? { id: Number(enterpriseId), name: enterpriseName } : null;
    this.view((body) => this.list(body));
    const id = unitId ?? feature?.id ?? feature?.properties?.id;
    if (id != null) this.view((body) => this.unit(body, id), { push: true });
  }

  takeFeature(feature) {
    if (!/^enterprises/.test(feature.layer?.id ?? "") || feature.id == null) return false;
    this.start({ enterpriseId: feature.id, enterpriseName: nameOf(feature.properties) });
    return true;
  }

  list(body) {
    const list = h("div", { class: "carbon-list" }, h("p", { class: "empty" }, t("panel.loading")));
    if (this.enterprise) body.append(h("p", { class: "scope-line" }, t("carbon.of_enterprise", { name: this.enterprise.name || `#${this.enterprise.id}` }), " ", h("button", { type: "button", class: "link", onclick: () => this.start({}) }, t("carbon.all"))));
    body.append(list);
    load(list, this.fetch((signal) => api.carbonUnits(signal)), ({ units }) => {
      const shown = units.filter((u) => !this.enterprise || u.enterprise_id === this.enterprise.id);
      shown.sort((a, b) => (b.saturation?.percent ?? -1) - (a.saturation?.percent ?? -1));
      const counts = Object.fromEntries(LEVELS.map((level) => [level, shown.filter((u) => (u.saturation?.level ?? "none") === level).length]));
      fill(
        list,
        h("div", { class: "level-counts" }, LEVELS.map((level) => h("span", { class: "level-count", dataset: { level } }, badge("carbon.level", level), ` ${counts[level]}`))),
        shown.length
          ? h("ul", { class: "row-list carbon-units" }, shown.map((unit) => this.unitRow(unit)))
          : h("p", { class: "empty" }, t("carbon.none")),
      );
      if (!this.enterprise && can(this.role, "parkWide")) list.append(this.jobsSection());
    });
  }

  unitRow(unit) {
    const s = unit.saturation ?? {};
    return h("li", {},
      h("button", { type: "button", class: "row", dataset: { unit: unit.id }, onclick: () => this.view((body) => this.unit(body, unit.id), { push: true }) },
        h("span", { class: "row-main" }, h("strong", {}, unit.code), h("span", { class: "row-sub" }, nameOf(unit, "enterprise_name"))),
        meter(s.percent, s.level),
        h("span", { class: "row-side" }, badge("carbon.level", s.level ?? "none"), h("span", { class: "row-sub" }, s.saturation_at ? formatDay(s.saturation_at) : "—"),
          unit.open_job_state && h("span", { class: "row-sub job-state" }, word("carbon.job", unit.open_job_state))),
      ),
    );
  }

  jobsSection() {
    const box = section(t("carbon.jobs"), h("p", { class: "empty" }, t("panel.loading")));
    load(box, this.fetch((signal) => api.carbonJobs(undefined, signal)), ({ jobs }) => {
      const open = jobs.filter((j) => OPEN_JOB.has(j.state));
      fill(box, h("h3", {}, `${t("carbon.jobs")} (${open.length})`),
        open.length
          ? h("ul", { class: "row-list" }, open.slice(0, 50).map((job) =>
              h("li", {}, h("button", { type: "button", class: "row", dataset: { job: job.id }, onclick: () => this.view((body) => this.unit(body, job.unit_id), { push: true }) },
                h("span", { class: "row-main" }, h("strong", {}, job.unit_code), h("span", { class: "row-sub" }, nameOf(job, "enterprise_name"))),
                h("span", { class: "row-side" }, badge("carbon.job", job.state), h("span", { class: "row-sub" }, job.scheduled_for ? formatDay(job.scheduled_for) : formatDay(job.requested_at)))))))
          : h("p", { class: "empty" }, t("carbon.no_jobs")));
    });
    return box;
  }

  unit(body, unitId) {
    body.append(h("p", { class: "empty" }, t("panel.loading")));
    const shown = Promise.all([
      this.fetch((signal) => api.carbonUnit(unitId, signal)),
      this.fetch((signal) => api.carbonHistory(unitId, signal)),
    ]);
    load(body, shown, async ([unit, { events }]) => {
      const job = unit.open_job_id ? await this.fetch((signal) => api.carbonJob(unit.open_job_id, signal)).catch(() => null) : null;
      this.highlight?.show({ type: "Feature", geometry: { type: "Point", coordinates: [unit.lon, unit.lat] } });
      if (!this.map.getBounds().contains([unit.lat, unit.lon])) this.map.panTo([unit.lat, unit.lon]);
      fill(body, this.unitCard(unit, job, events));
    });
  }

  unitCard(unit, job, events) {
    const s = unit.saturation ?? {};
    const done = () => {
      this.overlays.refresh("carbon");
      this.rerender();
    };
    return [
      h("div", { class: "unit-head", dataset: { unit: unit.id } },
        h("h3", { class: "unit-code" }, unit.code), h("p", { class: "row-sub" }, nameOf(unit, "enterprise_name"))),
      h("div", { class: "saturation" },
        h("div", { class: "saturation-figure" }, h("span", { class: "big-number" }, s.percent != null ? `${formatNumber(s.percent)} %` : "—"),
          s.percent != null ? badge("carbon.level", s.level ?? "none") : badge("carbon.status", unit.status)),
        meter(s.percent, s.level),
        facts([
          [t("carbon.saturation_at"), s.saturation_at ? formatTime(s.saturation_at) : "—"],
          [t("carbon.days_left"), s.days_left != null ? formatNumber(s.days_left) : "—"],
          [t("carbon.daily_load"), s.daily_load_kg != null ? `${formatNumber(s.daily_load_kg)} kg/d` : null],
          [t("carbon.status"), word("carbon.status", unit.status)],
        ]),
        s.explanation?.length && h("details", { class: "explanation" }, h("summary", {}, t("carbon.how")), h("ol", {}, s.explanation.map((line) => h("li", {}, line)))),
      ),
      section(t("carbon.charge"), facts([
        [t("carbon.type"), unit.carbon_type],
        [t("carbon.fill_mass"), `${formatNumber(unit.fill_mass_kg)} kg`],
        [t("carbon.capacity"), `${formatNumber(unit.design_capacity)} kg/kg`],
        [t("carbon.fill_date"), formatDay(unit.fill_date)],
        [t("carbon.airflow"), `${formatNumber(unit.airflow_m3h)} m³/h`],
        [t("carbon.inlet"), `${formatNumber(unit.inlet_voc_mgm3)} mg/m³ (${word("carbon.source", unit.inlet_source)})`],
        [t("carbon.hours"), `${formatNumber(unit.hours_per_day)} h/d`],
        [t("carbon.efficiency"), `${formatNumber(unit.removal_efficiency * 100)} %`],
      ])),
      this.jobCard(unit, job, done),
      section(t("carbon.history"), events.length ? timeline(events.map(historyStep)) : h("p", { class: "empty" }, t("carbon.no_history"))),
    ];
  }

  /** The replacement: the request button, or the open job with the next step for this role. */
  jobCard(unit, job, done) {
    if (!job) {
      if (!can(this.role, "enterpriseWrite") || unit.status !== "in_service") return null;
      return section(t("carbon.replacement"), actionForm({
        className: "replacement-request",
        fields: [field(t("carbon.reason"), { name: "reason", maxlength: 2000, placeholder: t("carbon.reason.hint") })],
        submit: t("carbon.request"),
        send: (form) => api.requestCarbonReplacement(unit.id, form.get("reason")),
        onDone: done,
      }));
    }
    const steps = [];
    const manager = can(this.role, "runPrograms");
    const owner = can(this.role, "enterpriseWrite");
    if (manager && (job.state === "requested" || job.state === "scheduled")) {
      steps.push(actionForm({
        className: "job-schedule",
        fields: [
          field(t("carbon.company"), { name: "company", required: true, maxlength: 200, value: job.company ?? "" }),
          field(t("carbon.scheduled_for"), { name: "scheduled_for", type: "date", required: true, value: job.scheduled_for ?? today(1) }),
          field(t("carbon.plate"), { name: "vehicle_plate", maxlength: 16, value: job.vehicle_plate ?? "" }),
        ],
        submit: job.state === "requested" ? t("carbon.step.schedule") : t("carbon.step.reschedule"),
        send: (form) => api.carbonJobStep(job.id, "schedule", { company: form.get("company"), scheduled_for: form.get("scheduled_for"), vehicle_plate: form.get("vehicle_plate") || null }),
        onDone: done,
      }));
    }
    if (manager && job.state === "scheduled") {
      steps.push(actionForm({
        className: "job-pickup",
        fields: [
          field(t("carbon.plate"), { name: "vehicle_plate", required: true, maxlength: 16, value: job.vehicle_plate ?? "" }),
          field(t("carbon.weight"), { name: "weight_kg", type: "number", step: "any", min: "0.1", required: true, value: unit.fill_mass_kg }),
        ],
        submit: t("carbon.step.pickup"),
        send: (form) => api.carbonJobStep(job.id, "pickup", { vehicle_plate: form.get("vehicle_plate"), weight_kg: Number(form.get("weight_kg")) }),
        onDone: done,
      }));
    }
    if (manager && job.state === "picked_up" && !job.regenerated_at) {
      steps.push(actionForm({
        className: "job-regeneration",
        fields: [field(t("carbon.certificate"), { name: "certificate_no", maxlength: 40 })],
        submit: t("carbon.step.regeneration"),
        send: (form) => api.carbonJobStep(job.id, "regeneration", { certificate_no: form.get("certificate_no") || null }),
        onDone: done,
      }));
    }
    if (owner && job.state === "picked_up" && !job.refilled_at) {
      steps.push(actionForm({
        className: "job-refill",
        fields: [
          field(t("carbon.type"), { name: "carbon_type", required: true, maxlength: 200, value: unit.carbon_type }),
          field(t("carbon.fill_mass"), { name: "fill_mass_kg", type: "number", step: "any", min: "0.1", required: true, value: unit.fill_mass_kg }),
          field(t("carbon.capacity"), { name: "design_capacity", type: "number", step: "any", min: "0.001", max: "1", required: true, value: unit.design_capacity }),
          field(t("carbon.fill_date"), { name: "fill_date", type: "date", required: true, value: today() }),
        ],
        submit: t("carbon.step.refill"),
        send: (form) => api.carbonJobStep(job.id, "refill", {
          carbon_type: form.get("carbon_type"),
          fill_mass_kg: Number(form.get("fill_mass_kg")),
          design_capacity: Number(form.get("design_capacity")),
          fill_date: form.get("fill_date"),
        }),
        onDone: done,
      }));
    }
    if (owner && (job.state === "requested" || job.state === "scheduled")) {
      steps.push(actionForm({ className: "job-cancel secondary", submit: t("carbon.step.cancel"), confirmText: t("carbon.cancel.confirm"), send: () => api.carbonJobStep(job.id, "cancel"), onDone: done }));
    }
    return section(t("carbon.job_title", { id: job.id }),
      h("div", { class: "job", dataset: { job: job.id, state: job.state } },
        h("p", {}, badge("carbon.job", job.state), " ", job.reason ?? ""),
        jobProgress(job),
        facts([
          [t("carbon.company"), job.company],
          [t("carbon.scheduled_for"), job.scheduled_for && formatDay(job.scheduled_for)],
          [t("carbon.plate"), job.vehicle_plate],
          [t("carbon.weight"), job.pickup_weight_kg != null && `${formatNumber(job.pickup_weight_kg, 6)} kg`],
          [t("carbon.certificate"), job.certificate_no],
        ]),
        steps,
      ));
  }
}

/** A saturation bar, coloured by level. */
function meter(percent, level) {
  const value = Math.max(0, Math.min(100, Number(percent ?? 0)));
  return h("span", { class: "meter", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(value) },
    h("span", { class: "meter-fill", style: { width: `${value}%`, background: CARBON_LEVEL[level ?? "none"] ?? CARBON_LEVEL.none } }));
}

const PROGRESS = [
  ["requested", (j) => j.requested_at],
  ["scheduled", (j) => j.company],
  ["picked_up", (j) => j.picked_up_at],
  ["regenerated", (j) => j.regenerated_at],
  ["refilled", (j) => j.refilled_at],
];

/** requested → scheduled → picked up → regenerated / refilled, the steps done lit. */
function jobProgress(job) {
  return h("ol", { class: "progress" }, PROGRESS.map(([step, done]) => h("li", { class: done(job) ? "done" : "", dataset: { step } }, t(`carbon.progress.${step}`))));
}

function historyStep(event) {
  const d = event.detail ?? {};
  const detail = {
    fill: () => `${d.carbon_type ?? ""} ${formatNumber(d.fill_mass_kg)} kg`,
    refill: () => `${d.carbon_type ?? ""} ${formatNumber(d.fill_mass_kg)} kg`,
    request: () => d.reason,
    schedule: () => [d.company, d.scheduled_for, d.vehicle_plate].filter(Boolean).join(" · "),
    pickup: () => [d.vehicle_plate, d.weight_kg != null && `${formatNumber(d.weight_kg, 6)} kg`].filter(Boolean).join(" · "),
    regeneration: () => d.certificate_no && `${t("carbon.certificate")} ${d.certificate_no}`,
    declaration: () => d.airflow_m3h != null && `${formatNumber(d.airflow_m3h)} m³/h · ${formatNumber(d.inlet_voc_mgm3)} mg/m³`,
  }[event.kind]?.();
  const data = event.job_id != null ? { job: event.job_id } : {};
  return { kind: event.kind, when: formatTime(event.at), what: word("carbon.event", event.kind), who: event.actor, detail, data };
}
