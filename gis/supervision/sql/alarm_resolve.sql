UPDATE alarms a
SET status = 'closed', closed_at = $4, detail = a.detail || jsonb_build_object('close_reason', $5::text)
FROM unnest($2::int[], $3::text[]) AS s(station_id, parameter)
WHERE a.status = 'open' AND a.rule = $1 AND a.station_id = s.station_id AND a.parameter = s.parameter
RETURNING a.id, a.station_id, a.parameter, a.rule, a.severity
