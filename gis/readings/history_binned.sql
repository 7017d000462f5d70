-- One series binned from the raw readings: average, min and max over values flagged N,
-- and how many values were left out for their flag.
SELECT date_bin($5::interval, ts, $6) AS bucket,
       avg(value) FILTER (WHERE flag = 'N') AS value,
       min(value) FILTER (WHERE flag = 'N') AS min,
       max(value) FILTER (WHERE flag = 'N') AS max,
       count(value) FILTER (WHERE flag = 'N') AS n,
       count(*) FILTER (WHERE flag <> 'N') AS flagged
FROM readings
WHERE station_id = $1 AND parameter = $2 AND ts >= $3 AND ts < $4
GROUP BY 1
ORDER BY 1
