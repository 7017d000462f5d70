-- One point per ticket at its enterprise (a point inside the footprint), for the map.
SELECT t.id, t.code, t.state, t.escalation_level, t.stage_deadline,
       t.state <> 'closed' AND (t.escalation_level > 0 OR t.stage_deadline < $2::timestamptz) AS overdue,
       t.enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name_zh, e.health_code,
       a.rule, a.parameter, a.severity,
       ST_AsGeoJSON(ST_PointOnSurface(e.geom), 6) AS geometry
FROM tickets t
JOIN enterprises e ON e.id = t.enterprise_id
LEFT JOIN alarms a ON a.id = t.alarm_id
WHERE ($1::int IS NULL OR t.enterprise_id = $1) AND ($3::boolean OR t.state <> 'closed')
ORDER BY t.id
