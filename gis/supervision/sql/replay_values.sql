-- Each station's last value of each of its parameters at $1 (no older than $2 before it), for
-- the stations the caller may see ($3: the enterprise of an enterprise user).  One index probe
-- per series on the readings key (station_id, parameter, ts).
SELECT s.id AS station_id, s.code, p.parameter, r.ts, r.value, r.flag
FROM stations s
CROSS JOIN LATERAL unnest(s.parameters) AS p(parameter)
CROSS JOIN LATERAL (
    SELECT ts, value, flag
    FROM readings
    WHERE station_id = s.id AND parameter = p.parameter AND ts <= $1 AND ts > $1 - $2::interval
    ORDER BY ts DESC
    LIMIT 1
) r
WHERE ($3::int IS NULL OR s.enterprise_id = $3)
ORDER BY s.id, p.parameter
