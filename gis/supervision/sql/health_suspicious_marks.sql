SELECT s.enterprise_id, count(*) AS count FROM data_marks m JOIN stations s ON s.id = m.station_id
WHERE s.enterprise_id = ANY($1::int[]) AND m.status = 'suspicious'
  AND m.created_at > $2::timestamptz - interval '30 days'
GROUP BY s.enterprise_id
