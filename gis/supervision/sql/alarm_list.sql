-- Alarms the caller may see ($1: the enterprise of an enterprise user), newest first, with where
-- they are for the map and the ticket they opened.
SELECT a.id, a.station_id, s.code AS station_code, s.name_zh AS station_name_zh, s.name_en AS station_name_en,
       s.kind AS station_kind, s.enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name_zh,
       a.parameter, a.rule, a.severity, a.status, a.value, a.limit_value, a.opened_at, a.closed_at,
       a.detail::text AS detail, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
       t.id AS ticket_id, t.code AS ticket_code, t.state AS ticket_state
FROM alarms a
JOIN stations s ON s.id = a.station_id
LEFT JOIN enterprises e ON e.id = s.enterprise_id
LEFT JOIN LATERAL (SELECT id, code, state FROM tickets WHERE alarm_id = a.id ORDER BY id DESC LIMIT 1) t ON true
WHERE ($1::int IS NULL OR s.enterprise_id = $1)
  AND ($2::text IS NULL OR a.status = $2)
  AND ($3::int IS NULL OR a.station_id = $3)
  AND ($4::int IS NULL OR s.enterprise_id = $4)
  AND ($5::text IS NULL OR a.rule = $5)
  AND ($6::int IS NULL OR a.id = $6)
ORDER BY a.opened_at DESC, a.id DESC
LIMIT $7 OFFSET $8
