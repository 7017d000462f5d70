// The only module that knows the server's URLs. Everything is same-origin: the control room
// may sit on an isolated network, so nothing here ever names another host.

const TIMEOUT_MS = 20000;

let tokens = {
  access: () => null,
  refresh: async () => false,
  unauthorized: () => {},
};

/** Tell the API client where the bearer token comes from and what to do when it is refused. */
export function useTokens(source) {
  tokens = { ...tokens, ...source };
}

export class ApiError extends Error {
  constructor(status, code, detail) {
    super(typeof detail === "string" ? detail : code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  /** True when the server has no such endpoint (yet): the UI shows an empty panel. */
  get missing() {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

function url(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path, { method = "GET", params, json, form, auth = true, signal, accept = "application/json" } = {}) {
  const headers = { Accept: accept };
  const token = auth ? tokens.access() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await fetch(url(path, params), { method, headers, body, signal: timeout.signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, "network", timeout.signal.aborted ? "timeout" : err.message);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

async function request(path, options = {}) {
  let response = await send(path, options);
  if (response.status === 401 && options.auth !== false && options.retry !== false) {
    if (await tokens.refresh()) response = await send(path, options);
    if (response.status === 401) tokens.unauthorized();
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") ?? "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? "http_error", body?.detail ?? response.statusText);
  }
  return body;
}

/** A file the server keeps (evidence, a report) as a Blob, fetched with the session's token. */
async function requestBlob(path, options = {}) {
  let response = await send(path, { ...options, accept: "*/*" });
  if (response.status === 401) {
    if (await tokens.refresh()) response = await send(path, { ...options, accept: "*/*" });
    if (response.status === 401) tokens.unauthorized();
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(response.status, body?.error ?? "http_error", body?.detail ?? response.statusText);
  }
  return response.blob();
}

// -- auth ------------------------------------------------------------------------------

export function login(username, password) {
  const form = new URLSearchParams({ username, password, grant_type: "password" });
  return request("/auth/token", { method: "POST", form, auth: false });
}

export function refreshToken(refresh_token) {
  return request("/auth/refresh", { method: "POST", form: new URLSearchParams({ refresh_token }), auth: false });
}

export const me = () => request("/auth/me");

/** End the session on the server (its refresh token stops working). */
export const logout = () => request("/auth/logout", { method: "POST", retry: false });

// -- catalog and tiles -----------------------------------------------------------------

export const config = () => request("/config", { auth: false });
export const layerCatalog = () => request("/layers");

/** The URL Leaflet fetches for one composite vector tile (token in the query: tiles cannot send headers). */
export function tileUrl(layerIds, { z, x, y }, version) {
  const path = `/tiles/${layerIds.map(encodeURIComponent).join(",")}/${z}/${x}/${y}.mvt`;
  return url(path, { v: version, access_token: tokens.access() });
}

/** TileJSON of one layer (its data bounds among other things). */
export const tileJson = (layerId) => request(`/tiles/${encodeURIComponent(layerId)}.json`);

export function collectionItems(collection, { bbox, limit, q, signal } = {}) {
  const params = { bbox: bbox?.join(","), limit, q };
  return request(`/collections/${encodeURIComponent(collection)}/items`, { params, signal });
}

/** Places whose name, code or CAS matches: each once, enterprises first (GET /search). */
export const searchPlaces = (q, { limit, perKind, signal } = {}) =>
  request("/search", { params: { q, limit, per_kind: perKind }, signal });

export const collectionItem = (collection, id, signal) =>
  request(`/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`, { signal });

// -- stations --------------------------------------------------------------------------

export const stationLatest = (id, signal) =>
  request(`/stations/${encodeURIComponent(id)}/latest`, { signal });

/** The park at a past moment: each station's values then, judged, and the alarms open then. */
export const stationsAt = (at, signal) => request("/stations/at", { params: { at }, signal });

export function stationReadings(id, { parameter, from, to, interval = "raw", signal }) {
  const params = { parameter, from: from?.toISOString(), to: to?.toISOString(), interval };
  return request(`/stations/${encodeURIComponent(id)}/readings`, { params, signal });
}

/** Names, short labels and units of the parameters readings are stored under. */
export const parameters = () => request("/parameters");

/** The limits a station is judged by for one parameter (its own before its class's). */
export const stationLimits = (id, parameter, signal) =>
  request(`/stations/${encodeURIComponent(id)}/limits`, { params: { parameter }, signal });

// -- supervision -----------------------------------------------------------------------

export const dashboardKpis = (signal) => request("/dashboard/kpis", { signal });
export const openAlarms = (limit, signal) =>
  request("/alarms", { params: { status: "open", limit }, signal });
export const openTickets = (enterpriseId, signal) =>
  request("/tickets", { params: { enterprise_id: enterpriseId, state: "open" }, signal });
export const tickets = ({ state, enterpriseId, overdue, limit = 100 } = {}, signal) =>
  request("/tickets", { params: { state, enterprise_id: enterpriseId, overdue, limit }, signal });
export const ticketMarkers = (signal) => request("/tickets/geojson", { signal });
export const ticket = (id, signal) => request(`/tickets/${encodeURIComponent(id)}`, { signal });

/** One step of a ticket: multipart with note, assignee, marks (a JSON list) and evidence files. */
export const moveTicket = (id, action, formData) =>
  request(`/tickets/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, { method: "POST", form: formData });

export const ticketEvidence = (id, sha256) =>
  requestBlob(`/tickets/${encodeURIComponent(id)}/evidence/${encodeURIComponent(sha256)}`);
export const enterpriseHealth = (id, signal) => request(`/enterprises/${encodeURIComponent(id)}/health`, { signal });

export const postInspection = (formData) =>
  request("/inspections", { method: "POST", form: formData });

// -- park programs ---------------------------------------------------------------------

const P = "/programs";
const id = encodeURIComponent;

export const programsSummary = (signal) => request(`${P}/summary`, { signal });

export const carbonUnits = (signal) => request(`${P}/carbon/units`, { signal });
export const carbonUnitsGeojson = (signal) => request(`${P}/carbon/units/geojson`, { signal });
export const carbonUnit = (unitId, signal) => request(`${P}/carbon/units/${id(unitId)}`, { signal });
export const carbonHistory = (unitId, signal) => request(`${P}/carbon/units/${id(unitId)}/history`, { signal });
export const carbonJobs = (state, signal) => request(`${P}/carbon/jobs`, { params: { state }, signal });
export const carbonJob = (jobId, signal) => request(`${P}/carbon/jobs/${id(jobId)}`, { signal });
export const requestCarbonReplacement = (unitId, reason) =>
  request(`${P}/carbon/units/${id(unitId)}/replacement`, { method: "POST", json: { reason: reason || null } });

/** A step of a replacement job: schedule, pickup, regeneration, refill or cancel. */
export const carbonJobStep = (jobId, step, body = {}) =>
  request(`${P}/carbon/jobs/${id(jobId)}/${id(step)}`, { method: "POST", json: body });

export const outfallRegister = (signal) => request(`${P}/outfalls`, { signal });
export const outfallsGeojson = (signal) => request(`${P}/outfalls/geojson`, { signal });
export const outfallDashboard = (signal) => request(`${P}/outfalls/dashboard`, { signal });
export const outfall = (outfallId, signal) => request(`${P}/outfalls/${id(outfallId)}`, { signal });
export const outfallTasks = (status, signal) => request(`${P}/outfalls/tasks`, { params: { status }, signal });
export const outfallTask = (taskId, signal) => request(`${P}/outfalls/tasks/${id(taskId)}`, { signal });
export const createOutfallTask = (outfallId, body) =>
  request(`${P}/outfalls/${id(outfallId)}/tasks`, { method: "POST", json: body });
export const submitOutfallTask = (taskId, formData) =>
  request(`${P}/outfalls/tasks/${id(taskId)}/submit`, { method: "POST", form: formData });
export const reviewOutfallTask = (taskId, accepted, note) =>
  request(`${P}/outfalls/tasks/${id(taskId)}/review`, { method: "POST", json: { accepted, note: note || null } });
export const outfallEvidence = (taskId, n) => requestBlob(`${P}/outfalls/tasks/${id(taskId)}/evidence/${id(n)}`);
export const rainGates = (signal) => request(`${P}/outfalls/rain-gates`, { signal });
export const rainGateEvents = (nodeId, signal) => request(`${P}/outfalls/rain-gates/${id(nodeId)}/events`, { signal });
export const setRainGate = (nodeId, state, reason) =>
  request(`${P}/outfalls/rain-gates/${id(nodeId)}`, { method: "PUT", json: { state, reason: reason || null } });

export const cleanerSystems = (signal) => request(`${P}/cleaner-production/systems`, { signal });
export const cleanerAudits = (year, signal) => request(`${P}/cleaner-production/audits`, { params: { year }, signal });
export const cleanerAudit = (auditId, signal) => request(`${P}/cleaner-production/audits/${id(auditId)}`, { signal });
export const cleanerRankings = ({ system, year, indicator }, signal) =>
  request(`${P}/cleaner-production/rankings`, { params: { system_code: system, year, indicator }, signal });
/** The printable audit report (HTML), fetched with the token so no token ends up in a URL. */
export const cleanerReport = (auditId) => requestBlob(`${P}/cleaner-production/audits/${id(auditId)}/report`);

export const vocFence = (signal) => request(`${P}/voc-fence`, { signal });
export const vocFenceHours = (limit, signal) => request(`${P}/voc-fence/hours`, { params: { limit }, signal });
export const evaluateVocFence = () => request(`${P}/voc-fence/evaluate`, { method: "POST", json: {} });

export const materialStocks = (type, signal) => request(`${P}/materials/stocks`, { params: { material_type: type }, signal });
export const nearestMaterials = ({ type, lon, lat, minQuantity, limit = 8 }, signal) =>
  request(`${P}/materials/nearest`, { params: { material_type: type, lon, lat, min_quantity: minQuantity, limit }, signal });
export const materialLoans = (state, signal) => request(`${P}/materials/loans`, { params: { state }, signal });
export const requestLoan = (stockId, quantity, purpose) =>
  request(`${P}/materials/loans`, { method: "POST", json: { stock_id: stockId, quantity, purpose } });
/** A lender's step (approve, reject, hand-over, return) or the borrower's cancel. */
export const loanStep = (loanId, step, body) =>
  request(`${P}/materials/loans/${id(loanId)}/${id(step)}`, { method: "POST", json: step === "cancel" ? undefined : body ?? {} });

export const jointWarning = ({ lon, lat, radius }, signal) =>
  request(`${P}/joint-warning`, { params: { lon, lat, radius_m: radius }, signal });

// -- remote sensing ----------------------------------------------------------------------

export const rasterCatalog = (signal) => request("/rasters", { signal });

/** A tile URL template of the server's raster catalog, kept on this origin. */
export function rasterTemplate(template) {
  return template.startsWith("/") && !template.startsWith("//") ? template : null;
}

/** One raster tile's URL from a catalog template, with the token (an image cannot send headers). */
export function rasterTileUrl(template, { z, x, y }) {
  const [path, query = ""] = template.replace("{z}", z).replace("{x}", x).replace("{y}", y).split("?");
  const params = new URLSearchParams(query);
  const token = tokens.access();
  if (token) params.set("access_token", token);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const rasterChangeRanking = ({ a, b, index, by = "enterprises", limit = 10 }, signal) =>
  request(`/rasters/change/${id(a)}/${id(b)}/ranking`, { params: { index, by, limit }, signal });

// -- analysis --------------------------------------------------------------------------

/** The chemical library, the park's own chemicals first, each saying whether it can be modelled. */
export const chemicals = (signal) => request("/analysis/chemicals", { signal });

/** Threat zones, isolation and protective-action areas; with `impact: true`, what is inside them. */
export const plume = (scenario, signal) =>
  request("/analysis/plume", { method: "POST", json: scenario, signal });

/** Where a spill at a point (or a node) flows: pipes, rain gates, outfalls, with travel times. */
export const traceDownstream = (start, signal) =>
  request("/analysis/trace/downstream", { method: "POST", json: start, signal });

/** The sources most likely behind VOC readings in a time window: a likelihood surface and a ranking. */
export const traceSources = (window, signal) =>
  request("/analysis/sources", { method: "POST", json: window, signal });

export const createIncident = (incident) => request("/incidents", { method: "POST", json: incident });
export const makeIncidentReport = (incidentId) =>
  request(`/incidents/${encodeURIComponent(incidentId)}/report`, { method: "POST" });

/**
 * The stored incident report, opened as a page of its own (it carries its own map and content
 * policy); a new tab cannot send a header, so the token rides in the URL.
 */
export const incidentReportUrl = (incidentId) =>
  url(`/incidents/${encodeURIComponent(incidentId)}/report`, { access_token: tokens.access() });

// -- live ------------------------------------------------------------------------------

export function liveSocketUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${url("/live", { access_token: tokens.access() })}`;
}

export const liveSseUrl = () => url("/live/sse", { access_token: tokens.access() });
