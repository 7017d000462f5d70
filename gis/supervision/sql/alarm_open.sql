-- Open an alarm unless one is open for the same station, parameter and rule (then: no row).
INSERT INTO alarms (station_id, parameter, rule, severity, status, value, limit_value, opened_at, detail)
VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8::text::jsonb)
ON CONFLICT (station_id, parameter, rule) WHERE status = 'open' DO NOTHING
RETURNING id
