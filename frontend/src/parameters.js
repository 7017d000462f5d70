// What the map calls each measured parameter and how it writes its unit. Readings are stored
// under ParkMap's parameter names (so2, nh3_n, …); GET /parameters gives each one's names from
// HJ 212-2017 and a short label, in zh and en, read once when the map starts.
import * as api from "./api.js";
import { currentLang } from "./i18n.js";
import { formatNumber } from "./ui/dom.js";

let known = {};

// units as stored (HJ 212's ASCII spelling) → as written; "1" is a dimensionless quantity (pH)
const UNITS = {
  "1": "",
  degC: "°C",
  deg: "°",
  "mg/m3": "mg/m³",
  "ug/m3": "μg/m³",
  "μg/m3": "μg/m³",
  "ng/m3": "ng/m³",
  "m3/s": "m³/s",
  "m3/h": "m³/h",
  m3: "m³",
  "uS/cm": "μS/cm",
  "ug/L": "μg/L",
};

export async function loadParameters() {
  try {
    known = (await api.parameters())?.parameters ?? {};
  } catch {
    known = {};
  }
}

// HJ 212 series stored beside a parameter's real-time value (api/ingest/hj212/readings.py):
// so2.zs (converted), so2.h.avg (the hour's mean), so2.d.cou (the day's emission), sb1.rs …
const PERIODS = { m: ["分钟", "minute"], h: ["小时", "hourly"], d: ["日", "daily"] };
const STATISTICS = {
  avg: ["均值", "mean"], min: ["最小值", "min"], max: ["最大值", "max"], cou: ["排放量", "total"],
  zsavg: ["折算均值", "corrected mean"], zsmin: ["折算最小值", "corrected min"],
  zsmax: ["折算最大值", "corrected max"], zscou: ["折算排放量", "corrected total"],
};
const REAL_TIME = { zs: ["折算值", "corrected"], day: ["昼间", "day"], night: ["夜间", "night"] };
const FACILITY = /^sb(\d+)\.(rs|rt)$/;
const FACILITY_WORDS = { rs: ["治理设施 {n} 运行状态", "treatment unit {n} state"], rt: ["治理设施 {n} 运行时间", "treatment unit {n} running time"] };

const pick = (pair) => (currentLang() === "en" ? pair[1] : pair[0]);

/** A stored series split into its parameter and what of it is stored: so2.h.avg → so2, h, avg. */
export function seriesOf(code) {
  const [parameter, ...rest] = String(code ?? "").split(".");
  if (rest.length === 2 && PERIODS[rest[0]] && STATISTICS[rest[1]]) return { parameter, period: rest[0], statistic: rest[1] };
  if (rest.length === 1 && REAL_TIME[rest[0]]) return { parameter, variant: rest[0] };
  return { parameter: rest.length ? String(code) : parameter };
}

/** True for a period series (a minute, hour or day's statistic), not a real-time value. */
export function isPeriodSeries(code) {
  return Boolean(seriesOf(code).period);
}

function named(code, field) {
  const facility = FACILITY.exec(String(code ?? ""));
  if (facility) return pick(FACILITY_WORDS[facility[2]]).replace("{n}", facility[1]);
  const { parameter, period, statistic, variant } = seriesOf(code);
  const p = known[parameter];
  const base = p ? (currentLang() === "en" ? p[`${field}_en`] : p[`${field}_zh`]) || p.name_zh || parameter : parameter ?? "";
  const what = period ? `${pick(PERIODS[period])}${currentLang() === "en" ? " " : ""}${pick(STATISTICS[statistic])}` : variant ? pick(REAL_TIME[variant]) : "";
  if (!what) return base;
  return currentLang() === "en" ? `${base} (${what})` : `${base}（${what}）`;
}

/** The short label (station labels, chart tabs, lists): 二氧化硫 / SO₂; the code when unknown. */
export function parameterLabel(code) {
  return named(code, "label");
}

/** The standard's full name: 非甲烷总烃 / non-methane hydrocarbons (NMHC). */
export function parameterName(code) {
  return named(code, "name");
}

/** The unit readings of the series are stored in, as stored (null when unknown). */
export function parameterUnit(code) {
  const facility = FACILITY.exec(String(code ?? ""));
  if (facility) return facility[2] === "rt" ? "h" : null;
  const { parameter, statistic } = seriesOf(code);
  const p = known[parameter];
  if (!p) return null;
  return statistic?.endsWith("cou") ? p.emission_unit || null : p.unit ?? null;
}

/** A unit as written: mg/m³, °C; nothing for a dimensionless one. */
export function unitText(unit) {
  if (unit === null || unit === undefined) return "";
  return UNITS[unit] ?? String(unit);
}

/** A value with its unit: "7.41" (pH), "38.9 m³/s", "270°". */
export function valueText(value, unit, digits) {
  const number = formatNumber(value, digits);
  const written = unitText(unit);
  if (!written || number === "—") return number;
  return written === "°" ? `${number}°` : `${number} ${written}`;
}
