-- Hourly means (UTC hours) of parameter $2 at stations $1 in [$3, $4), valid values only (flag N),
-- with each station's background: the $5 quantile of all its valid values in the window.
WITH window_values AS (
    SELECT station_id, ts, value
    FROM readings
    WHERE station_id = ANY($1::int[]) AND parameter = $2 AND ts >= $3 AND ts < $4
      AND flag = 'N' AND value IS NOT NULL
),
background AS (
    SELECT station_id, percentile_cont($5) WITHIN GROUP (ORDER BY value) AS background, count(*) AS samples
    FROM window_values
    GROUP BY station_id
)
SELECT w.station_id, date_trunc('hour', w.ts, 'UTC') AS hour, avg(w.value) AS mean, max(w.value) AS peak,
       count(*) AS samples, b.background, b.samples AS window_samples
FROM window_values w
JOIN background b USING (station_id)
GROUP BY w.station_id, date_trunc('hour', w.ts, 'UTC'), b.background, b.samples
ORDER BY w.station_id, hour
