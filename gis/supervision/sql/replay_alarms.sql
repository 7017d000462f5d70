-- The alarms open at $1 (opened by then, not yet closed), for the stations the caller may see
-- ($2: the enterprise of an enterprise user), newest first, at most $3.
SELECT a.id, a.station_id, s.code AS station_code, s.name_zh AS station_name_zh, s.name_en AS station_name_en,
       a.parameter, a.rule, a.severity, a.value, a.limit_value, a.opened_at, a.closed_at,
       ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
FROM alarms a
JOIN stations s ON s.id = a.station_id
WHERE a.opened_at <= $1 AND (a.closed_at IS NULL OR a.closed_at > $1)
  AND ($2::int IS NULL OR s.enterprise_id = $2)
ORDER BY a.opened_at DESC, a.id DESC
LIMIT $3
