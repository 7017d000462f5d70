SELECT s.id, s.enterprise_id, (SELECT count(*)
FROM alarms a
WHERE a.station_id = s.id AND a.opened_at > $2::timestamptz - interval '1 hour') AS last_hour
FROM stations s
WHERE s.id = ANY($1::int[])
