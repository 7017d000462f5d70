SELECT m.id, m.station_id, m.parameter, m.kind, m.starts_at, m.ends_at, parkmap_station_class(s.kind, s.enterprise_id, s.parameters) AS class
FROM data_marks m
JOIN stations s ON s.id = m.station_id
WHERE m.id = $1 AND m.status = 'valid' AND m.source = 'enterprise' AND NOT m.suspicion ? 'reviewed_by'
FOR UPDATE OF m
