// The signed-in session: tokens in localStorage, one refresh in flight at a time, and a
// refresh ahead of expiry so a control-room screen stays signed in for days.
import * as api from "./api.js";

const KEY = "parkmap.session";
const EARLY_REFRESH_S = 60;

let session = read();
let inflight = null;
let timer = null;

function read() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) ?? null;
  } catch {
    return null;
  }
}

function write(next) {
  session = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  schedule();
}

function expiresAt(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.exp === "number" ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

function schedule() {
  clearTimeout(timer);
  const exp = session?.access_token && expiresAt(session.access_token);
  if (!exp || !session.refresh_token) return;
  const wait = Math.max(5000, exp - Date.now() - EARLY_REFRESH_S * 1000);
  timer = setTimeout(refresh, Math.min(wait, 2 ** 31 - 1));
}

export const user = () => session?.user ?? null;
export const accessToken = () => session?.access_token ?? null;

export async function signIn(username, password) {
  const answer = await api.login(username, password);
  write({ access_token: answer.access_token, refresh_token: answer.refresh_token, user: answer.user });
  return answer.user;
}

/** Forget the session here, and on the server when it can still be told. */
export async function signOut() {
  const told = session?.access_token ? api.logout().catch(() => {}) : null;
  forget();
  await told;
}

/** Forget the session on this device only (the server already refused it). */
export function forget() {
  write(null);
}

/** Trade the refresh token for a new access token; false when the session is over. */
export function refresh() {
  if (!session?.refresh_token) return Promise.resolve(false);
  inflight ??= api
    .refreshToken(session.refresh_token)
    .then((answer) => {
      write({
        access_token: answer.access_token,
        refresh_token: answer.refresh_token ?? session.refresh_token,
        user: answer.user ?? session.user,
      });
      return true;
    })
    .catch((err) => {
      // a network failure keeps the session (the screen retries); a refusal ends it
      if (err.status === 401 || err.status === 403) write(null);
      else schedule();
      return false;
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/**
 * Confirm the stored session with the server. Returns the user, null when a sign-in is
 * needed, or "open" when this server has no sign-in at all.
 */
export async function confirm() {
  try {
    const me = await api.me();
    if (session && me) write({ ...session, user: { ...session.user, ...me } });
    return me ?? user();
  } catch (err) {
    if (err.missing) return "open";
    if (err.status === 401) return null;
    if (session?.user) return session.user; // server unreachable: keep the last known user
    throw err;
  }
}

schedule();
