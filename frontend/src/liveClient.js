// The live feed: WebSocket /live, falling back to Server-Sent Events /live/sse (at once where the
// browser has no WebSocket), reconnecting with capped exponential backoff for as long as the
// page lives.
import * as api from "./api.js";

const MAX_BACKOFF_MS = 30000;
const WS_FAILURES_BEFORE_SSE = 3;
// /live/sse names each event by its type: an EventSource hands named events only to their listeners
const SSE_EVENTS = ["reading", "alarm", "ticket"];

export class LiveClient {
  constructor({ onMessage, onStatus }) {
    this.onMessage = onMessage;
    this.onStatus = onStatus ?? (() => {});
    this.failures = 0; // in a row on the current transport
    this.attempts = 0; // in a row on any transport: sets the backoff
    this.useSse = typeof WebSocket === "undefined";
    this.connection = null;
    this.timer = null;
    this.stopped = false;
    this.connected = false;
  }

  start() {
    this.stopped = false;
    this._connect();
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.connection?.close();
    this.connection = null;
  }

  _connect() {
    if (this.stopped) return;
    if (this.useSse) this._connectSse();
    else this._connectWs();
  }

  _connectWs() {
    let socket;
    try {
      socket = new WebSocket(api.liveSocketUrl());
    } catch {
      this._lost();
      return;
    }
    this.connection = socket;
    socket.onopen = () => this._up();
    socket.onmessage = (event) => this._deliver(event.data);
    socket.onclose = () => {
      if (this.connection === socket) this._lost();
    };
  }

  _connectSse() {
    const source = new EventSource(api.liveSseUrl());
    this.connection = source;
    source.onopen = () => this._up();
    for (const type of SSE_EVENTS) source.addEventListener(type, (event) => this._deliver(event.data));
    source.onerror = () => {
      // EventSource retries by itself; close it and use our backoff so a dead server is not hammered
      source.close();
      if (this.connection === source) this._lost();
    };
  }

  _up() {
    this.failures = 0;
    this.attempts = 0;
    this.connected = true;
    this.onStatus(true);
  }

  _deliver(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    // a WebSocket frame holds one message, or an array of those that were waiting together
    if (Array.isArray(message)) message.forEach((m) => this.onMessage(m));
    else this.onMessage(message);
  }

  _lost() {
    this.connection = null;
    if (this.connected) this.onStatus(false);
    this.connected = false;
    this.failures += 1;
    this.attempts += 1;
    if (!this.useSse && this.failures >= WS_FAILURES_BEFORE_SSE) {
      this.useSse = true;
      this.failures = 0;
    } else if (this.useSse && this.failures >= WS_FAILURES_BEFORE_SSE && typeof WebSocket !== "undefined") {
      this.useSse = false; // alternate: a proxy may have been fixed or the socket door reopened
      this.failures = 0;
    }
    const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.attempts, 5)) * (0.75 + Math.random() * 0.5);
    if (!this.stopped) this.timer = setTimeout(() => this._connect(), wait);
  }
}
