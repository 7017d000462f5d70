-- The moments after $2 at which a limit of one of the stations $1 came into force or left it,
-- oldest first: between two of them every station is judged by one set of limits.
SELECT DISTINCT t
FROM stations s
JOIN limit_history l ON l.station_id = s.id OR l.applies_to = parkmap_station_class(s.kind, s.enterprise_id, s.parameters)
CROSS JOIN LATERAL (VALUES (lower(l.valid)), (upper(l.valid))) AS edge (t)
WHERE s.id = ANY($1::int[]) AND t > $2::timestamptz AND isfinite(t)
ORDER BY t
