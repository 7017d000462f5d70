// Emergency materials shared across the park: pick a type, click the map where it is needed,
// see the nearest stocks with distance, holder and contact, and borrow; lenders approve,
// hand over and take back, every step on record.
import * as api from "../api.js";
import { t, word } from "../i18n.js";
import { formatDistance } from "../geo.js";
import { NearestLayer } from "../layers/NearestLayer.js";
import { can } from "../roles.js";
import { h, fill, formatNumber, formatTime } from "../ui/dom.js";
import { actionForm, badge, field, load, section, select } from "../ui/kit.js";
import { ProgramModule } from "./module.js";

const SHOWN = 8;
const OPEN_LOANS = new Set(["requested", "approved", "handed_over"]);

export class MaterialsModule extends ProgramModule {
  static id = "materials";

  start({ type, lat, lng } = {}) {
    this.nearest ??= new NearestLayer({ scale: this.scale ?? 1 }).addTo(this.map);
    this.query ??= { type: type ?? "", minQuantity: "", point: null, found: null };
    if (type) this.query.type = type;
    this.picking = true;
    this.map.getContainer().classList.add("picking");
    this.view((body) => this.search(body));
    if (lat != null && lng != null) this.takeMapClick({ lat, lng });
  }

  stop() {
    this.nearest?.remove();
    this.map.getContainer().classList.remove("picking");
  }

  takeMapClick(latlng) {
    if (!this.picking) return false;
    this.query.point = { lat: latlng.lat, lng: latlng.lng };
    this.find();
    return true;
  }

  async find() {
    const q = this.query;
    if (!q.point || !q.type) {
      this.rerender();
      return;
    }
    q.found = "loading";
    this.rerender();
    try {
      const answer = await this.fetch((signal) => api.nearestMaterials({ type: q.type, lon: q.point.lng, lat: q.point.lat, minQuantity: q.minQuantity || undefined, limit: SHOWN }, signal));
      q.found = answer.features ?? [];
      this.nearest.setResult([q.point.lat, q.point.lng], q.found);
    } catch (err) {
      q.found = err;
    }
    this.rerender();
  }

  search(body) {
    const q = this.query;
    const controls = h("div", { class: "material-controls" });
    const results = h("div", { class: "material-results" });
    body.append(controls, results, this.loansSection());
    load(controls, this.fetch((signal) => api.materialStocks(undefined, signal)), ({ stocks }) => {
      const types = [...new Map(stocks.map((s) => [s.material_type, s])).values()]
        .sort((a, b) => a.material_type.localeCompare(b.material_type))
        .map((s) => [s.material_type, word("material", s.material_type) === s.material_type ? s.name_zh : word("material", s.material_type)]);
      if (!q.type) q.type = types.find(([code]) => code === "sandbags")?.[0] ?? types[0]?.[0] ?? "";
      fill(controls,
        select(t("material.type"), "material_type", types, q.type, { onchange: (e) => { q.type = e.target.value; this.find(); } }),
        field(t("material.min_quantity"), { name: "min_quantity", type: "number", min: "0", step: "any", value: q.minQuantity, onchange: (e) => { q.minQuantity = e.target.value; this.find(); } }),
        h("p", { class: "hint pick-hint" }, q.point ? t("material.from", { lat: q.point.lat.toFixed(5), lng: q.point.lng.toFixed(5) }) : t("material.pick")),
      );
    });
    if (q.found === "loading") fill(results, h("p", { class: "empty" }, t("panel.loading")));
    else if (q.found instanceof Error) fill(results, h("p", { class: "empty" }, t("error.generic", { reason: q.found.message })));
    else if (Array.isArray(q.found)) {
      fill(results, q.found.length
        ? section(t("material.nearest"), h("ol", { class: "row-list nearest-stocks" }, q.found.map((f, i) => this.stockRow(f, i))))
        : h("p", { class: "empty" }, t("material.none")));
    }
  }

  stockRow(feature, index) {
    const s = feature.properties;
    const holder = s.resource_name_zh ?? s.enterprise_name_zh ?? "—";
    const row = h("li", { class: "stock", dataset: { stock: s.id } },
      h("div", { class: "row static" },
        h("span", { class: "row-index" }, String(index + 1)),
        h("span", { class: "row-main" }, h("strong", {}, holder), h("span", { class: "row-sub" }, `${s.name_zh} · ${formatNumber(s.quantity)} ${s.unit}`),
          (s.contact || s.phone) && h("span", { class: "row-sub" }, [s.contact, s.phone].filter(Boolean).join(" · "))),
        h("span", { class: "row-side" }, h("strong", { class: "distance" }, formatDistance(s.distance_m))),
      ),
    );
    if (can(this.role, "borrow") && !(this.user?.enterprise_id != null && this.user.enterprise_id === s.enterprise_id)) {
      row.append(h("details", { class: "borrow" }, h("summary", {}, t("material.borrow")),
        actionForm({
          className: "loan-request",
          fields: [
            field(`${t("material.quantity")} (${s.unit})`, { name: "quantity", type: "number", min: "0.001", max: String(s.quantity), step: "any", required: true, value: String(Math.min(s.quantity, 10)) }),
            field(t("material.purpose"), { name: "purpose", required: true, maxlength: 2000 }),
          ],
          submit: t("material.request"),
          send: (data) => api.requestLoan(s.id, Number(data.get("quantity")), data.get("purpose")),
          onDone: () => this.rerender(),
        })));
    }
    return row;
  }

  loansSection() {
    const box = h("div", {}, h("p", { class: "empty" }, t("panel.loading")));
    load(box, this.fetch((signal) => api.materialLoans(undefined, signal)), ({ loans }) => {
      const open = loans.filter((l) => OPEN_LOANS.has(l.state));
      fill(box, open.length ? h("ul", { class: "row-list loans" }, open.slice(0, 30).map((loan) => this.loanRow(loan))) : h("p", { class: "empty" }, t("material.no_loans")));
    });
    return section(t("material.loans"), box);
  }

  loanRow(loan) {
    const own = this.user?.enterprise_id ?? null;
    const lender = can(this.role, "runPrograms") || (own != null && loan.lender_enterprise_id === own);
    const borrower = can(this.role, "borrow") && (this.role !== "enterprise" || loan.requester_enterprise_id === own);
    const step = (name, label, fields = []) => actionForm({
      className: `loan-${name}`,
      fields,
      submit: label,
      send: (data) => api.loanStep(loan.id, name, name === "cancel" ? undefined : {
        note: data.get("note") || null,
        returned_quantity: data.get("returned_quantity") ? Number(data.get("returned_quantity")) : null,
      }),
      onDone: () => this.rerender(),
    });
    const steps = [];
    if (lender && loan.state === "requested") steps.push(step("approve", t("loan.approve")), step("reject", t("loan.reject"), [field(t("loan.note"), { name: "note" })]));
    if (lender && loan.state === "approved") steps.push(step("hand-over", t("loan.hand_over")));
    if (lender && loan.state === "handed_over") steps.push(step("return", t("loan.return"), [field(t("loan.returned"), { name: "returned_quantity", type: "number", min: "0", step: "any", value: String(loan.quantity) })]));
    if (borrower && (loan.state === "requested" || loan.state === "approved")) steps.push(step("cancel", t("loan.cancel")));
    return h("li", { class: "loan", dataset: { loan: loan.id, state: loan.state } },
      h("div", { class: "row static" },
        h("span", { class: "row-main" }, h("strong", {}, `${loan.material_name_zh} ${formatNumber(loan.quantity)} ${loan.unit}`),
          h("span", { class: "row-sub" }, `${loan.lender_name_zh ?? "—"} → ${loan.requester_enterprise_name_zh || t("loan.park")}`),
          h("span", { class: "row-sub" }, `${loan.purpose} · ${formatTime(loan.requested_at)}`)),
        h("span", { class: "row-side" }, badge("loan.state", loan.state))),
      steps.length > 0 && h("div", { class: "loan-steps" }, steps),
    );
  }
}
