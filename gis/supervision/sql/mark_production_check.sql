-- Per parameter of the marked station ($2: only that one when the mark names it): the mean of
-- the values inside the mark (device-flagged values left out) and the production level, the
-- median hourly mean of the judged values in the $5 before the mark.
WITH marked AS (
    SELECT parameter, avg(value) AS marked_mean, count(*) AS marked_n
    FROM readings
    WHERE station_id = $1 AND ($2::text IS NULL OR parameter = $2)
      AND ts >= $3 AND ts < $4 AND value IS NOT NULL AND flag NOT IN ('F', 'M', 'C', 'D', 'B')
    GROUP BY parameter
), hourly AS (
    SELECT parameter, date_trunc('hour', ts, 'UTC') AS hour, avg(value) AS mean
    FROM readings
    WHERE station_id = $1 AND ($2::text IS NULL OR parameter = $2)
      AND ts >= $3::timestamptz - $5::interval AND ts < $3 AND value IS NOT NULL
      AND NOT parkmap_suppressed(station_id, parameter, ts, flag)
    GROUP BY 1, 2
), production AS (
    SELECT parameter, percentile_cont(0.5) WITHIN GROUP (ORDER BY mean) AS production
    FROM hourly GROUP BY parameter
)
SELECT m.parameter, m.marked_mean, m.marked_n, p.production
FROM marked m JOIN production p ON p.parameter = m.parameter
ORDER BY m.parameter
