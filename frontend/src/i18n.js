// zh-CN (default) and English. The choice is remembered on this device. The words of the
// park programs, the supervision loop and remote sensing live in text/, one file per area.
import analysis from "./text/analysis.js";
import programs from "./text/programs.js";
import rasters from "./text/rasters.js";
import supervision from "./text/supervision.js";

const KEY = "parkmap.lang";
export const LANGS = ["zh", "en"];

const BASE = {
  zh: {
    app: "园区一张图",
    "mode.screen": "大屏",
    "mode.respond": "应急",
    "mode.field": "巡查",
    "lang.other": "English",
    "user.signout": "退出",
    "login.title": "登录园区一张图",
    "login.username": "用户名",
    "login.password": "密码",
    "login.submit": "登录",
    "login.failed": "用户名或密码不正确",
    "login.unreachable": "服务器无法连接，请稍后再试",
    layers: "图层",
    legend: "图例",
    "layers.none": "服务器未提供图层目录",
    "layers.choice.none": "不填色",
    "search.placeholder": "搜索企业、排口、监测站、化学品…",
    "search.none": "没有找到",
    "search.kind.enterprise": "企业",
    "search.kind.station": "监测站",
    "search.kind.outfall": "排污口",
    "search.kind.storage_unit": "危化品储存单元",
    "panel.close": "关闭",
    "panel.latest": "最新数据",
    "panel.chart": "近 24 小时",
    "panel.nodata": "暂无数据",
    "panel.unavailable": "服务器尚未提供此数据",
    "panel.loading": "加载中…",
    "panel.tickets": "未办结工单",
    "chart.raw": "每个读数（原始值）",
    "chart.binned": "{step}均值；阴影为每段内最低至最高值",
    "chart.step.minutes": "{n} 分钟",
    "chart.step.hours": "{n} 小时",
    "chart.step.days": "{n} 天",
    "chart.peak": "最高 {value}（{time}）",
    "chart.limit": "限值 {bound} {value}（{averaging}）",
    "chart.averaging.instant": "瞬时值",
    "chart.averaging.1h": "小时均值",
    "chart.averaging.24h": "日均值",
    "panel.notickets": "无未办结工单",
    "kpi.online": "在线站点",
    "kpi.alarms": "未处理报警",
    "kpi.overdue": "超期工单",
    "kpi.health": "企业健康码",
    "kpi.unavailable": "指标暂不可用",
    "health.green": "绿",
    "health.yellow": "黄",
    "health.orange": "橙",
    "health.red": "红",
    "alarms.title": "实时报警",
    "alarms.none": "当前无报警",
    "alarms.unavailable": "报警服务暂不可用",
    "live.connected": "实时数据已连接",
    "live.offline": "实时数据断开，正在重连",
    "replay.live": "实时",
    "replay.live.title": "回到实时数据",
    "replay.play": "播放",
    "replay.pause": "暂停",
    "replay.pick": "拖动查看过去 24 小时",
    "replay.day": "选择其他日期时间",
    "replay.now": "现在",
    "replay.banner": "历史回放 {time} · 非实时数据",
    "replay.alarms": "当时未关闭的报警：{n} 条",
    "replay.noalarms": "当时无未关闭的报警",
    "replay.noreadings": "此时刻无监测数据",
    "replay.livepanel": "实时 · 不随回放",
    "panel.at": "{time} 的数据（回放）",
    "level.normal": "正常",
    "level.warning": "预警",
    "level.exceedance": "超标",
    "flag.F": "停运",
    "flag.M": "维护",
    "flag.S": "手工输入",
    "flag.D": "故障",
    "flag.C": "校准",
    "flag.T": "超量程",
    "flag.B": "通信异常",
    "incident.title": "突发事件",
    "incident.start": "新建事件",
    "incident.pick": "在地图上点击事故点或储罐",
    "incident.source": "事故源",
    "incident.chemical": "化学品",
    "incident.chemical.pick": "选择化学品",
    "incident.chemical.held": "园区储存的化学品",
    "incident.chemical.library": "化学品库中的其他化学品",
    "incident.chemical.unmodelled": "无来源可查的毒性终点，需自填",
    "incident.chemical.groups": "按监测参数（成分不明时）",
    "incident.chemical.at_limits": "按园区环境限值绘制",
    "incident.release": "泄漏方式",
    "incident.release.instant": "瞬时泄漏",
    "incident.release.continuous": "持续泄漏",
    "incident.amount": "泄漏量 (kg)",
    "incident.rate": "泄漏速率 (kg/s)",
    "incident.duration": "持续时间 (min)",
    "incident.weather": "气象",
    "incident.wind_speed": "风速 (m/s)",
    "incident.wind_from": "风向 (来向，度)",
    "incident.stability": "大气稳定度",
    "incident.compute": "计算威胁区",
    "incident.computing": "计算中…",
    "incident.clear": "结束事件",
    "incident.zones": "威胁区",
    "incident.no_analysis": "服务器尚未提供扩散分析，威胁区暂不可用",
    "incident.failed": "分析失败",
    "incident.pending.isolation": "隔离与防护距离",
    "incident.pending.inside": "影响范围内的企业与人员",
    "incident.pending.downstream": "下游管网、排口与应关闭的闸门",
    "incident.pending.resources": "最近的应急物资与避难场所",
    "incident.pending": "等待分析结果",
    "incident.point": "点位",
    "field.locate": "定位我",
    "field.locating": "定位中…",
    "field.located": "已定位，精度 {m} 米",
    "field.denied": "无法获取位置：{reason}",
    "field.nearest": "附近",
    "field.none": "附近 2 公里内没有企业、排口或监测站",
    "field.hint": "点击“定位我”，列出身边的企业、排口和监测站",
    "field.inspect": "现场检查",
    "field.findings": "检查发现",
    "field.photos": "现场照片",
    "field.position": "位置",
    "field.noposition": "尚未定位",
    "field.submit": "提交检查",
    "field.sending": "提交中…",
    "field.sent": "检查记录已提交",
    "field.failed": "提交失败：{reason}",
    "field.need": "请填写检查发现",
    "field.need_position": "请先点击“定位我”获取位置",
    "field.target": "检查对象",
    "field.back": "返回",
    "error.generic": "出错了：{reason}",
    "error.busy": "服务器正在进行同类计算，请稍候几秒再试",
    "map.nolayers": "地图图层暂不可用",
  },
  en: {
    app: "Park One Map",
    "mode.screen": "Screen",
    "mode.respond": "Respond",
    "mode.field": "Field",
    "lang.other": "中文",
    "user.signout": "Sign out",
    "login.title": "Sign in to ParkMap",
    "login.username": "Username",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.failed": "Wrong username or password",
    "login.unreachable": "The server cannot be reached; try again shortly",
    layers: "Layers",
    legend: "Legend",
    "layers.none": "The server offers no layer catalog",
    "layers.choice.none": "No fill",
    "search.placeholder": "Search enterprises, outfalls, stations, chemicals…",
    "search.none": "Nothing found",
    "search.kind.enterprise": "Enterprise",
    "search.kind.station": "Monitoring station",
    "search.kind.outfall": "Outfall",
    "search.kind.storage_unit": "Hazardous chemical storage",
    "panel.close": "Close",
    "panel.latest": "Latest values",
    "panel.chart": "Last 24 hours",
    "panel.nodata": "No data yet",
    "panel.unavailable": "The server does not offer this yet",
    "panel.loading": "Loading…",
    "panel.tickets": "Open tickets",
    "chart.raw": "Every reading as stored",
    "chart.binned": "{step} means; the band spans each bin's lowest to highest value",
    "chart.step.minutes": "{n}-min",
    "chart.step.hours": "{n}-hour",
    "chart.step.days": "{n}-day",
    "chart.peak": "Highest {value} ({time})",
    "chart.limit": "Limit {bound} {value} ({averaging})",
    "chart.averaging.instant": "instantaneous",
    "chart.averaging.1h": "hourly mean",
    "chart.averaging.24h": "daily mean",
    "panel.notickets": "No open tickets",
    "kpi.online": "Stations online",
    "kpi.alarms": "Open alarms",
    "kpi.overdue": "Overdue tickets",
    "kpi.health": "Health codes",
    "kpi.unavailable": "Indicators unavailable",
    "health.green": "Green",
    "health.yellow": "Yellow",
    "health.orange": "Orange",
    "health.red": "Red",
    "alarms.title": "Live alarms",
    "alarms.none": "No open alarms",
    "alarms.unavailable": "Alarm service unavailable",
    "live.connected": "Live data connected",
    "live.offline": "Live data lost, reconnecting",
    "replay.live": "Live",
    "replay.live.title": "Back to live data",
    "replay.play": "Play",
    "replay.pause": "Pause",
    "replay.pick": "Drag to look back over 24 hours",
    "replay.day": "Pick another date and time",
    "replay.now": "now",
    "replay.banner": "Replay of {time} · not live",
    "replay.alarms": "Alarms open then: {n}",
    "replay.noalarms": "No alarm was open then",
    "replay.noreadings": "No readings at this time",
    "replay.livepanel": "Live · not replayed",
    "panel.at": "Values at {time} (replay)",
    "level.normal": "normal",
    "level.warning": "warning",
    "level.exceedance": "exceedance",
    "flag.F": "stopped",
    "flag.M": "maintenance",
    "flag.S": "set by hand",
    "flag.D": "fault",
    "flag.C": "calibration",
    "flag.T": "over range",
    "flag.B": "no link",
    "incident.title": "Incident",
    "incident.start": "New incident",
    "incident.pick": "Click the release point or a storage unit on the map",
    "incident.source": "Source",
    "incident.chemical": "Chemical",
    "incident.chemical.pick": "Choose a chemical",
    "incident.chemical.held": "Held in the park",
    "incident.chemical.library": "Other chemicals of the library",
    "incident.chemical.unmodelled": "no sourced toxic endpoint: give your own",
    "incident.chemical.groups": "By measured parameter (substance unknown)",
    "incident.chemical.at_limits": "drawn at the park's air limits",
    "incident.release": "Release",
    "incident.release.instant": "Instantaneous",
    "incident.release.continuous": "Continuous",
    "incident.amount": "Amount (kg)",
    "incident.rate": "Rate (kg/s)",
    "incident.duration": "Duration (min)",
    "incident.weather": "Weather",
    "incident.wind_speed": "Wind speed (m/s)",
    "incident.wind_from": "Wind from (degrees)",
    "incident.stability": "Stability class",
    "incident.compute": "Compute threat zones",
    "incident.computing": "Computing…",
    "incident.clear": "Close incident",
    "incident.zones": "Threat zones",
    "incident.no_analysis": "The server offers no dispersion analysis yet; threat zones unavailable",
    "incident.failed": "Analysis failed",
    "incident.pending.isolation": "Isolation and protective distances",
    "incident.pending.inside": "Enterprises and people inside",
    "incident.pending.downstream": "Downstream pipes, outfalls and gates to close",
    "incident.pending.resources": "Nearest supplies and shelters",
    "incident.pending": "Waiting for analysis",
    "incident.point": "Point",
    "field.locate": "Locate me",
    "field.locating": "Locating…",
    "field.located": "Located, accuracy {m} m",
    "field.denied": "No position: {reason}",
    "field.nearest": "Nearby",
    "field.none": "No enterprise, outfall or monitoring station within 2 km",
    "field.hint": "Tap “Locate me” to list the enterprises, outfalls and monitoring stations around you",
    "field.inspect": "Inspect",
    "field.findings": "Findings",
    "field.photos": "Photos",
    "field.position": "Position",
    "field.noposition": "Not located yet",
    "field.submit": "Submit inspection",
    "field.sending": "Submitting…",
    "field.sent": "Inspection recorded",
    "field.failed": "Not submitted: {reason}",
    "field.need": "Describe the findings",
    "field.need_position": "Tap “Locate me” first: an inspection records where it was made",
    "field.target": "Inspecting",
    "field.back": "Back",
    "error.generic": "Something failed: {reason}",
    "error.busy": "The server is busy with the same kind of work; try again in a few seconds",
    "map.nolayers": "Map layers unavailable",
  },
};

const TEXT = Object.fromEntries(
  LANGS.map((l) => [l, Object.assign({}, BASE[l], programs[l], supervision[l], rasters[l], analysis[l])]),
);

let lang = LANGS.includes(localStorage.getItem(KEY)) ? localStorage.getItem(KEY) : "zh";
const listeners = new Set();

export const currentLang = () => lang;

export function setLang(next) {
  if (!LANGS.includes(next) || next === lang) return;
  lang = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const listener of listeners) listener(next);
}

/** Call `listener` on every language change; returns the function that stops it. */
export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key, vars) {
  const text = TEXT[lang][key] ?? TEXT.zh[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? "") : text;
}

/** Pick the current language from a `{zh, en}` title (or pass a plain string through). */
export function local(title) {
  if (title == null) return "";
  if (typeof title !== "object") return String(title);
  return title[lang] ?? title.zh ?? title.en ?? "";
}

/** The word for a coded value (`prefix.value`), or the value itself when none is known. */
export function word(prefix, value) {
  if (value === null || value === undefined || value === "") return "—";
  const key = `${prefix}.${value}`;
  return TEXT[lang][key] ?? TEXT.zh[key] ?? String(value);
}

/** A row's name in the current language from `{prefix}_zh` / `{prefix}_en` columns. */
export function nameOf(row, prefix = "name") {
  if (!row) return "";
  const zh = row[`${prefix}_zh`];
  const en = row[`${prefix}_en`];
  return (lang === "en" ? en ?? zh : zh ?? en) ?? "";
}

/** A feature's display name in the current language. */
export function featureName(props) {
  if (!props) return "";
  return (lang === "en" ? props.name_en : props.name_zh) ?? props.name_zh ?? props.name_en ?? props.name ?? props.code ?? "";
}

document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
