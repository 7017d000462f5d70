-- Tickets the caller may see ($1: the enterprise of an enterprise user), newest first.
-- $3 state ('open' = every state but closed), $4 enterprise, $5 overdue.
SELECT * FROM (
    SELECT t.id, t.code, t.state, t.escalation_level, t.stage_deadline, t.created_at, t.updated_at,
           t.state <> 'closed' AND (t.escalation_level > 0 OR t.stage_deadline < $2::timestamptz) AS overdue,
           t.enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name_zh,
           t.alarm_id, a.rule, a.parameter, a.severity, s.code AS station_code
    FROM tickets t
    LEFT JOIN enterprises e ON e.id = t.enterprise_id
    LEFT JOIN alarms a ON a.id = t.alarm_id
    LEFT JOIN stations s ON s.id = a.station_id
    WHERE ($1::int IS NULL OR t.enterprise_id = $1)
      AND ($3::text IS NULL OR t.state = $3 OR ($3 = 'open' AND t.state <> 'closed'))
      AND ($4::int IS NULL OR t.enterprise_id = $4)
) listed
WHERE $5::boolean IS NULL OR overdue = $5
ORDER BY created_at DESC, id DESC
LIMIT $6 OFFSET $7
