UPDATE alarms
SET status = 'closed', closed_at = $2, detail = detail || jsonb_build_object('close_reason', 'ticket closed', 'ticket', $3::text)
WHERE id = $1 AND status = 'open'
RETURNING id, station_id, parameter, rule, severity
