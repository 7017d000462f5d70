-- Marks the caller may see ($1: the enterprise of an enterprise user), newest first.
SELECT m.id, m.station_id, s.code AS station_code, s.enterprise_id, m.parameter, m.kind, m.starts_at, m.ends_at,
       m.reason, m.evidence::text AS evidence, m.source, m.device_flag, m.status, m.suspicion::text AS suspicion,
       m.created_by, m.created_at
FROM data_marks m
JOIN stations s ON s.id = m.station_id
WHERE ($1::int IS NULL OR s.enterprise_id = $1)
  AND ($2::int IS NULL OR m.id = $2)
  AND ($3::int IS NULL OR m.station_id = $3)
  AND ($4::timestamptz IS NULL OR m.ends_at IS NULL OR m.ends_at > $4)
  AND ($5::timestamptz IS NULL OR m.starts_at < $5)
  AND ($6::text IS NULL OR m.status = $6)
ORDER BY m.starts_at DESC, m.id DESC
LIMIT $7
