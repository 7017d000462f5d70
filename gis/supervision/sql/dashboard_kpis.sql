-- $1: the enterprise of an enterprise user (NULL: the whole park); $2 now; $3 the online window.
SELECT
    (SELECT count(*) FROM stations s
     WHERE ($1::int IS NULL OR s.enterprise_id = $1)
       AND EXISTS (SELECT 1 FROM readings r WHERE r.station_id = s.id
                   AND r.ts > $2::timestamptz - $3::interval AND r.ts <= $2::timestamptz + interval '5 minutes'))
        AS stations_online,
    (SELECT count(*) FROM stations s WHERE $1::int IS NULL OR s.enterprise_id = $1) AS stations_total,
    (SELECT count(*) FROM alarms a JOIN stations s ON s.id = a.station_id
     WHERE a.status = 'open' AND ($1::int IS NULL OR s.enterprise_id = $1)) AS alarms_open,
    (SELECT count(*) FROM tickets t
     WHERE t.state <> 'closed' AND (t.escalation_level > 0 OR t.stage_deadline < $2::timestamptz)
       AND ($1::int IS NULL OR t.enterprise_id = $1)) AS tickets_overdue,
    (SELECT json_object_agg(health_code, n)::text FROM (
        SELECT health_code, count(*) AS n FROM enterprises WHERE $1::int IS NULL OR id = $1 GROUP BY health_code
     ) c) AS health_codes
