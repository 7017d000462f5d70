// The latest value of every live parameter, per station. Bounded by stations × parameters:
// each message replaces the previous value of its parameter.

// a reading the server did not judge has no level: it never paints a station green
const RANK = { unknown: -1, normal: 0, warning: 1, exceedance: 2 };
const levelOf = (reading) => (reading.level in RANK ? reading.level : "unknown");
const stations = new Map();
const listeners = new Set();

/** Record one `{"type": "reading"}` message; returns the station's summary. */
export function recordReading(message) {
  const key = String(message.station_id);
  let station = stations.get(key);
  if (!station) {
    station = { parameters: new Map(), level: "unknown" };
    stations.set(key, station);
  }
  station.parameters.set(message.parameter, message);
  station.level = worstLevel(station.parameters.values());
  for (const listener of listeners) listener(key, station);
  return station;
}

function worstLevel(readings) {
  let worst = "unknown";
  for (const reading of readings) if (RANK[levelOf(reading)] > RANK[worst]) worst = levelOf(reading);
  return worst;
}

/** What a station marker shows: its worst level and the reading that caused it (or the latest). */
export function stationSummary(stationId) {
  const station = stations.get(String(stationId));
  if (!station) return null;
  let shown = null;
  for (const reading of station.parameters.values()) {
    if (!shown || RANK[levelOf(reading)] > RANK[levelOf(shown)]) shown = reading;
    else if (levelOf(reading) === levelOf(shown) && reading.ts > shown.ts) shown = reading;
  }
  return { level: station.level, parameter: shown.parameter, value: shown.value, ts: shown.ts, flag: shown.flag };
}

export function stationReadings(stationId) {
  return [...(stations.get(String(stationId))?.parameters.values() ?? [])];
}

/** Call `listener(stationId, station)` on every reading; returns the function that stops it. */
export function onReading(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
