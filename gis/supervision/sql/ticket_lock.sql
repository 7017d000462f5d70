SELECT id, code, state, enterprise_id, alarm_id, escalation_level
FROM tickets
WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)
FOR UPDATE
