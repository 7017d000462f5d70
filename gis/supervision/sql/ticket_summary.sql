SELECT t.id, t.code, t.state, t.escalation_level, t.stage_deadline, t.enterprise_id,
       e.code AS enterprise_code, e.name_zh AS enterprise_name,
       s.code AS station_code, a.rule, a.parameter
FROM tickets t
LEFT JOIN enterprises e ON e.id = t.enterprise_id
LEFT JOIN alarms a ON a.id = t.alarm_id
LEFT JOIN stations s ON s.id = a.station_id
WHERE t.id = $1
