SELECT t.id, t.code, t.state, t.escalation_level, t.stage_deadline, t.created_at, t.updated_at,
       t.state <> 'closed' AND (t.escalation_level > 0 OR t.stage_deadline < $3::timestamptz) AS overdue,
       t.enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name_zh, e.name_en AS enterprise_name_en,
       e.health_code, u.username AS assignee,
       t.alarm_id, a.rule, a.parameter, a.severity, a.value, a.limit_value, a.status AS alarm_status,
       a.opened_at AS alarm_opened_at, a.detail::text AS alarm_detail,
       s.id AS station_id, s.code AS station_code, s.name_zh AS station_name_zh
FROM tickets t
LEFT JOIN enterprises e ON e.id = t.enterprise_id
LEFT JOIN users u ON u.id = t.assignee_id
LEFT JOIN alarms a ON a.id = t.alarm_id
LEFT JOIN stations s ON s.id = a.station_id
WHERE t.id = $1 AND ($2::int IS NULL OR t.enterprise_id = $2)
