SELECT s.enterprise_id, count(*) AS count FROM alarms a JOIN stations s ON s.id = a.station_id
WHERE s.enterprise_id = ANY($1::int[]) AND a.rule = ANY($3::text[])
  AND a.opened_at > $2::timestamptz - interval '30 days' AND a.opened_at <= $2::timestamptz
GROUP BY s.enterprise_id
