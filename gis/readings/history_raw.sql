-- The stored values of one series in [from, to), oldest first; one row more than a chart
-- can show tells the caller to bin instead.
SELECT ts, value, flag
FROM readings
WHERE station_id = $1 AND parameter = $2 AND ts >= $3 AND ts < $4
ORDER BY ts
LIMIT $5
