-- A new ticket whose code carries the local date and its id: TK-20261125-000042.
WITH n AS (SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id)
INSERT INTO tickets (id, code, alarm_id, enterprise_id, state, escalation_level, stage_deadline, created_at, updated_at)
SELECT n.id, format('TK-%s-%s', to_char($4::timestamptz AT TIME ZONE $5, 'YYYYMMDD'), lpad(n.id::text, 6, '0')),
       $1, $2, 'pre_warning', 0, $3, $4, $4
FROM n
RETURNING id, code
