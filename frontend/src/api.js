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

async function send(path, { method = "GET", params, json, form, auth = true, signal } = {}) {
  const headers = { Accept: "application/json" };
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

export const collectionItem = (collection, id, signal) =>
  request(`/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`, { signal });

// -- stations --------------------------------------------------------------------------

export const stationLatest = (id, signal) =>
  request(`/stations/${encodeURIComponent(id)}/latest`, { signal });

export function stationReadings(id, { parameter, from, to, interval = "raw", signal }) {
  const params = { parameter, from: from?.toISOString(), to: to?.toISOString(), interval };
  return request(`/stations/${encodeURIComponent(id)}/readings`, { params, signal });
}

// -- supervision -----------------------------------------------------------------------

export const dashboardKpis = (signal) => request("/dashboard/kpis", { signal });
export const openAlarms = (limit, signal) =>
  request("/alarms", { params: { status: "open", limit }, signal });
export const openTickets = (enterpriseId, signal) =>
  request("/tickets", { params: { enterprise_id: enterpriseId, state: "open" }, signal });

export const postInspection = (formData) =>
  request("/inspections", { method: "POST", form: formData });

// -- analysis --------------------------------------------------------------------------

export const plume = (incident, signal) =>
  request("/analysis/plume", { method: "POST", json: incident, signal });

// -- live ------------------------------------------------------------------------------

export function liveSocketUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${url("/live", { access_token: tokens.access() })}`;
}

export const liveSseUrl = () => url("/live/sse", { access_token: tokens.access() });
