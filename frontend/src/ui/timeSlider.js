// The time slider: pick a past moment and the station markers, labels and cards show the
// values of that moment, with the alarms that were open then. Play steps through time.
// A banner over the map says "replay" for as long as the map is not live, so no one takes
// history for the present; "Live" returns at once.
import L from "leaflet";
import * as api from "../api.js";
import { onLangChange, t } from "../i18n.js";
import { clearReplay, replayTime, setReplay } from "../liveState.js";
import { parameterLabel } from "../parameters.js";
import { h, fill, formatTime } from "./dom.js";

const STEP_MINUTES = 5;
const PLAY_STEP_MINUTES = 10;
const PLAY_INTERVAL_MS = 1000;
const FETCH_DELAY_MS = 150;
const ALARMS_LISTED = 5;

const minute = 60000;
const floorTo = (ms, step) => Math.floor(ms / (step * minute)) * step * minute;
const localInput = (ms) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * minute);
  return d.toISOString().slice(0, 16);
};

/**
 * Mount the slider on `map` (a Leaflet control at the bottom). `nameOf(stationId)` names a
 * station in the alarm list; `onAlarm(alarm)` is called when one is chosen there.
 */
export function mountTimeSlider(map, { hours = 24, nameOf = () => "", onAlarm = null } = {}) {
  let end = floorTo(Date.now(), STEP_MINUTES);
  let playing = null;
  let pending = null;
  let request = null;

  const range = h("input", { type: "range", class: "time-range", min: String(-hours * 60), max: "0", step: String(STEP_MINUTES), value: "0" });
  const day = h("input", { type: "datetime-local", class: "time-day", max: localInput(end) });
  const when = h("output", { class: "time-when" });
  const play = h("button", { type: "button", class: "time-play" });
  const live = h("button", { type: "button", class: "time-live" });
  const alarms = h("ul", { class: "time-alarms" });
  const root = h("div", { class: "time-slider leaflet-bar", "data-state": "live" },
    h("div", { class: "time-row" }, live, play, range, when, day),
    alarms,
  );
  const banner = h("div", { class: "replay-banner", hidden: true, role: "status", "aria-live": "polite" });
  map.getContainer().append(banner);

  const chosen = () => end + Number(range.value) * minute;
  const words = () => {
    live.textContent = t("replay.live");
    live.title = t("replay.live.title");
    play.textContent = playing ? "❚❚" : "▶";
    play.title = playing ? t("replay.pause") : t("replay.play");
    range.title = t("replay.pick");
    day.title = t("replay.day");
    when.textContent = replayTime() ? formatTime(chosen()) : t("replay.now");
  };

  async function show(at) {
    request?.abort();
    request = new AbortController();
    const signal = request.signal;
    root.dataset.state = "loading";
    try {
      const answer = await api.stationsAt(new Date(at).toISOString(), signal);
      if (signal.aborted) return;
      setReplay(new Date(at).toISOString(), (answer?.readings ?? []).map((r) => ({ ...r, type: "reading" })));
      root.dataset.state = "replay";
      banner.hidden = false;
      banner.textContent = t("replay.banner", { time: formatTime(at) });
      listAlarms(answer?.alarms ?? []);
    } catch (err) {
      if (signal.aborted) return;
      root.dataset.state = "error";
      when.textContent = t("error.generic", { reason: err.message });
      return;
    }
    words();
  }

  function listAlarms(open) {
    fill(alarms,
      open.length ? h("li", { class: "time-alarms-count" }, t("replay.alarms", { n: open.length })) : h("li", { class: "empty" }, t("replay.noalarms")),
      open.slice(0, ALARMS_LISTED).map((alarm) =>
        h("li", { dataset: { alarm: alarm.id } },
          h("button", { type: "button", class: "link", onclick: () => onAlarm?.(alarm) },
            `${nameOf(alarm.station_id) || alarm.station_code} · ${parameterLabel(alarm.parameter)} · ${formatTime(alarm.opened_at)}`),
        )),
    );
  }

  function goLive() {
    stop();
    request?.abort();
    clearTimeout(pending);
    end = floorTo(Date.now(), STEP_MINUTES);
    range.value = "0";
    day.value = "";
    day.max = localInput(end);
    clearReplay();
    root.dataset.state = "live";
    banner.hidden = true;
    fill(alarms);
    words();
  }

  function pick() {
    clearTimeout(pending);
    if (Number(range.value) >= 0 && !day.value) {
      goLive();
      return;
    }
    when.textContent = formatTime(chosen());
    pending = setTimeout(() => show(chosen()), FETCH_DELAY_MS);
  }

  function stop() {
    clearInterval(playing);
    playing = null;
    words();
  }

  function step() {
    const next = Number(range.value) + PLAY_STEP_MINUTES;
    if (next > 0) {
      stop();
      return;
    }
    range.value = String(next);
    show(chosen());
  }

  range.addEventListener("input", pick);
  day.addEventListener("change", () => {
    const picked = Date.parse(day.value);
    if (Number.isNaN(picked)) return;
    // the chosen moment becomes the slider's right end: the hours before it are a drag away
    end = Math.min(floorTo(picked, STEP_MINUTES), floorTo(Date.now(), STEP_MINUTES));
    range.value = "0";
    show(end);
  });
  play.addEventListener("click", () => {
    if (playing) return stop();
    if (Number(range.value) >= 0 && !day.value) range.value = String(-hours * 60);
    show(chosen());
    playing = setInterval(step, PLAY_INTERVAL_MS);
    words();
  });
  live.addEventListener("click", goLive);

  const Control = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd: () => {
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      return root;
    },
  });
  new Control().addTo(map);
  words();
  onLangChange(words);
  return { root, show, goLive };
}
