DELETE FROM emission_hours e
USING unnest($1::int[], $2::timestamptz[]) AS t(station_id, hour)
WHERE e.station_id = t.station_id AND e.hour = t.hour
