-- One series re-binned from a rollup table ({rollup} is rollups_hourly or rollups_daily,
-- chosen by the code, never by a caller): averages weighted by their counts.
SELECT date_bin($5::interval, bucket, $6) AS bucket,
       sum(total) / nullif(sum(n), 0) AS value,
       min(min) AS min,
       max(max) AS max,
       sum(n)::bigint AS n,
       sum(flagged)::bigint AS flagged
FROM {rollup}
WHERE station_id = $1 AND parameter = $2 AND bucket >= $3 AND bucket < $4
GROUP BY 1
ORDER BY 1
