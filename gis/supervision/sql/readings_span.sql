SELECT station_id, parameter, ts, value, flag
FROM readings
WHERE station_id = $1 AND ($2::text IS NULL OR parameter = $2) AND ts >= $3 AND ts <= $4
ORDER BY ts
