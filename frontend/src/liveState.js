// The latest value of every live parameter, per station. Bounded by stations × parameters:
// each message replaces the previous value of its parameter.
//
// While the time slider replays a past moment, what the map reads (summaries, a station's
// readings) is that moment's values; live messages are still recorded underneath, so going
// back to live shows the present at once.

// a reading the server did not judge has no level: it never paints a station green
const RANK = { unknown: -1, normal: 0, warning: 1, exceedance: 2 };
const levelOf = (reading) => (reading.level in RANK ? reading.level : "unknown");
const stations = new Map();
const listeners = new Set();
const replayListeners = new Set();
// {at, stations: Map like `stations`} while a past moment is shown, else null
let replay = null;

function record(into, message) {
  const key = String(message.station_id);
  let station = into.get(key);
  if (!station) {
    station = { parameters: new Map(), level: "unknown" };
    into.set(key, station);
  }
  station.parameters.set(message.parameter, message);
  station.level = worstLevel(station.parameters.values());
  return station;
}

const visibleStations = () => (replay ? replay.stations : stations);

/** Record one `{"type": "reading"}` message; returns the station's summary. */
export function recordReading(message) {
  const station = record(stations, message);
  if (!replay) for (const listener of listeners) listener(String(message.station_id), station);
  return station;
}

/** Record a reading known before the live feed started (the latest stored value), unless a
 * live message for that parameter came first; returns whether it was taken. */
export function seedReading(message) {
  const known = stations.get(String(message.station_id))?.parameters.has(message.parameter);
  if (known) return false;
  recordReading(message);
  return true;
}

/** Show the park as it was at `at`: `readings` as GET /stations/at answers them. */
export function setReplay(at, readings) {
  const past = new Map();
  for (const reading of readings) record(past, reading);
  const before = replay ? [...replay.stations.keys()] : [];
  replay = { at, stations: past };
  announceReplay(new Set([...before, ...past.keys(), ...stations.keys()]));
}

/** Back to the live values. */
export function clearReplay() {
  if (!replay) return;
  const before = [...replay.stations.keys()];
  replay = null;
  announceReplay(new Set([...before, ...stations.keys()]));
}

/** The moment being replayed (an ISO string), or null when the map is live. */
export function replayTime() {
  return replay?.at ?? null;
}

/** Call `listener(stationIds, at)` when the replayed moment changes; returns the function that stops it. */
export function onReplay(listener) {
  replayListeners.add(listener);
  return () => replayListeners.delete(listener);
}

function announceReplay(stationIds) {
  for (const listener of replayListeners) listener(stationIds, replayTime());
}

function worstLevel(readings) {
  let worst = "unknown";
  for (const reading of readings) if (RANK[levelOf(reading)] > RANK[worst]) worst = levelOf(reading);
  return worst;
}

/** What a station marker shows: its worst level and the reading that caused it (or the latest). */
export function stationSummary(stationId) {
  const station = visibleStations().get(String(stationId));
  if (!station) return null;
  let shown = null;
  for (const reading of station.parameters.values()) {
    if (!shown || RANK[levelOf(reading)] > RANK[levelOf(shown)]) shown = reading;
    else if (levelOf(reading) === levelOf(shown) && reading.ts > shown.ts) shown = reading;
  }
  return { level: station.level, parameter: shown.parameter, value: shown.value, ts: shown.ts, flag: shown.flag };
}

export function stationReadings(stationId) {
  return [...(visibleStations().get(String(stationId))?.parameters.values() ?? [])];
}

/** Call `listener(stationId, station)` on every live reading shown; returns the function that stops it. */
export function onReading(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
