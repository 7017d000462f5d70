-- The limits each station is judged by, as they stand ($2 null) or as they stood at $2: its
-- own rows first, then its class's rows.
SELECT DISTINCT ON (s.id, l.parameter, l.averaging, l.bound)
       s.id AS station_id, l.limit_id AS id, l.parameter, l.averaging, l.bound, l.value, l.unit, l.standard,
       l.clause
FROM stations s
JOIN limit_history l ON l.station_id = s.id OR l.applies_to = parkmap_station_class(s.kind, s.enterprise_id, s.parameters)
WHERE s.id = ANY($1::int[])
  AND CASE WHEN $2::timestamptz IS NULL THEN upper_inf(l.valid) ELSE l.valid @> $2::timestamptz END
ORDER BY s.id, l.parameter, l.averaging, l.bound, l.station_id NULLS LAST
