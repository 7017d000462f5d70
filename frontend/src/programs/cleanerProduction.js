// Cleaner-production audits: the park's ranking (overall or by one indicator), an audit's
// score, level and dynamic code, the lagging indicators with their remedies, and the report.
import * as api from "../api.js";
import { currentLang, nameOf, t, word } from "../i18n.js";
import { h, fill, formatNumber } from "../ui/dom.js";
import { badge, facts, formatDay, load, openDocument, section, select } from "../ui/kit.js";
import { ProgramModule } from "./module.js";

export class CleanerProductionModule extends ProgramModule {
  static id = "cleaner";

  start({ enterpriseId, auditId } = {}) {
    this.choice ??= { system: null, year: null, indicator: "" };
    this.view((body) => this.rankings(body));
    if (auditId != null) this.view((body) => this.audit(body, auditId), { push: true });
    else if (enterpriseId != null) this.openEnterprise(Number(enterpriseId));
  }

  takeFeature(feature) {
    if (!/^enterprises/.test(feature.layer?.id ?? "") || feature.id == null) return false;
    this.openEnterprise(Number(feature.id));
    return true;
  }

  async openEnterprise(enterpriseId) {
    const { audits } = await this.fetch((signal) => api.cleanerAudits(undefined, signal)).catch(() => ({ audits: [] }));
    const latest = audits.filter((a) => a.enterprise_id === enterpriseId).sort((a, b) => b.year - a.year)[0];
    if (latest) this.view((body) => this.audit(body, latest.id), { push: this.views.length > 0 });
  }

  rankings(body) {
    const controls = h("div", { class: "ranking-controls" });
    const table = h("div", { class: "ranking" }, h("p", { class: "empty" }, t("panel.loading")));
    body.append(controls, table);
    const ready = Promise.all([
      this.fetch((signal) => api.cleanerSystems(signal)),
      this.fetch((signal) => api.cleanerAudits(undefined, signal)),
    ]);
    load(table, ready, ([{ systems }, { audits }]) => {
      this.audits = audits;
      const years = [...new Set(audits.map((a) => a.year))].sort((a, b) => b - a);
      const used = (code) => audits.filter((a) => a.system_code === code).length;
      const c = this.choice;
      c.year ??= years[0] ?? new Date().getFullYear() - 1;
      c.system ??= [...systems].sort((a, b) => used(b.code) - used(a.code))[0]?.code;
      const system = systems.find((s) => s.code === c.system) ?? systems[0];
      const redraw = () => this.rerender();
      fill(controls,
        select(t("cp.system"), "system", systems.map((s) => [s.code, currentLang() === "en" ? s.title_en : s.title_zh]), c.system, { onchange: (e) => { c.system = e.target.value; c.indicator = ""; redraw(); } }),
        select(t("cp.year"), "year", (years.length ? years : [c.year]).map((y) => [y, String(y)]), c.year, { onchange: (e) => { c.year = Number(e.target.value); redraw(); } }),
        select(t("cp.basis"), "indicator", [["", t("cp.overall")], ...(system?.indicators ?? []).map((i) => [i.id, nameOf(i)])], c.indicator, { onchange: (e) => { c.indicator = e.target.value; redraw(); } }),
      );
      const mine = audits.filter((a) => a.year === c.year);
      const codes = ["green", "yellow", "red"].map((code) => [code, mine.filter((a) => a.code === code).length]);
      load(table, this.fetch((signal) => api.cleanerRankings({ system: c.system, year: c.year, indicator: c.indicator || undefined }, signal)), (answer) => {
        const unit = c.indicator ? system?.indicators.find((i) => i.id === c.indicator)?.unit ?? "" : t("cp.points");
        const own = this.user?.enterprise_id != null && answer.rankings.find((r) => r.enterprise_id === this.user.enterprise_id);
        const ownAudit = own && this.auditOf(own.enterprise_id);
        fill(table,
          ownAudit && h("button", { type: "button", class: "row own-audit", onclick: () => this.view((b) => this.audit(b, ownAudit.id), { push: true }) },
            h("span", { class: "row-main" }, h("strong", {}, t("cp.own_rank", { rank: own.rank, count: answer.count })), h("span", { class: "row-sub" }, `${formatNumber(own.value)} · ${own.level ?? t("cp.below")}`)),
            h("span", { class: "row-side" }, badge("cp.code", own.code))),
          h("div", { class: "level-counts" }, codes.map(([code, n]) => h("span", { class: "level-count" }, badge("cp.code", code), ` ${n}`))),
          answer.rankings.length
            ? h("table", { class: "ranking-table", dataset: { basis: answer.basis } },
                h("thead", {}, h("tr", {}, h("th", {}, t("cp.rank")), h("th", {}, t("cp.enterprise")), h("th", { class: "num" }, c.indicator ? unit : t("cp.score")), h("th", {}, t("cp.level")), h("th", {}, t("cp.code")))),
                h("tbody", {}, answer.rankings.map((r) => this.rankRow(r))))
            : h("p", { class: "empty" }, t("cp.none")),
        );
      });
    });
  }

  auditOf(enterpriseId) {
    return this.audits?.find((a) => a.enterprise_id === enterpriseId && a.year === this.choice.year && a.system_code === this.choice.system) ?? null;
  }

  rankRow(r) {
    const audit = r.enterprise_id != null && this.auditOf(r.enterprise_id);
    const name = r.enterprise_id != null ? nameOf(r, "enterprise_name") : t("cp.other");
    return h("tr", { class: r.enterprise_id != null ? "named" : "anonymous", dataset: { enterprise: r.enterprise_id ?? "" } },
      h("td", { class: "num" }, String(r.rank)),
      h("td", {}, audit ? h("button", { type: "button", class: "link", onclick: () => this.view((b) => this.audit(b, audit.id), { push: true }) }, name) : name),
      h("td", { class: "num" }, formatNumber(r.value)),
      h("td", {}, r.level ?? t("cp.below")),
      h("td", {}, badge("cp.code", r.code)),
    );
  }

  audit(body, auditId) {
    body.append(h("p", { class: "empty" }, t("panel.loading")));
    load(body, this.fetch((signal) => api.cleanerAudit(auditId, signal)), (a) => {
      const result = a.result ?? {};
      fill(body,
        h("div", { class: "unit-head", dataset: { audit: a.id } }, h("h3", { class: "unit-code" }, nameOf(a, "enterprise_name")), h("p", { class: "row-sub" }, `${a.year} · ${a.system_code}`)),
        h("div", { class: "saturation" },
          h("div", { class: "saturation-figure" }, h("span", { class: "big-number" }, formatNumber(a.score)), h("span", {}, t("cp.points")), badge("cp.code", a.code)),
          facts([
            [t("cp.level"), a.level ? `${a.level} · ${word("cp.level", a.level)}` : t("cp.below")],
            [t("cp.indices"), Object.entries(result.indices ?? {}).map(([k, v]) => `Y${k} ${formatNumber(v)}`).join(" · ")],
            [t("cp.next_review"), formatDay(a.next_review)],
            [t("cp.missing"), result.missing?.length ? result.missing.join(", ") : null],
          ]),
          h("button", { type: "button", class: "primary report-link", onclick: () => openDocument(() => api.cleanerReport(a.id)) }, t("cp.report")),
        ),
        section(t("cp.lagging"), a.lagging?.length
          ? h("ul", { class: "lagging" }, a.lagging.map((i) => h("li", {},
              h("strong", {}, nameOf(i)), ` — ${formatNumber(i.value)} ${i.unit ?? ""}`, h("span", { class: "row-sub" }, ` (${t("cp.lost", { n: formatNumber(i.points_lost) })})`),
              i.solutions?.map((s) => h("p", { class: "remedy" }, h("em", {}, nameOf(s, "problem")), "：", nameOf(s, "solution"))))))
          : h("p", { class: "empty" }, t("cp.no_lagging"))),
        section(t("cp.indicators"), h("table", { class: "indicators" },
          h("tbody", {}, (result.indicators ?? []).map((i) => h("tr", { class: i.lagging ? "lagging-row" : "" },
            h("td", {}, nameOf(i), i.restrictive ? h("span", { class: "restrictive", title: t("cp.restrictive") }, " *") : ""),
            h("td", { class: "num" }, `${typeof i.value === "number" ? formatNumber(i.value) : i.value ?? "—"} ${i.unit ?? ""}`),
            h("td", {}, i.level ?? "—")))))),
      );
    });
  }
}
